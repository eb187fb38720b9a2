import type { WebContents } from 'electron';
import { buildIpcEventMessage, type IpcEventName, type IpcEventNamespace, type IpcEventPayload } from '../../shared/ipc/ipc-event-message';

/**
 * Sends one contract event to the renderer; a payload off the schema is not
 * sent, and `onRefused` hears the channel only, never the payload.
 */
export function sendIpcEvent<Namespace extends IpcEventNamespace, Event extends IpcEventName<Namespace>>(
  target: Pick<WebContents, 'send'> | undefined,
  namespace: Namespace,
  event: Event,
  payload: IpcEventPayload<Namespace, Event>,
  onRefused?: (channel: string) => void,
): boolean {
  const message = buildIpcEventMessage(namespace, event, payload);
  if (!message) {
    onRefused?.(`${namespace}.${event}`);
    return false;
  }
  if (!target) return false;
  target.send(message.channel, message.payload);
  return true;
}
