import type { IncomingMessage } from 'node:http';
import { validateOutcome } from '../../../shared/review-template/validate-outcome';
import { pushRequestSchema, type PushResponse } from '../../../shared/sync-protocol/push';
import { mutationContentHash } from '../../sync/mutation-content-hash';
import type { ApiContext, AuthenticatedDevice, JsonResponse } from '../api-context';
import { parseOrThrow } from '../http-error';
import { readJsonBody } from '../read-json-body';

/** Applies the mutations in order in one transaction, one result each (docs/api.md, "push"). */
export async function handlePush(context: ApiContext, device: AuthenticatedDevice, request: IncomingMessage): Promise<JsonResponse> {
  const body = parseOrThrow(pushRequestSchema, await readJsonBody(request, context.limits.bodyBytes));
  const now = context.now().toISOString();
  const results = await context.storage.applyMutations(
    body.mutations.map((mutation) => ({
      mutation,
      deviceId: device.deviceId,
      userId: device.userId,
      contentHash: mutationContentHash(mutation),
      now,
      checkAnswers: validateOutcome,
    })),
  );
  const response: PushResponse = { results };
  return { status: 200, body: response };
}
