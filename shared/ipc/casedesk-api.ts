import type { z } from 'zod';
import type { IpcCallDefinition, IpcEventDefinition } from './define-ipc';
import type { IpcContract, IpcEvents } from './contract';
import type { CommonIpcErrorCode, IpcResult } from './ipc-result';

/** The type of `window.casedesk`, derived from the contract. */

type CallFunction<Definition> =
  Definition extends IpcCallDefinition<infer Input, infer Output, infer ErrorCode>
    ? undefined extends z.input<Input>
      ? () => Promise<IpcResult<Output, ErrorCode | CommonIpcErrorCode>>
      : (input: z.input<Input>) => Promise<IpcResult<Output, ErrorCode | CommonIpcErrorCode>>
    : never;

type EventSubscriber<Definition> =
  Definition extends IpcEventDefinition<infer Payload>
    ? (listener: (payload: z.output<Payload>) => void) => () => void
    : never;

type NamespaceApi<Calls, Events> = { readonly [Call in keyof Calls]: CallFunction<Calls[Call]> } & {
  readonly [Event in keyof Events]: EventSubscriber<Events[Event]>;
};

export type CasedeskApi = {
  readonly [Namespace in keyof IpcContract | keyof IpcEvents]: NamespaceApi<
    Namespace extends keyof IpcContract ? IpcContract[Namespace] : unknown,
    Namespace extends keyof IpcEvents ? IpcEvents[Namespace] : unknown
  >;
};

export type CallOutput<Definition> =
  Definition extends IpcCallDefinition<z.ZodType, infer Output, string> ? Output : never;

export type CallInput<Definition> =
  Definition extends IpcCallDefinition<infer Input, unknown, string> ? z.output<Input> : never;
