import { callChannel, describeIpcSurface, eventChannel } from '../../shared/ipc/channels';

/** Names of the Playwright bindings the init script forwards to. */
export const INVOKE_BINDING = '__casedeskHarnessInvoke';
export const EMIT_FUNCTION = '__casedeskHarnessEmit';
/** Carries one part of a large input ahead of its call (see INPUT_PART_CHARS). */
export const INPUT_PART_BINDING = '__casedeskHarnessInputPart';

/**
 * A Playwright binding call serialises its arguments on the page's main
 * thread at a cost of about 150 ms per MB (measured in Chromium here), where
 * Electron's IPC clones the same string in milliseconds. An input longer
 * than this goes over in parts, one awaited binding call each, so the
 * harness does not hold the page's main thread for longer than a frame
 * where Electron would not (an export's multi-megabyte files).
 */
export const INPUT_PART_CHARS = 64 * 1024;

/**
 * Page-side source that builds `window.casedesk` with the same shape the
 * preload exposes: one function per contract call (forwarded through a
 * Playwright binding to the Node handler registry) and one subscriber per
 * event. Kept as plain JavaScript text so no transpiler helper leaks into it.
 */
export function buildBridgeInitScript(): string {
  const surface = describeIpcSurface();
  const calls = surface.calls.map(([namespace, call]) => [namespace, call, callChannel(namespace, call)]);
  const events = surface.events.map(([namespace, event]) => [namespace, event, eventChannel(namespace, event)]);
  return `(() => {
  const calls = ${JSON.stringify(calls)};
  const events = ${JSON.stringify(events)};
  const listeners = new Map();
  const bridge = {};
  const invoke = window[${JSON.stringify(INVOKE_BINDING)}];
  const sendPart = window[${JSON.stringify(INPUT_PART_BINDING)}];
  let nextInput = 0;
  const send = async (channel, text) => {
    if (text.length <= ${INPUT_PART_CHARS}) return invoke(channel, text);
    const inputId = 'input-' + (++nextInput);
    for (let start = 0; start < text.length; start += ${INPUT_PART_CHARS}) await sendPart(inputId, text.slice(start, start + ${INPUT_PART_CHARS}));
    return invoke(channel, '', inputId);
  };
  for (const [namespace, call, channel] of calls) {
    (bridge[namespace] ??= {})[call] = (input) =>
      send(channel, input === undefined ? '' : JSON.stringify(input)).then((text) => JSON.parse(text));
  }
  for (const [namespace, event, channel] of events) {
    listeners.set(channel, new Set());
    (bridge[namespace] ??= {})[event] = (listener) => {
      listeners.get(channel).add(listener);
      return () => listeners.get(channel).delete(listener);
    };
  }
  for (const namespace of Object.values(bridge)) Object.freeze(namespace);
  Object.defineProperty(window, 'casedesk', { value: Object.freeze(bridge), writable: false, configurable: false });
  Object.defineProperty(window, ${JSON.stringify(EMIT_FUNCTION)}, {
    value: (channel, payload) => { for (const listener of listeners.get(channel) ?? []) listener(payload); },
    writable: false, configurable: false,
  });
})();`;
}
