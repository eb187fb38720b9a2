import { z } from 'zod';

/**
 * Device token rotation (docs/api.md, "Token rotation"). A token has an age
 * from when it was issued. Past ROTATE_AFTER the endpoint marks every
 * authenticated answer with TOKEN_ROTATE_HEADER; the device then calls
 * `POST /api/v1/token/rotate` and stores the token it gets back. The old
 * token keeps working until the new one is first used, so an answer lost on
 * the way locks nobody out: the device just rotates again. A token older than
 * MAX_AGE is refused with 401 `token_expired` and only a new enrolment helps.
 */
export const TOKEN_ROTATE_AFTER_DAYS = 7;
export const TOKEN_MAX_AGE_DAYS = 90;

/** On every authenticated answer (success or not past authentication): when the token used expires, ISO 8601 UTC. */
export const TOKEN_EXPIRES_HEADER = 'CaseDesk-Token-Expires';
/** On every authenticated answer whose token is older than the rotate-after age: value `due`. */
export const TOKEN_ROTATE_HEADER = 'CaseDesk-Token-Rotate';

export const TOKEN_ROTATE_PATH = '/api/v1/token/rotate';

/** The request body: an empty JSON object (room for later options). */
export const tokenRotateRequestSchema = z.strictObject({});

export const tokenRotateResponseSchema = z.strictObject({
  /** The new bearer token, same format as at enrolment. Shown once; the server keeps only its hash. */
  token: z.string(),
  /** When the new token was issued (its age counts from here). */
  issuedAt: z.string().datetime(),
  /** From then on the endpoint asks for the next rotation. */
  rotateAfter: z.string().datetime(),
  /** After this the new token is refused (`token_expired`) unless rotated before. */
  expiresAt: z.string().datetime(),
});

export type TokenRotateRequest = z.infer<typeof tokenRotateRequestSchema>;
export type TokenRotateResponse = z.infer<typeof tokenRotateResponseSchema>;
