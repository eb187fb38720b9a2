import type { TemplateDefinition } from '../../../shared/review-template/template-definition';
import type { OutcomeAnswers } from '../../../shared/review-template/validate-outcome';
import type { Batch } from '../../../shared/sync-protocol/pull';
import { syncTables, type ReviewRecord } from '../../sync/sync-records';
import type { Vault } from '../../vault/vault';

export interface DraftRecord {
  readonly answers: OutcomeAnswers;
  readonly savedAt: string;
}
type DraftClear = { batchId: string; updatedAt: number };

/** Everything the review panel needs for one case, read from the vault. */
export interface ReviewContext {
  readonly caseId: string;
  readonly batchId: string;
  readonly batch: Batch | null;
  readonly template: { readonly definition: TemplateDefinition; readonly version: number } | null;
  readonly review: ReviewRecord | null;
  readonly draft: DraftRecord | null;
  readonly linkedReferences: readonly string[];
}

export async function loadReviewContext(vault: Vault, caseId: string, batchId: string): Promise<ReviewContext> {
  const tables = syncTables(vault);
  const [batchEntry, reviewEntry, draftEntry, linksEntry] = await Promise.all([
    tables.batches.get(batchId),
    tables.reviews.get(caseId),
    vault.table<DraftRecord, DraftClear>('drafts').get(caseId),
    tables.caseLinks.get(caseId),
  ]);
  const batch = batchEntry?.value.batch ?? null;
  let template: ReviewContext['template'] = null;
  if (batch) {
    const templateEntry = await tables.templates.get(batch.templateId);
    const definition = templateEntry?.value.versions[String(batch.templateVersion)];
    if (definition) template = { definition, version: batch.templateVersion };
  }
  return {
    caseId,
    batchId,
    batch,
    template,
    review: reviewEntry?.value ?? null,
    draft: draftEntry?.value ?? null,
    linkedReferences: linksEntry?.value.linkedReferences ?? [],
  };
}

/** Autosaves the reviewer's unsubmitted answers; the first draft marks the case as `draft` (then answers true). */
export async function saveDraft(vault: Vault, caseId: string, batchId: string, answers: OutcomeAnswers, now: number = Date.now()): Promise<boolean> {
  const writes = [
    await vault
      .table<DraftRecord, DraftClear>('drafts')
      .seal([{ id: caseId, clear: { batchId, updatedAt: now }, value: { answers, savedAt: new Date(now).toISOString() } }]),
  ];
  const stored = await vault.getCase(caseId);
  const marksDraft = stored?.status === 'unreviewed';
  if (stored && marksDraft) writes.push(await vault.sealCases(batchId, [stored.caseFile], 'draft'));
  await vault.commit(writes);
  return marksDraft;
}
