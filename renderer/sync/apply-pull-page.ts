import type { CaseFile } from '../../shared/domain/case-file';
import type { Change, PullResponse, ReviewState } from '../../shared/sync-protocol/pull';
import type { AuditEventContent } from '../vault/audit-event';
import type { VaultWrite } from '../vault/sealed-table';
import type { Vault } from '../vault/vault';
import type { CaseStatus } from '../vault/vault-schema';
import { withVersionHistory } from './review-history';
import { caseStatusForReview } from './submit-outcome';
import type { VaultChanges } from './vault-changes';
import { reviewStatusOf } from './review-status';
import { SYNC_STATE_IDS, sealSyncState, type ReviewRecord, type SyncTables, type TemplateRecord } from './sync-records';

export interface PullTally {
  readonly cases: number;
  readonly batches: number;
  readonly reviews: number;
  readonly removals: number;
  /** What the page wrote, for the open views (a page that erased a batch lists it). */
  readonly changes: VaultChanges;
  /** Cases whose review the page wrote (through the reviews view, so with any push receipt folded in). */
  readonly reviewCaseIds: readonly string[];
}

/** Ids the segments of one page wrote, collected as they are sealed. */
interface WrittenIds {
  readonly caseIds: Set<string>;
  readonly batchIds: Set<string>;
  readonly erasedBatchIds: Set<string>;
  readonly reviewCaseIds: Set<string>;
}

/**
 * Stores one pulled page. The page is cut at each `removal`: the entities
 * before it, then the erasure, then the rest, each its own transaction, and
 * the cursor goes with the last one. A page interrupted half way is pulled
 * again from the old cursor, and every step is an idempotent upsert or erase.
 */
export async function applyPullPage(vault: Vault, tables: SyncTables, page: PullResponse): Promise<PullTally> {
  const segments: Change[][] = [[]];
  for (const change of page.changes) {
    if (change.kind === 'removal') segments.push([change], []);
    else segments[segments.length - 1]!.push(change);
  }
  const tally = { cases: 0, batches: 0, reviews: 0, removals: 0 };
  const written: WrittenIds = { caseIds: new Set(), batchIds: new Set(), erasedBatchIds: new Set(), reviewCaseIds: new Set() };
  for (const [index, segment] of segments.entries()) {
    const isLast = index === segments.length - 1;
    const audits: Omit<AuditEventContent, 'at'>[] = [];
    const writes = await sealSegment(vault, tables, segment, tally, audits, written);
    if (isLast) writes.push(await sealSyncState(tables, SYNC_STATE_IDS.pull, { cursor: page.cursor }));
    await vault.commit(writes);
    for (const audit of audits) await vault.recordAudit(audit);
  }
  return {
    ...tally,
    changes: { caseIds: [...written.caseIds], batchIds: [...written.batchIds], erasedBatchIds: [...written.erasedBatchIds] },
    reviewCaseIds: [...written.reviewCaseIds],
  };
}

async function sealSegment(
  vault: Vault,
  tables: SyncTables,
  changes: readonly Change[],
  tally: { cases: number; batches: number; reviews: number; removals: number },
  audits: Omit<AuditEventContent, 'at'>[],
  written: WrittenIds,
): Promise<VaultWrite[]> {
  const writes: VaultWrite[] = [];
  const removal = changes.find((change) => change.kind === 'removal');
  if (removal) {
    const existed = (await tables.batches.clearFieldsOf([removal.batchId]))[0] !== null;
    const heldCases = await vault.table('cases').count({ field: 'batchId', equals: removal.batchId });
    writes.push(vault.eraseBatchWrite(removal.batchId));
    written.erasedBatchIds.add(removal.batchId);
    tally.removals++;
    if (existed || heldCases > 0) {
      audits.push({ kind: 'erasure', batchId: removal.batchId, detail: 'The batch was reassigned away from this user.' });
    }
    return writes;
  }

  // Templates: merge versions into one record per template. Several versions of one template can
  // arrive in one page, so each merges into the record built so far, not into what is stored.
  const templates = new Map<string, TemplateRecord>();
  for (const change of changes) {
    if (change.kind !== 'template') continue;
    const existing = templates.get(change.templateId) ?? (await tables.templates.get(change.templateId))?.value;
    templates.set(change.templateId, { templateId: change.templateId, versions: { ...existing?.versions, [String(change.version)]: change.definition } });
  }
  if (templates.size > 0) writes.push(await tables.templates.seal([...templates.values()].map((record) => ({ id: record.templateId, clear: {}, value: record }))));

  // Batches: a batch not held before is a collection (DPA 2018 s.62).
  const batches = changes.filter((change) => change.kind === 'batch');
  if (batches.length > 0) {
    const held = await tables.batches.clearFieldsOf(batches.map((change) => change.batch.batchId));
    const receivedAt = new Date().toISOString();
    const previous = await Promise.all(batches.map((change, index) => (held[index] ? tables.batches.get(change.batch.batchId) : null)));
    writes.push(
      await tables.batches.seal(
        batches.map((change, index) => ({
          id: change.batch.batchId,
          clear: { batchId: change.batch.batchId },
          value: { batch: change.batch, receivedAt: previous[index]?.value.receivedAt ?? receivedAt },
        })),
      ),
    );
    batches.forEach((change, index) => {
      if (!held[index]) audits.push({ kind: 'collection', batchId: change.batch.batchId });
    });
    for (const change of batches) written.batchIds.add(change.batch.batchId);
    tally.batches += batches.length;
  }

  // Reviews decide case statuses, so they are read before cases are sealed.
  const reviewChanges = changes.filter((change) => change.kind === 'review');
  const caseChanges = changes.filter((change) => change.kind === 'case');
  const batchOfCase = new Map<string, string>(caseChanges.map((change) => [change.case.caseId, change.batchId]));
  if (reviewChanges.length > 0) await addKnownBatches(tables, batchOfCase, changes);
  const statusOverrides = new Map<string, CaseStatus>();
  const placed = reviewChanges.filter((change) => batchOfCase.has(change.review.caseId)); // others: no batch held to attach to
  if (placed.length > 0) {
    const { found } = await tables.reviews.getMany(placed.map((change) => change.review.caseId));
    const records = placed.map((change) => mergeServerReview(found.get(change.review.caseId)?.value ?? null, change.review));
    writes.push(
      await tables.reviews.seal(
        records.map((record) => ({
          id: record.caseId,
          clear: { batchId: batchOfCase.get(record.caseId)!, status: reviewStatusOf(record) },
          value: record,
        })),
      ),
    );
    for (const record of records) {
      statusOverrides.set(record.caseId, caseStatusForReview(record));
      written.reviewCaseIds.add(record.caseId);
    }
    tally.reviews += records.length;
  }

  // Cases, grouped by batch, keeping a status already reached on this device.
  const byBatch = new Map<string, CaseFile[]>();
  for (const change of caseChanges) {
    byBatch.set(change.batchId, [...(byBatch.get(change.batchId) ?? []), change.case]);
  }
  for (const [batchId, files] of byBatch) {
    const held = await vault.table<CaseFile, { batchId: string; status: CaseStatus; updatedAt: number }>('cases').clearFieldsOf(
      files.map((file) => file.caseId),
    );
    const byStatus = new Map<CaseStatus, CaseFile[]>();
    files.forEach((file, index) => {
      const status = statusOverrides.get(file.caseId) ?? held[index]?.status ?? 'unreviewed';
      statusOverrides.delete(file.caseId);
      byStatus.set(status, [...(byStatus.get(status) ?? []), file]);
    });
    for (const [status, group] of byStatus) writes.push(await vault.sealCases(batchId, group, status));
    writes.push(
      await tables.caseLinks.seal(
        caseChanges
          .filter((change) => change.batchId === batchId)
          .map((change) => ({ id: change.case.caseId, clear: { batchId }, value: { linkedReferences: change.linkedReferences } })),
      ),
    );
    for (const file of files) written.caseIds.add(file.caseId);
    tally.cases += files.length;
  }

  // Reviews of cases not in this page: re-seal those cases whose status changed.
  if (statusOverrides.size > 0) {
    const { found } = await vault.table<CaseFile, { batchId: string; status: CaseStatus; updatedAt: number }>('cases').getMany([...statusOverrides.keys()]);
    const regroup = new Map<string, { batchId: string; status: CaseStatus; files: CaseFile[] }>();
    for (const [caseId, status] of statusOverrides) {
      const stored = found.get(caseId);
      if (!stored || stored.clear.status === status) continue;
      const key = `${stored.clear.batchId}\u0000${status}`;
      const group = regroup.get(key) ?? { batchId: stored.clear.batchId, status, files: [] };
      group.files.push(stored.value);
      regroup.set(key, group);
    }
    for (const group of regroup.values()) {
      writes.push(await vault.sealCases(group.batchId, group.files, group.status));
      for (const file of group.files) written.caseIds.add(file.caseId);
    }
  }
  return writes;
}

/** The endpoint's view replaces `server` and joins the version history; what waits on this device (pending, conflict) stays. */
function mergeServerReview(existing: ReviewRecord | null, review: ReviewState): ReviewRecord {
  if (!existing) return withVersionHistory({ caseId: review.caseId, server: review, pending: null, conflict: null, rejection: null });
  if (existing.server && existing.server.version > review.version) return existing;
  return withVersionHistory({ ...existing, server: review });
}

/** Reviews carry no batch id: find each case's batch among the batches held or in this page. */
async function addKnownBatches(tables: SyncTables, batchOfCase: Map<string, string>, changes: readonly Change[]): Promise<void> {
  for (const change of changes) {
    if (change.kind === 'batch') for (const caseId of change.batch.caseIds) batchOfCase.set(caseId, change.batch.batchId);
  }
  const { entries } = await tables.batches.list();
  for (const entry of entries) {
    for (const caseId of entry.value.batch.caseIds) if (!batchOfCase.has(caseId)) batchOfCase.set(caseId, entry.id);
  }
}
