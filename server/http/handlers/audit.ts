import type { IncomingMessage } from 'node:http';
import { auditBatchRequestSchema, computeAuditEventHash, GENESIS_HASH, type AuditBatchResponse } from '../../../shared/sync-protocol/audit';
import { AuditChainError } from '../../storage/storage';
import type { ApiContext, AuthenticatedDevice, JsonResponse } from '../api-context';
import { HttpError, parseOrThrow } from '../http-error';
import { readJsonBody } from '../read-json-body';

/** 409 naming, as fields, the first refused event and the chain head the device must continue from (null: none yet). */
function chainBroken(index: number, lastAcceptedHash: string, message: string): HttpError {
  return new HttpError(409, 'audit_chain_broken', message, undefined, {}, { index, lastAcceptedHash: lastAcceptedHash === GENESIS_HASH ? null : lastAcceptedHash });
}

/** Accepts a batch of the device's audit events that continues its chain from the last accepted hash. */
export async function handleAudit(context: ApiContext, device: AuthenticatedDevice, request: IncomingMessage): Promise<JsonResponse> {
  const { events } = parseOrThrow(auditBatchRequestSchema, await readJsonBody(request, context.limits.bodyBytes));
  for (const [index, event] of events.entries()) {
    const namesAnother =
      (event.deviceId !== undefined && event.deviceId !== device.deviceId) ||
      (event.userId !== undefined && event.userId !== device.userId);
    if (namesAnother) {
      throw new HttpError(403, 'forbidden', `Event ${index} names another device or user.`);
    }
    if ((await computeAuditEventHash(event)) !== event.hash) {
      const head = await context.storage.auditHead(device.deviceId);
      // Taken as the position it would have had; events before it in the batch may be re-sends.
      await context.storage.recordAuditRefusal(device.deviceId, (head?.count ?? 0) + index + 1, context.now().toISOString());
      throw chainBroken(index, head?.lastHash ?? GENESIS_HASH, `Event ${index} does not match its hash.`);
    }
  }
  try {
    const result: AuditBatchResponse = await context.storage.appendAuditEvents(device.deviceId, events, context.now().toISOString());
    return { status: 200, body: result };
  } catch (error) {
    if (error instanceof AuditChainError) {
      // Outside the refused batch's transaction, which rolled back: the lead's view must still see the break.
      await context.storage.recordAuditRefusal(device.deviceId, error.position, context.now().toISOString());
      throw chainBroken(error.index, error.lastAcceptedHash, `Event ${error.index} does not continue the chain from the last accepted hash.`);
    }
    throw error;
  }
}
