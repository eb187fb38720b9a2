import { ipcMain, type WebContents } from 'electron';
import type { IpcHandlerRegistry } from './ipc-handler-registry';
import { sendIpcEvent } from './send-ipc-event';
import type { LockEventSource } from '../services/main-services';

/** Binds every contract call to ipcMain; the registry checks the sender's frame: its origin, and that it is the top frame. */
export function registerIpcHandlers(registry: IpcHandlerRegistry): void {
  for (const channel of registry.channels) {
    ipcMain.handle(channel, (event, input: unknown) => {
      const frame = event.senderFrame;
      return registry.invoke(channel, input, { url: frame?.url, isMainFrame: frame != null && frame.parent === null });
    });
  }
}

/** Forwards OS lock and suspend to the renderer, which locks the vault. */
export function forwardLockEvents(lockEvents: LockEventSource, target: () => Pick<WebContents, 'send'> | undefined): () => void {
  return lockEvents.onLockRequested((reason) => {
    sendIpcEvent(target(), 'app', 'onLockRequested', { reason });
  });
}
