import { z } from 'zod';

/** One-time enrolment codes: 16 characters of Crockford base32, shown to the reviewer by an administrator. */
export const enrolmentCodeSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{16}$/, 'an enrolment code');

/** The device's ECDSA P-256 public key as a JWK; used later to verify signed exports. */
export const devicePublicKeySchema = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  ext: z.boolean().optional(),
  key_ops: z.array(z.literal('verify')).max(1).optional(),
});

export const enrolRequestSchema = z.strictObject({
  code: enrolmentCodeSchema,
  deviceName: z.string().trim().min(1).max(100),
  publicKey: devicePublicKeySchema,
});

export const enrolResponseSchema = z.strictObject({
  deviceId: z.string(),
  userId: z.string(),
  role: z.enum(['reviewer', 'lead', 'admin']),
  /** Bearer token: shown once, stored on the server only as a hash. */
  token: z.string(),
});

export type DevicePublicKey = z.infer<typeof devicePublicKeySchema>;
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;
