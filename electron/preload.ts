import { contextBridge, ipcRenderer } from 'electron';
import { callChannel, describeIpcSurface, eventChannel } from '../shared/ipc/channels';

/**
 * Exposes exactly the contract's calls and events on `window.casedesk`, and
 * nothing else: no ipcRenderer, no generic invoke, no Node.
 */
function buildCasedeskBridge(): Record<string, Record<string, unknown>> {
  const surface = describeIpcSurface();
  const bridge: Record<string, Record<string, unknown>> = {};
  for (const [namespace, call] of surface.calls) {
    const channel = callChannel(namespace, call);
    (bridge[namespace] ??= {})[call] = (input?: unknown) => ipcRenderer.invoke(channel, input);
  }
  for (const [namespace, event] of surface.events) {
    const channel = eventChannel(namespace, event);
    (bridge[namespace] ??= {})[event] = (listener: (payload: unknown) => void) => {
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => ipcRenderer.removeListener(channel, forward);
    };
  }
  return bridge;
}

contextBridge.exposeInMainWorld('casedesk', buildCasedeskBridge());
