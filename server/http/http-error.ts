import type { z } from 'zod';
import type { ApiErrorBody, ApiErrorCode, RequestFieldError } from '../../shared/sync-protocol/api-error';

/** An error that becomes `{error: {code, message}}` with its status. Messages never carry case data. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: RequestFieldError[],
    readonly headers: Record<string, string> = {},
    /** Further members of the error body for clients to act on (`audit_chain_broken`: `index`, `lastAcceptedHash`). */
    readonly details: Pick<ApiErrorBody['error'], 'index' | 'lastAcceptedHash'> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Validation failures name where and what kind, never the value sent. */
export function validationFailed(error: z.ZodError): HttpError {
  const fields = error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'number' ? String(part) : typeof part === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(part) ? part : '?')).join('.'),
    code: issue.code,
  }));
  return new HttpError(400, 'validation_failed', 'The request does not match the schema.', fields);
}

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(result.error);
  return result.data;
}
