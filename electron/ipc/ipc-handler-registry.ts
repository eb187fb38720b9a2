import type { IpcContract } from '../../shared/ipc/contract';
import { ipcContract } from '../../shared/ipc/contract';
import type { CallInput, CallOutput } from '../../shared/ipc/casedesk-api';
import { callChannel } from '../../shared/ipc/channels';
import { IpcHandlerError, ipcFailure, ipcOk, type IpcResult } from '../../shared/ipc/ipc-result';
import { isFromAppOrigin } from './sender-origin';

/** One implementation per contract call; returns the output or throws IpcHandlerError. */
export type IpcHandlers = {
  readonly [Namespace in keyof IpcContract]: {
    readonly [Call in keyof IpcContract[Namespace]]: (
      input: CallInput<IpcContract[Namespace][Call]>,
    ) => Promise<CallOutput<IpcContract[Namespace][Call]>> | CallOutput<IpcContract[Namespace][Call]>;
  };
};

/** Who sent an IPC call, as the host (Electron, or the browser harness) saw it. */
export interface IpcSender {
  /** The sending frame's URL; undefined when the frame is gone. */
  readonly url: string | undefined;
  /** False for an iframe, even one at the app's own origin. */
  readonly isMainFrame: boolean;
}

export interface IpcHandlerRegistry {
  readonly channels: readonly string[];
  /** Validates sender and input, runs the handler, and always resolves to a result. */
  invoke(channel: string, rawInput: unknown, sender: IpcSender): Promise<IpcResult<unknown>>;
}

interface RegisteredCall {
  readonly parseInput: (raw: unknown) => { success: true; data: unknown } | { success: false };
  readonly allowedErrorCodes: ReadonlySet<string>;
  readonly run: (input: unknown) => unknown;
}

export interface IpcRegistryOptions {
  /** The only origin whose frames may call main, e.g. `app://casedesk`. */
  readonly appOrigin: string;
  /** Told about refused or failed calls: channel and code only, never the payload. */
  readonly onRefused?: (channel: string, code: string) => void;
}

export function createIpcHandlerRegistry(handlers: IpcHandlers, options: IpcRegistryOptions): IpcHandlerRegistry {
  const calls = new Map<string, RegisteredCall>();
  for (const [namespace, definitions] of Object.entries(ipcContract)) {
    const namespaceHandlers = (handlers as unknown as Record<string, Record<string, (input: unknown) => unknown>>)[
      namespace
    ];
    for (const [call, definition] of Object.entries(definitions)) {
      const handler = namespaceHandlers?.[call];
      if (typeof handler !== 'function') {
        throw new Error(`No main-process handler for IPC call ${callChannel(namespace, call)}`);
      }
      calls.set(callChannel(namespace, call), {
        parseInput: (raw) => definition.input.safeParse(raw),
        allowedErrorCodes: new Set<string>(definition.errorCodes),
        run: handler,
      });
    }
  }

  const refuse = <Code extends string>(channel: string, code: Code, message: string) => {
    options.onRefused?.(channel, code);
    return ipcFailure(code, message);
  };

  return {
    channels: [...calls.keys()],
    async invoke(channel, rawInput, sender) {
      // The sender is checked before anything else, even before the channel is
      // looked up, so a foreign frame learns nothing about the surface. A
      // sub-frame is refused even at the app's origin: the app has none, so one
      // can only be content that should not speak for the app.
      if (!isFromAppOrigin(sender.url, options.appOrigin)) {
        return refuse(channel, 'ForbiddenSender', 'IPC call refused: the sender is not the app');
      }
      if (!sender.isMainFrame) {
        return refuse(channel, 'ForbiddenSender', 'IPC call refused: the sender is not the main frame');
      }
      const registered = calls.get(channel);
      if (!registered) return refuse(channel, 'UnknownChannel', 'IPC call refused: unknown channel');
      const parsed = registered.parseInput(rawInput);
      if (!parsed.success) {
        // Zod issues can echo input values; only the channel is reported.
        return refuse(channel, 'InvalidInput', `IPC call ${channel} refused: input does not match its schema`);
      }
      try {
        return ipcOk(await registered.run(parsed.data));
      } catch (error) {
        if (error instanceof IpcHandlerError && registered.allowedErrorCodes.has(error.code)) {
          return refuse(channel, error.code, error.message);
        }
        return refuse(channel, 'Internal', `IPC call ${channel} failed inside the main process`);
      }
    },
  };
}
