import { z } from 'zod';

/**
 * Every error the central endpoint returns is `{ error: { code, message } }`
 * (plus `fields` for validation failures). Codes are stable; messages are
 * plain words that never contain case data.
 */
export const API_ERROR_CODES = [
  'invalid_json',
  'validation_failed',
  'unsupported_media_type',
  'payload_too_large',
  'unauthorized',
  'device_revoked',
  /** 401: the device's user was deactivated (`users deactivate`): erase local data as for `device_revoked`. */
  'user_deactivated',
  /** 401: the token is older than the maximum age without having been rotated: the device must be enrolled again. */
  'token_expired',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'enrolment_code_invalid',
  'rate_limited',
  'audit_chain_broken',
  /** 410: a pull cursor past anything this server issued (e.g. a database restored from backup): pull again from the start. */
  'cursor_not_issued',
  'internal_error',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Where a request failed validation: a path into the request and a zod issue code, never the offending value. */
export const requestFieldErrorSchema = z.strictObject({
  path: z.string(),
  code: z.string(),
});

export const apiErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(API_ERROR_CODES),
    message: z.string(),
    fields: z.array(requestFieldErrorSchema).optional(),
    /** `audit_chain_broken`: the index of the first refused event in the batch. */
    index: z.number().int().min(0).optional(),
    /** `audit_chain_broken`: the device's last accepted hash on the server (null: none yet). */
    lastAcceptedHash: z.string().regex(/^[0-9a-f]{64}$/).nullable().optional(),
  }),
});

export type RequestFieldError = z.infer<typeof requestFieldErrorSchema>;
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
