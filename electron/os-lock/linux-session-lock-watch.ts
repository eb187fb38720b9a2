import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { LockDetectionStatus } from '../../shared/ipc/contract';
import {
  createDbusMonitorParser,
  LOGIND_SESSION_INTERFACE,
  logindSessionPath,
  parseGdbusMonitorLine,
  SCREENSAVER_INTERFACES,
  type DbusMonitorEvent,
} from './dbus-lock-signal-parser';

/**
 * Electron's powerMonitor never reports a screen lock on Linux, so the vault
 * would stay open behind a locked screen. This listens on D-Bus instead,
 * through a monitor tool run as a child process (no native module, no D-Bus
 * library): `dbus-monitor` where installed, else `gdbus monitor`. It reports
 * whether anything is listening, so the app can say when a lock would go unseen.
 */

type LockSource = 'logind' | 'screensaver';

interface MonitorCommand {
  readonly tool: 'dbus-monitor' | 'gdbus';
  readonly source: LockSource;
  readonly args: readonly string[];
}

/** The commands to run with each tool: one per bus for dbus-monitor, one per watched name for gdbus. */
export function lockMonitorCommands(tool: 'dbus-monitor' | 'gdbus'): MonitorCommand[] {
  if (tool === 'dbus-monitor') {
    return [
      { tool, source: 'logind', args: ['--system', `type='signal',interface='${LOGIND_SESSION_INTERFACE}',member='Lock'`] },
      {
        tool,
        source: 'screensaver',
        args: ['--session', ...SCREENSAVER_INTERFACES.map((name) => `type='signal',interface='${name}',member='ActiveChanged'`)],
      },
    ];
  }
  return [
    { tool, source: 'logind', args: ['monitor', '--system', '--dest', 'org.freedesktop.login1'] },
    // gdbus watches one name each; these two cover GNOME and KDE (and what implements the freedesktop name).
    { tool, source: 'screensaver', args: ['monitor', '--session', '--dest', 'org.gnome.ScreenSaver'] },
    { tool, source: 'screensaver', args: ['monitor', '--session', '--dest', 'org.freedesktop.ScreenSaver'] },
  ];
}

export function findExecutable(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const directory of (env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(directory)) continue;
    const candidate = path.join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export interface SessionLockWatchOptions {
  /** Called on every lock signal heard for this session. */
  readonly onLock: () => void;
  readonly env?: NodeJS.ProcessEnv;
  readonly spawn?: (command: string, args: readonly string[]) => ChildProcess;
  readonly findExecutable?: (name: string, env: NodeJS.ProcessEnv) => string | null;
  /** A monitor still running after this long counts as listening even if it printed nothing. */
  readonly quietStartMs?: number;
}

export interface SessionLockWatch {
  detection(): LockDetectionStatus;
  stop(): void;
}

interface RunningMonitor {
  readonly source: LockSource;
  state: 'starting' | 'listening' | 'exited';
  /** gdbus tells whether its name has an owner; dbus-monitor cannot, so it stays undefined. */
  nameOwned: boolean | undefined;
  readonly child: ChildProcess;
}

export function watchLinuxSessionLock(options: SessionLockWatchOptions): SessionLockWatch {
  const env = options.env ?? process.env;
  const locate = options.findExecutable ?? findExecutable;
  const spawn = options.spawn ?? ((command, args) => spawnProcess(command, [...args], { stdio: ['ignore', 'pipe', 'ignore'], env }));
  const tool = (['dbus-monitor', 'gdbus'] as const).find((name) => locate(name, env) !== null);
  if (!tool) {
    const missing: LockDetectionStatus = {
      screenLock: 'unavailable',
      detail: 'Neither dbus-monitor nor gdbus is installed, so a screen lock cannot be seen: lock the vault yourself.',
    };
    return { detection: () => missing, stop: () => undefined };
  }
  const executable = locate(tool, env)!;
  // Without a session id every session's Lock counts: an extra lock is safer than a missed one.
  const ownSessionPath = env.XDG_SESSION_ID ? logindSessionPath(env.XDG_SESSION_ID) : null;
  const onEvent = (event: DbusMonitorEvent, monitor: RunningMonitor) => {
    if (event.kind === 'name-owner') monitor.nameOwned = event.owned;
    else if (event.kind === 'screensaver-active' && event.active) options.onLock();
    else if (event.kind === 'session-lock' && (ownSessionPath === null || event.objectPath === ownSessionPath)) options.onLock();
  };

  const monitors: RunningMonitor[] = [];
  const timers: NodeJS.Timeout[] = [];
  for (const command of lockMonitorCommands(tool)) {
    const child = spawn(executable, command.args);
    const monitor: RunningMonitor = { source: command.source, state: 'starting', nameOwned: undefined, child };
    monitors.push(monitor);
    const parse = tool === 'dbus-monitor' ? createDbusMonitorParser() : parseGdbusMonitorLine;
    child.on('error', () => (monitor.state = 'exited'));
    child.on('exit', () => (monitor.state = 'exited'));
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (monitor.state === 'starting') monitor.state = 'listening';
        const event = parse(line);
        if (event) onEvent(event, monitor);
      });
    }
    const timer = setTimeout(() => {
      if (monitor.state === 'starting') monitor.state = 'listening';
    }, options.quietStartMs ?? 3000);
    timer.unref?.();
    timers.push(timer);
  }

  return {
    detection() {
      const heard = (source: LockSource) =>
        monitors.some((monitor) => monitor.source === source && monitor.state === 'listening' && monitor.nameOwned !== false);
      const sources = (['screensaver', 'logind'] as const).filter(heard);
      if (sources.length > 0) {
        const names = sources.map((source) => (source === 'logind' ? 'logind session locks' : 'the screensaver')).join(' and ');
        return { screenLock: 'detected', detail: `Listening on D-Bus (${tool}) for ${names}.` };
      }
      if (monitors.some((monitor) => monitor.state === 'starting')) {
        return { screenLock: 'starting', detail: `Starting to listen on D-Bus (${tool}).` };
      }
      return {
        screenLock: 'unavailable',
        detail: 'No screensaver or logind could be reached on D-Bus, so a screen lock cannot be seen: lock the vault yourself.',
      };
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      for (const monitor of monitors) if (monitor.state !== 'exited') monitor.child.kill();
    },
  };
}
