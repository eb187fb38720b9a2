/**
 * Reads the text `dbus-monitor` and `gdbus monitor` print, one line at a time,
 * and picks out the two signals that mean "the screen is locked":
 * logind's `org.freedesktop.login1.Session.Lock` (system bus) and a
 * screensaver's `ActiveChanged(true)` (session bus: GNOME, KDE and the
 * freedesktop name, MATE, Cinnamon, Xfce). Everything else is ignored.
 */

export const SCREENSAVER_INTERFACES = [
  'org.gnome.ScreenSaver',
  'org.freedesktop.ScreenSaver',
  'org.mate.ScreenSaver',
  'org.cinnamon.ScreenSaver',
  'org.xfce.ScreenSaver',
] as const;

export const LOGIND_SESSION_INTERFACE = 'org.freedesktop.login1.Session';

export type DbusMonitorEvent =
  /** logind asks a session to lock; `objectPath` names the session. */
  | { readonly kind: 'session-lock'; readonly objectPath: string }
  | { readonly kind: 'screensaver-active'; readonly active: boolean }
  /** gdbus only: whether the watched bus name currently has an owner. */
  | { readonly kind: 'name-owner'; readonly owned: boolean };

const isScreensaverInterface = (name: string) => (SCREENSAVER_INTERFACES as readonly string[]).includes(name);

/**
 * `gdbus monitor` prints `PATH: INTERFACE.MEMBER (ARGS)` per signal, with the
 * arguments as a GVariant tuple (`(true,)`, `()`), and a line when the watched
 * name gains or loses its owner.
 */
export function parseGdbusMonitorLine(line: string): DbusMonitorEvent | null {
  if (/^The name \S+ is owned by \S+$/.test(line)) return { kind: 'name-owner', owned: true };
  if (/^The name \S+ does not have an owner$/.test(line)) return { kind: 'name-owner', owned: false };
  const signal = /^(\/[\w/]*): ([\w.]+)\.(\w+) (\(.*\))$/.exec(line);
  if (!signal) return null;
  const [, objectPath, interfaceName, member, args] = signal as unknown as [string, string, string, string, string];
  if (interfaceName === LOGIND_SESSION_INTERFACE && member === 'Lock') return { kind: 'session-lock', objectPath };
  if (isScreensaverInterface(interfaceName) && member === 'ActiveChanged') {
    if (args === '(true,)') return { kind: 'screensaver-active', active: true };
    if (args === '(false,)') return { kind: 'screensaver-active', active: false };
  }
  return null;
}

const DBUS_MONITOR_SIGNAL = /^signal time=\S+ sender=\S+ -> destination=.* serial=\d+ path=([^;]+); interface=([^;]+); member=(\S+)$/;

/**
 * `dbus-monitor` prints a header line per signal and its arguments on the
 * indented lines after it (`   boolean true`), so this parser keeps the last
 * header until its argument arrives.
 */
export function createDbusMonitorParser(): (line: string) => DbusMonitorEvent | null {
  let awaitingActiveFlag = false;
  return (line) => {
    if (awaitingActiveFlag) {
      awaitingActiveFlag = false;
      const flag = /^\s+boolean (true|false)$/.exec(line);
      if (flag) return { kind: 'screensaver-active', active: flag[1] === 'true' };
    }
    const header = DBUS_MONITOR_SIGNAL.exec(line);
    if (!header) return null;
    const [, objectPath, interfaceName, member] = header as unknown as [string, string, string, string];
    if (interfaceName === LOGIND_SESSION_INTERFACE && member === 'Lock') return { kind: 'session-lock', objectPath };
    if (isScreensaverInterface(interfaceName) && member === 'ActiveChanged') awaitingActiveFlag = true;
    return null;
  };
}

/**
 * logind's object path for a session id: each character that is not an ASCII
 * letter (or a digit after the first) becomes `_` and two hex digits
 * (sd_bus_path_encode), so session `2` is `/org/freedesktop/login1/session/_32`.
 */
export function logindSessionPath(sessionId: string): string {
  let encoded = '';
  for (const [index, char] of [...sessionId].entries()) {
    const keep = /[A-Za-z]/.test(char) || (index > 0 && /[0-9]/.test(char));
    encoded += keep ? char : [...Buffer.from(char, 'utf8')].map((byte) => `_${byte.toString(16).padStart(2, '0')}`).join('');
  }
  return `/org/freedesktop/login1/session/${encoded}`;
}
