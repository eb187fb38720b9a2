import type { MutationResult } from '../../shared/sync-protocol/push';
import type { Storage } from '../storage/storage';
import type { DeviceWorkload } from './device-workload';

/**
 * What exactly once means here: every original applied once with the next
 * version of its case, every re-send answered `duplicate` with that same
 * first result, and storage holding exactly those versions, nothing else.
 */
export async function expectExactlyOnce(
  storage: Storage,
  workload: DeviceWorkload,
  results: readonly MutationResult[],
  expect: (actual: unknown) => { toEqual(expected: unknown): void },
): Promise<{ applied: number; duplicates: number }> {
  const sent = workload.requests.flat();
  expect(results.length).toEqual(sent.length);
  const firstById = new Map<string, MutationResult>();
  let duplicates = 0;
  for (const [index, result] of results.entries()) {
    expect(result.mutationId).toEqual(sent[index]!.mutationId);
    const first = firstById.get(result.mutationId);
    if (!first) {
      expect(result.status).toEqual('applied');
      firstById.set(result.mutationId, result);
    } else {
      duplicates += 1;
      expect(result).toEqual({ mutationId: result.mutationId, status: 'duplicate', first });
    }
  }
  const expectedVersions = new Map<string, number>();
  for (const mutation of workload.originals) {
    const version = (expectedVersions.get(mutation.caseId) ?? 0) + 1;
    expectedVersions.set(mutation.caseId, version);
    expect(firstById.get(mutation.mutationId)).toEqual({ mutationId: mutation.mutationId, status: 'applied', version });
  }
  for (const caseId of workload.caseIds) {
    const versions = await storage.listReviewVersions(caseId);
    const expectedIds = workload.originals.filter((mutation) => mutation.caseId === caseId).map((mutation) => mutation.mutationId);
    expect(versions.map((version) => [version.kind, version.mutationId])).toEqual(expectedIds.map((mutationId) => ['accepted', mutationId]));
    expect((await storage.getReview(caseId))?.version).toEqual(expectedIds.length);
  }
  return { applied: firstById.size, duplicates };
}
