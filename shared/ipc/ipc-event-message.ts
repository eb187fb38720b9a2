import type { z } from 'zod';
import { eventChannel } from './channels';
import { ipcEvents, type IpcEvents } from './contract';
import type { IpcEventDefinition } from './define-ipc';

/**
 * Main → renderer events are built here, from the contract, by every host
 * (the Electron shell and the browser harness): the channel is derived, never
 * written by hand, and the payload is parsed against the event's schema
 * before it is sent, so the renderer receives only what the contract promises.
 */

export type IpcEventNamespace = keyof IpcEvents;
export type IpcEventName<Namespace extends IpcEventNamespace> = keyof IpcEvents[Namespace] & string;
export type IpcEventPayload<Namespace extends IpcEventNamespace, Event extends IpcEventName<Namespace>> =
  IpcEvents[Namespace][Event] extends IpcEventDefinition<infer Payload> ? z.input<Payload> : never;

export interface IpcEventMessage {
  readonly channel: string;
  readonly payload: unknown;
}

/** The message to send, or null when the payload does not match the event's schema (nothing is sent then). */
export function buildIpcEventMessage<Namespace extends IpcEventNamespace, Event extends IpcEventName<Namespace>>(
  namespace: Namespace,
  event: Event,
  payload: IpcEventPayload<Namespace, Event>,
): IpcEventMessage | null {
  const definition = (ipcEvents[namespace] as Record<string, IpcEventDefinition<z.ZodType>>)[event];
  if (!definition) return null;
  const parsed = definition.payload.safeParse(payload);
  return parsed.success ? { channel: eventChannel(namespace, event), payload: parsed.data } : null;
}
