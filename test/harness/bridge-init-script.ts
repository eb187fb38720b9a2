import { callChannel, describeIpcSurface, eventChannel } from '../../shared/ipc/channels';

/** Names of the Playwright bindings the init script forwards to. */
export const INVOKE_BINDING = '__casedeskHarnessInvoke';
export const EMIT_FUNCTION = '__casedeskHarnessEmit';

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
  for (const [namespace, call, channel] of calls) {
    (bridge[namespace] ??= {})[call] = (input) =>
      window[${JSON.stringify(INVOKE_BINDING)}](channel, input === undefined ? '' : JSON.stringify(input)).then((text) => JSON.parse(text));
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
