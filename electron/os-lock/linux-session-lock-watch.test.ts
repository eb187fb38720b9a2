import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { findExecutable, watchLinuxSessionLock, type SessionLockWatch } from './linux-session-lock-watch';

/** A monitor child the test drives: it prints the lines the test writes, and exits when told. */
class FakeMonitor extends EventEmitter {
  readonly stdout = new PassThrough();
  killed = false;
  constructor(readonly command: string, readonly args: readonly string[]) {
    super();
  }
  print(...lines: string[]): void {
    this.stdout.write(`${lines.join('\n')}\n`);
  }
  exit(): void {
    this.stdout.end();
    this.emit('exit', 1, null);
  }
  kill(): boolean {
    this.killed = true;
    this.exit();
    return true;
  }
}

function fakeSpawner() {
  const started: FakeMonitor[] = [];
  const spawnMonitor = (command: string, args: readonly string[]) => {
    const child = new FakeMonitor(command, args);
    started.push(child);
    return child as unknown as ChildProcess;
  };
  return { started, spawnMonitor };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));
const only = (tool: string) => (name: string) => (name === tool ? `/usr/bin/${name}` : null);

const DBUS_MONITOR_HELLO = [
  'signal time=1795627856.537113 sender=org.freedesktop.DBus -> destination=:1.0 serial=2 path=/org/freedesktop/DBus; interface=org.freedesktop.DBus; member=NameAcquired',
  '   string ":1.0"',
];
const screensaverActive = (flag: boolean) => [
  'signal time=1795627857.544827 sender=:1.2 -> destination=(null destination) serial=2 path=/org/gnome/ScreenSaver; interface=org.gnome.ScreenSaver; member=ActiveChanged',
  `   boolean ${flag}`,
];
const logindLock = (sessionPath: string) =>
  `signal time=1795627857.549328 sender=:1.3 -> destination=(null destination) serial=2 path=${sessionPath}; interface=org.freedesktop.login1.Session; member=Lock`;

let watch: SessionLockWatch | undefined;
afterEach(() => watch?.stop());

describe('watchLinuxSessionLock with dbus-monitor', () => {
  it('runs one monitor per bus and locks on ActiveChanged(true) and on this session\'s logind Lock only', async () => {
    const { started, spawnMonitor } = fakeSpawner();
    let locks = 0;
    watch = watchLinuxSessionLock({ onLock: () => (locks += 1), env: { XDG_SESSION_ID: '2' }, spawn: spawnMonitor, findExecutable: only('dbus-monitor') });
    expect(started.map((child) => [child.command, child.args[0]])).toEqual([
      ['/usr/bin/dbus-monitor', '--system'],
      ['/usr/bin/dbus-monitor', '--session'],
    ]);
    expect(watch.detection().screenLock).toBe('starting');
    const [system, session] = started as [FakeMonitor, FakeMonitor];
    system.print(...DBUS_MONITOR_HELLO);
    session.print(...DBUS_MONITOR_HELLO);
    await tick();
    expect(watch.detection()).toEqual({ screenLock: 'detected', detail: 'Listening on D-Bus (dbus-monitor) for the screensaver and logind session locks.' });

    session.print(...screensaverActive(false));
    system.print(logindLock('/org/freedesktop/login1/session/_33'));
    await tick();
    expect(locks).toBe(0);
    session.print(...screensaverActive(true));
    system.print(logindLock('/org/freedesktop/login1/session/_32'));
    await tick();
    expect(locks).toBe(2);
  });

  it('says unavailable once every monitor has exited (no bus to reach)', async () => {
    const { started, spawnMonitor } = fakeSpawner();
    watch = watchLinuxSessionLock({ onLock: () => undefined, env: {}, spawn: spawnMonitor, findExecutable: only('dbus-monitor') });
    for (const child of started) child.exit();
    await tick();
    expect(watch.detection().screenLock).toBe('unavailable');
  });

  it('counts a quiet monitor as listening once it has run for a while', async () => {
    const { spawnMonitor } = fakeSpawner();
    watch = watchLinuxSessionLock({ onLock: () => undefined, env: {}, spawn: spawnMonitor, findExecutable: only('dbus-monitor'), quietStartMs: 20 });
    expect(watch.detection().screenLock).toBe('starting');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(watch.detection().screenLock).toBe('detected');
  });

  it('stops its children', () => {
    const { started, spawnMonitor } = fakeSpawner();
    watch = watchLinuxSessionLock({ onLock: () => undefined, env: {}, spawn: spawnMonitor, findExecutable: only('dbus-monitor') });
    watch.stop();
    expect(started.every((child) => child.killed)).toBe(true);
  });
});

describe('watchLinuxSessionLock with gdbus', () => {
  it('counts a screensaver only while its name has an owner', async () => {
    const { started, spawnMonitor } = fakeSpawner();
    let locks = 0;
    watch = watchLinuxSessionLock({ onLock: () => (locks += 1), env: {}, spawn: spawnMonitor, findExecutable: only('gdbus') });
    expect(started.map((child) => child.args.join(' '))).toEqual([
      'monitor --system --dest org.freedesktop.login1',
      'monitor --session --dest org.gnome.ScreenSaver',
      'monitor --session --dest org.freedesktop.ScreenSaver',
    ]);
    const [logind, gnome, freedesktop] = started as [FakeMonitor, FakeMonitor, FakeMonitor];
    logind.exit();
    gnome.print('Monitoring signals from all objects owned by org.gnome.ScreenSaver', 'The name org.gnome.ScreenSaver does not have an owner');
    freedesktop.print('Monitoring signals from all objects owned by org.freedesktop.ScreenSaver', 'The name org.freedesktop.ScreenSaver does not have an owner');
    await tick();
    expect(watch.detection().screenLock).toBe('unavailable');
    gnome.print('The name org.gnome.ScreenSaver is owned by :1.40', '/org/gnome/ScreenSaver: org.gnome.ScreenSaver.ActiveChanged (true,)');
    await tick();
    expect(watch.detection()).toEqual({ screenLock: 'detected', detail: 'Listening on D-Bus (gdbus) for the screensaver.' });
    expect(locks).toBe(1);
  });
});

describe('watchLinuxSessionLock without a monitor tool', () => {
  it('says so and starts nothing', () => {
    const { started, spawnMonitor } = fakeSpawner();
    watch = watchLinuxSessionLock({ onLock: () => undefined, env: {}, spawn: spawnMonitor, findExecutable: () => null });
    expect(started).toEqual([]);
    expect(watch.detection()).toMatchObject({ screenLock: 'unavailable', detail: expect.stringMatching(/Neither dbus-monitor nor gdbus/) });
  });
});

const busTools = ['dbus-daemon', 'dbus-monitor', 'gdbus'].filter((tool) => findExecutable(tool, process.env) === null);
if (busTools.length > 0) console.log(`skipping the real D-Bus check: ${busTools.join(', ')} not installed`);

describe.skipIf(process.platform !== 'linux' || busTools.length > 0)('watchLinuxSessionLock on a real private session bus', () => {
  it('hears a screensaver ActiveChanged(true) sent by another process', async () => {
    const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        daemon.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        daemon.once('exit', () => reject(new Error('dbus-daemon exited')));
      });
      const env = { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: address, DBUS_SYSTEM_BUS_ADDRESS: 'unix:path=/nonexistent/casedesk-test' };
      let locks = 0;
      watch = watchLinuxSessionLock({ onLock: () => (locks += 1), env, findExecutable: (name) => (name === 'dbus-monitor' ? findExecutable(name, env) : null) });
      await expect.poll(() => watch!.detection().screenLock, { timeout: 5000 }).toBe('detected');
      await promisify(execFile)('gdbus', ['emit', '--session', '--object-path', '/org/gnome/ScreenSaver', '--signal', 'org.gnome.ScreenSaver.ActiveChanged', 'true'], { env });
      await expect.poll(() => locks, { timeout: 5000 }).toBe(1);
    } finally {
      watch?.stop();
      daemon.kill();
    }
  });
});
