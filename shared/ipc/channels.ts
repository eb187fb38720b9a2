import { ipcContract, ipcEvents } from './contract';

/** Channel names are derived, never written by hand: `namespace.call`. */
export function callChannel(namespace: string, call: string): string {
  return `${namespace}.${call}`;
}

export function eventChannel(namespace: string, event: string): string {
  return `${namespace}.${event}`;
}

export interface IpcSurfaceShape {
  /** [namespace, call] pairs. */
  readonly calls: ReadonlyArray<readonly [string, string]>;
  /** [namespace, event] pairs. */
  readonly events: ReadonlyArray<readonly [string, string]>;
}

/** The names the preload (and the harness) must expose, and nothing else. */
export function describeIpcSurface(): IpcSurfaceShape {
  const calls = Object.entries(ipcContract).flatMap(([namespace, calls]) =>
    Object.keys(calls).map((call) => [namespace, call] as const),
  );
  const events = Object.entries(ipcEvents).flatMap(([namespace, events]) =>
    Object.keys(events).map((event) => [namespace, event] as const),
  );
  return { calls, events };
}
