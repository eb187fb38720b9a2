import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import type { Mutation, MutationResult, PushResponse } from '../../shared/sync-protocol/push';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import type { Storage } from '../storage/storage';
import { SeededRandom } from '../../shared/synthetic-cases/seeded-random';
import { VALID_ANSWERS } from './seed-review-world';

/**
 * The exactly-once workload: each device owns a few cases and submits a chain
 * of versions for each (base version = the previous one), in outbox order.
 * A share of the mutations is sent again later, at shuffled positions, as a
 * device does after lost acknowledgements.
 */
export interface DeviceWorkload {
  readonly userId: string;
  readonly caseIds: readonly string[];
  readonly originals: readonly Mutation[];
  /** Push requests in order; every mutation appears once, re-sent ones twice. */
  readonly requests: readonly Mutation[][];
}

export async function seedWorkloadWorld(storage: Storage, devices: number, casesPerDevice: number): Promise<string[][]> {
  const now = new Date().toISOString();
  await storage.addUser({ userId: 'wl-lead', displayName: 'Lead', role: 'lead' }, now);
  await storage.setTemplate(DEFAULT_CSE_REVIEW_TEMPLATE, now);
  const cases = generateSyntheticCases({ seed: 5, count: devices * casesPerDevice });
  // Short summaries keep the seeding fast; the workload is about mutations.
  await storage.importCases(cases.map((file) => ({ ...file, summary: file.summary.slice(0, 200), documents: [] })), now);
  const owned: string[][] = [];
  for (let index = 0; index < devices; index += 1) {
    const userId = `wl-user-${index}`;
    await storage.addUser({ userId, displayName: userId, role: 'reviewer' }, now);
    const caseIds = cases.slice(index * casesPerDevice, (index + 1) * casesPerDevice).map((file) => file.caseId);
    await storage.createBatch({ batchId: `wl-batch-${index}`, name: userId, caseIds, assigneeId: userId, leadId: 'wl-lead', templateId: 'cse-review', dueDate: null }, now);
    owned.push(caseIds);
  }
  return owned;
}

export function buildWorkload(userId: string, caseIds: readonly string[], mutationCount: number, resendShare: number, seed: number): DeviceWorkload {
  const random = new SeededRandom(seed);
  const originals: Mutation[] = [];
  const versions = new Map(caseIds.map((caseId) => [caseId, 0]));
  for (let index = 0; index < mutationCount; index += 1) {
    const caseId = caseIds[index % caseIds.length]!;
    const base = versions.get(caseId)!;
    versions.set(caseId, base + 1);
    originals.push({
      mutationId: createUuidV7(),
      type: 'review.submit',
      caseId,
      baseVersion: base,
      payload: { templateId: 'cse-review', templateVersion: 1, answers: { ...VALID_ANSWERS, suspect_count: index % 500 } },
    });
  }
  // A re-send goes out after its original: insert it at a random later place.
  const stream: Mutation[] = [...originals];
  const resent = random.sample(originals, Math.round(mutationCount * resendShare));
  for (const mutation of resent) {
    const originalAt = stream.indexOf(mutation);
    stream.splice(originalAt + 1 + random.integer(0, stream.length - originalAt - 1), 0, mutation);
  }
  const requests: Mutation[][] = [];
  for (let start = 0; start < stream.length; ) {
    const size = random.integer(1, 25);
    requests.push(stream.slice(start, start + size));
    start += size;
  }
  return { userId, caseIds, originals, requests };
}

/** Sends a device's requests one after another (never two pushes in flight), retrying refused ones. */
export async function runWorkload(
  workload: DeviceWorkload,
  push: (mutations: Mutation[]) => Promise<{ status: number; json: unknown }>,
): Promise<MutationResult[]> {
  const results: MutationResult[] = [];
  for (const mutations of workload.requests) {
    for (let attempt = 0; ; attempt += 1) {
      const reply = await push(mutations);
      if (reply.status === 200) {
        results.push(...(reply.json as PushResponse).results);
        break;
      }
      if (reply.status !== 429 || attempt > 50) throw new Error(`push failed with ${reply.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return results;
}
