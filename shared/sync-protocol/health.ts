import { z } from 'zod';

/** `GET /api/v1/health`: the app's online probe; no authentication. */
export const healthResponseSchema = z.strictObject({
  status: z.literal('ok'),
  api: z.string().max(32),
});

export type HealthResponse = z.infer<typeof healthResponseSchema>;
