import { describe, expect, it } from 'vitest';
import { createDbusMonitorParser, logindSessionPath, parseGdbusMonitorLine, type DbusMonitorEvent } from './dbus-lock-signal-parser';

/**
 * Output recorded on Debian (dbus 1.16, GLib 2.84) on a private session bus
 * (`dbus-run-session`), with the signals sent by `gdbus emit`:
 *   gdbus emit --session --object-path /org/gnome/ScreenSaver --signal org.gnome.ScreenSaver.ActiveChanged true
 *   gdbus emit --session --object-path /org/freedesktop/login1/session/_32 --signal org.freedesktop.login1.Session.Lock
 *   gdbus emit --session --object-path /org/freedesktop/ScreenSaver --signal org.freedesktop.ScreenSaver.ActiveChanged false
 */
const RECORDED_DBUS_MONITOR = `signal time=1795627856.537113 sender=org.freedesktop.DBus -> destination=:1.0 serial=2 path=/org/freedesktop/DBus; interface=org.freedesktop.DBus; member=NameAcquired
   string ":1.0"
signal time=1795627856.537134 sender=org.freedesktop.DBus -> destination=:1.0 serial=4 path=/org/freedesktop/DBus; interface=org.freedesktop.DBus; member=NameLost
   string ":1.0"
signal time=1795627857.544827 sender=:1.2 -> destination=(null destination) serial=2 path=/org/gnome/ScreenSaver; interface=org.gnome.ScreenSaver; member=ActiveChanged
   boolean true
signal time=1795627857.549328 sender=:1.3 -> destination=(null destination) serial=2 path=/org/freedesktop/login1/session/_32; interface=org.freedesktop.login1.Session; member=Lock
signal time=1795627857.574498 sender=:1.4 -> destination=(null destination) serial=2 path=/org/freedesktop/ScreenSaver; interface=org.freedesktop.ScreenSaver; member=ActiveChanged
   boolean false`;

const RECORDED_GDBUS_SCREENSAVER = `Monitoring signals from all objects owned by :1.2
The name :1.2 does not have an owner
The name :1.2 is owned by :1.2
/org/gnome/ScreenSaver: org.gnome.ScreenSaver.ActiveChanged (true,)
The name :1.2 does not have an owner`;

const RECORDED_GDBUS_LOGIND = `Monitoring signals from all objects owned by :1.1
The name :1.1 does not have an owner
The name :1.1 is owned by :1.1
/org/freedesktop/login1/session/_32: org.freedesktop.login1.Session.Lock ()
The name :1.1 does not have an owner`;

function events(lines: string, parse: (line: string) => DbusMonitorEvent | null): DbusMonitorEvent[] {
  return lines.split('\n').flatMap((line) => parse(line) ?? []);
}

describe('dbus-monitor output', () => {
  it('yields the screensaver flags and the logind lock, nothing from the bus itself', () => {
    expect(events(RECORDED_DBUS_MONITOR, createDbusMonitorParser())).toEqual([
      { kind: 'screensaver-active', active: true },
      { kind: 'session-lock', objectPath: '/org/freedesktop/login1/session/_32' },
      { kind: 'screensaver-active', active: false },
    ]);
  });

  it('takes the flag only from the line right after an ActiveChanged header', () => {
    const parse = createDbusMonitorParser();
    const lines = [
      'signal time=1.0 sender=:1.9 -> destination=(null destination) serial=5 path=/org/example; interface=org.example.Thing; member=Changed',
      '   boolean true',
      'signal time=1.1 sender=:1.2 -> destination=(null destination) serial=6 path=/org/gnome/ScreenSaver; interface=org.gnome.ScreenSaver; member=ActiveChanged',
      '   string "true"',
      '   boolean true',
      'signal time=1.2 sender=:1.2 -> destination=(null destination) serial=7 path=/ScreenSaver; interface=org.freedesktop.ScreenSaver; member=ActiveChanged',
      '   boolean true',
    ];
    expect(events(lines.join('\n'), parse)).toEqual([{ kind: 'screensaver-active', active: true }]);
  });
});

describe('gdbus monitor output', () => {
  it('yields name ownership and the screensaver flag', () => {
    expect(events(RECORDED_GDBUS_SCREENSAVER, parseGdbusMonitorLine)).toEqual([
      { kind: 'name-owner', owned: false },
      { kind: 'name-owner', owned: true },
      { kind: 'screensaver-active', active: true },
      { kind: 'name-owner', owned: false },
    ]);
  });

  it('yields the logind lock with its session path', () => {
    expect(events(RECORDED_GDBUS_LOGIND, parseGdbusMonitorLine)).toContainEqual({
      kind: 'session-lock',
      objectPath: '/org/freedesktop/login1/session/_32',
    });
  });

  it('ignores other signals and other members', () => {
    for (const line of [
      "/org/freedesktop/login1/session/_32: org.freedesktop.DBus.Properties.PropertiesChanged ('org.freedesktop.login1.Session', {'Active': <true>}, @as [])",
      '/org/freedesktop/login1/session/_32: org.freedesktop.login1.Session.Unlock ()',
      '/org/gnome/ScreenSaver: org.gnome.ScreenSaver.WakeUpScreen ()',
      '/org/example: org.example.ActiveChanged (true,)',
      'Error connecting: Could not connect: No such file or directory',
    ]) {
      expect(parseGdbusMonitorLine(line), line).toBeNull();
    }
  });
});

describe('logindSessionPath', () => {
  it.each([
    ['2', '/org/freedesktop/login1/session/_32'],
    ['c1', '/org/freedesktop/login1/session/c1'],
    ['12', '/org/freedesktop/login1/session/_312'],
    ['a-b', '/org/freedesktop/login1/session/a_2db'],
  ])('encodes session %s as logind does', (id, path) => {
    expect(logindSessionPath(id)).toBe(path);
  });
});
