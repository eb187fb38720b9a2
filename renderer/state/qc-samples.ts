import type { QcSample } from '../../shared/lead-qc/draw-qc-sample';
import { readSyncState, sealSyncState, syncTables } from '../sync/sync-records';
import type { Vault } from '../vault/vault';

/**
 * The lead's QC samples, one per batch, sealed in the vault (the vault-scope
 * `syncState` row `qc-samples`): the rule and seed, so the sample can be drawn
 * again by anyone and goes into the export manifest, and the lead's first
 * decision on each sampled case, from which the overturn rate is counted (a
 * return stays an overturn after the reviewer amends the review).
 */
export interface StoredQcSample extends QcSample {
  readonly batchId: string;
  /** ISO 8601. */
  readonly drawnAt: string;
  /** The lead's first decision per sampled case. */
  readonly firstDecisions: Readonly<Record<string, 'approve' | 'return'>>;
}

export type QcSamplesByBatch = Readonly<Record<string, StoredQcSample>>;

const QC_SAMPLES_ID = 'qc-samples';

export async function readQcSamples(vault: Vault): Promise<QcSamplesByBatch> {
  return (await readSyncState<QcSamplesByBatch>(syncTables(vault), QC_SAMPLES_ID)) ?? {};
}

/** Read, change and write back in one step of this session (the lead's device is the only writer). */
async function updateQcSamples(vault: Vault, change: (samples: QcSamplesByBatch) => QcSamplesByBatch): Promise<QcSamplesByBatch> {
  const next = change(await readQcSamples(vault));
  await vault.commit([await sealSyncState(syncTables(vault), QC_SAMPLES_ID, next)]);
  return next;
}

let tail: Promise<unknown> = Promise.resolve();
function serialised<Result>(work: () => Promise<Result>): Promise<Result> {
  const run = tail.then(work, work);
  tail = run.catch(() => undefined);
  return run;
}

export function recordQcSample(vault: Vault, sample: StoredQcSample): Promise<QcSamplesByBatch> {
  return serialised(() => updateQcSamples(vault, (samples) => ({ ...samples, [sample.batchId]: sample })));
}

/** Keeps the first decision only: a later one (after an amendment) does not undo an overturn. */
export function recordFirstQcDecision(vault: Vault, batchId: string, caseId: string, decision: 'approve' | 'return'): Promise<QcSamplesByBatch> {
  return serialised(() =>
    updateQcSamples(vault, (samples) => {
      const sample = samples[batchId];
      if (!sample || !sample.caseIds.includes(caseId) || sample.firstDecisions[caseId]) return samples;
      return { ...samples, [batchId]: { ...sample, firstDecisions: { ...sample.firstDecisions, [caseId]: decision } } };
    }),
  );
}
