import { beforeAll, describe, expect, it, vi } from 'vitest';
import { describeIpcSurface } from '../shared/ipc/channels';

/** Loads the real preload with contextBridge and ipcRenderer replaced by recorders. */
const exposed = new Map<string, unknown>();
const invoked: Array<{ channel: string; input: unknown }> = [];
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();

beforeAll(async () => {
  vi.doMock('electron', () => ({
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, input: unknown) => {
        invoked.push({ channel, input });
        return Promise.resolve({ ok: true, value: null });
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(listener);
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
    },
  }));
  await import('./preload');
});

describe('preload', () => {
  it('exposes only window.casedesk, with exactly the contract surface', () => {
    expect([...exposed.keys()]).toEqual(['casedesk']);
    const api = exposed.get('casedesk') as Record<string, Record<string, unknown>>;
    const names = Object.entries(api).flatMap(([namespace, members]) =>
      Object.keys(members).map((name) => `${namespace}.${name}`),
    );
    const surface = describeIpcSurface();
    expect(names.sort()).toEqual([...surface.calls, ...surface.events].map(([n, c]) => `${n}.${c}`).sort());
  });

  it('forwards a call to its own channel and events to subscribers until unsubscribed', async () => {
    const api = exposed.get('casedesk') as {
      keystore: { seal(input: unknown): Promise<unknown> };
      app: { onLockRequested(listener: (payload: unknown) => void): () => void };
    };
    await api.keystore.seal({ secret: 'a2V5' });
    expect(invoked).toEqual([{ channel: 'keystore.seal', input: { secret: 'a2V5' } }]);

    const received: unknown[] = [];
    const unsubscribe = api.app.onLockRequested((payload) => received.push(payload));
    for (const listener of listeners.get('app.onLockRequested') ?? []) listener({ sender: 'ipc' }, { reason: 'os-lock' });
    unsubscribe();
    for (const listener of listeners.get('app.onLockRequested') ?? []) listener({ sender: 'ipc' }, { reason: 'suspend' });
    expect(received).toEqual([{ reason: 'os-lock' }]);
  });
});
