import type { z } from 'zod';

/**
 * One renderer→main call: its input schema (validated in main before the
 * handler runs), its output type (carried as a phantom type only) and the
 * error codes its handler may return on top of the common ones.
 */
export interface IpcCallDefinition<Input extends z.ZodType, Output, ErrorCode extends string> {
  readonly kind: 'call';
  readonly input: Input;
  readonly errorCodes: readonly ErrorCode[];
  /** Phantom: never set at run time, only read by the type system. */
  readonly output?: Output;
}

/** One main→renderer event: a payload schema the renderer can rely on. */
export interface IpcEventDefinition<Payload extends z.ZodType> {
  readonly kind: 'event';
  readonly payload: Payload;
}

/**
 * `defineCall<Output>()({ input, errorCodes })`: curried so the output type is
 * given explicitly while the input schema and error codes are inferred.
 */
export function defineCall<Output>() {
  return <Input extends z.ZodType, ErrorCode extends string = never>(definition: {
    input: Input;
    errorCodes?: readonly ErrorCode[];
  }): IpcCallDefinition<Input, Output, ErrorCode> => ({
    kind: 'call',
    input: definition.input,
    errorCodes: definition.errorCodes ?? [],
  });
}

export function defineEvent<Payload extends z.ZodType>(payload: Payload): IpcEventDefinition<Payload> {
  return { kind: 'event', payload };
}
