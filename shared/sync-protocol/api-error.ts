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
  'forbidden',
  'not_found',
  'method_not_allowed',
  'enrolment_code_invalid',
  'rate_limited',
  'audit_chain_broken',
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
  }),
});

export type RequestFieldError = z.infer<typeof requestFieldErrorSchema>;
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
