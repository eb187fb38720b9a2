/**
 * Every IPC call resolves to a result value instead of throwing: Electron's
 * contextBridge and Playwright's bindings both drop custom error properties,
 * so a typed error code only survives the trip as plain data.
 */

/** Error codes any call can return, whatever its own contract says. */
export const COMMON_IPC_ERROR_CODES = [
  'ForbiddenSender',
  'InvalidInput',
  'UnknownChannel',
  'Internal',
] as const;
export type CommonIpcErrorCode = (typeof COMMON_IPC_ERROR_CODES)[number];

export interface IpcError<Code extends string = string> {
  readonly code: Code;
  /** Plain words for a developer; never contains case data or stack traces. */
  readonly message: string;
}

export type IpcResult<Value, Code extends string = string> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly error: IpcError<Code> };

export function ipcOk<Value>(value: Value): IpcResult<Value, never> {
  return { ok: true, value };
}

export function ipcFailure<Code extends string>(code: Code, message: string): IpcResult<never, Code> {
  return { ok: false, error: { code, message } };
}

/** Thrown by a main-process handler to return a typed error from its contract. */
export class IpcHandlerError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = 'IpcHandlerError';
  }
}
