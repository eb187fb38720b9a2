import type { IncomingMessage } from 'node:http';
import { tokenRotateRequestSchema, type TokenRotateResponse } from '../../../shared/sync-protocol/token-rotation';
import type { ApiContext, AuthenticatedDevice, JsonResponse } from '../api-context';
import { createDeviceToken, sha256Hex } from '../device-credentials';
import { parseOrThrow } from '../http-error';
import { readJsonBody } from '../read-json-body';

/**
 * Issues the device a new token beside its current one (which stays valid
 * until the new one is first used). Asked again before that, it replaces the
 * pending token: the answer to the earlier call may have been lost.
 */
export async function handleTokenRotate(context: ApiContext, device: AuthenticatedDevice, request: IncomingMessage): Promise<JsonResponse> {
  parseOrThrow(tokenRotateRequestSchema, await readJsonBody(request, context.limits.bodyBytes));
  const token = createDeviceToken(device.deviceId);
  const issued = context.now();
  await context.storage.startTokenRotation(device.deviceId, sha256Hex(token), issued.toISOString());
  const response: TokenRotateResponse = {
    token,
    issuedAt: issued.toISOString(),
    rotateAfter: new Date(issued.getTime() + context.limits.tokenRotateAfterMs).toISOString(),
    expiresAt: new Date(issued.getTime() + context.limits.tokenMaxAgeMs).toISOString(),
  };
  return { status: 200, body: response };
}
