import type { IncomingMessage } from 'node:http';
import { enrolRequestSchema, type EnrolResponse } from '../../../shared/sync-protocol/enrol';
import type { ApiContext, JsonResponse } from '../api-context';
import { clientAddressKey } from '../client-address-key';
import { createDeviceId, createDeviceToken, sha256Hex } from '../device-credentials';
import { HttpError, parseOrThrow } from '../http-error';
import { readJsonBody } from '../read-json-body';

export async function handleEnrol(context: ApiContext, request: IncomingMessage): Promise<JsonResponse> {
  const address = request.socket.remoteAddress ?? 'unknown';
  const wait = context.enrolLimiter.take(clientAddressKey(request.socket.remoteAddress));
  if (wait > 0) throw new HttpError(429, 'rate_limited', 'Too many enrolment attempts from this address.', undefined, { 'Retry-After': String(wait) });
  const body = parseOrThrow(enrolRequestSchema, await readJsonBody(request, context.limits.bodyBytes));
  const deviceId = createDeviceId();
  const token = createDeviceToken(deviceId);
  const user = await context.storage.redeemEnrolmentCode(
    sha256Hex(body.code),
    { deviceId, name: body.deviceName, publicKey: JSON.stringify(body.publicKey), tokenHash: sha256Hex(token) },
    context.now().toISOString(),
  );
  if (!user) {
    // A guessed or replayed code is a failed authentication: logged with its source, never the code.
    context.log.warn('auth_failed', { address, code: 'enrolment_code_invalid' });
    throw new HttpError(400, 'enrolment_code_invalid', 'The enrolment code is unknown, used or expired.');
  }
  context.log.info('device_enrolled', { deviceId, userId: user.userId });
  const response: EnrolResponse = { deviceId, userId: user.userId, role: user.role, token };
  return { status: 201, body: response };
}
