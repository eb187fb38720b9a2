import type { IncomingMessage } from 'node:http';
import type { JsonValue } from '../../../shared/sync-protocol/canonical-json';
import { validateOutcome } from '../../../shared/review-template/validate-outcome';
import { pushRequestSchema, type PushResponse } from '../../../shared/sync-protocol/push';
import { mutationContentHash } from '../../sync/mutation-content-hash';
import type { ApiContext, AuthenticatedDevice, JsonResponse } from '../api-context';
import { parseOrThrow } from '../http-error';
import { readJsonBody } from '../read-json-body';

/** Applies the mutations in order in one transaction, one result each (docs/api.md, "push"). */
export async function handlePush(context: ApiContext, device: AuthenticatedDevice, request: IncomingMessage): Promise<JsonResponse> {
  const raw = await readJsonBody(request, context.limits.bodyBytes);
  const body = parseOrThrow(pushRequestSchema, raw);
  // The hash covers each mutation as sent, not as the schema returned it: nothing sent can escape it.
  const sent = (raw as { mutations: JsonValue[] }).mutations;
  const now = context.now().toISOString();
  const results = await context.storage.applyMutations(
    body.mutations.map((mutation, index) => ({
      mutation,
      deviceId: device.deviceId,
      userId: device.userId,
      contentHash: mutationContentHash(sent[index]!),
      now,
      checkAnswers: validateOutcome,
    })),
  );
  const response: PushResponse = { results };
  return { status: 200, body: response };
}
