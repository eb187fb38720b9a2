import type { CaseFile } from '../../../shared/domain/case-file';
import { FINDINGS_REVIEW_STATUSES, type FindingsOutcome, type FindingsReviewStatus } from '../../../shared/findings/compute-findings';
import type { VersionedTemplate } from '../../../shared/review-template/template-definition';
import { syncTables } from '../../sync/sync-records';
import type { Vault } from '../../vault/vault';

/** What findings are computed from, read from this device's vault: nothing is fetched for them. */
export interface FindingsData {
  readonly outcomes: readonly FindingsOutcome[];
  readonly templates: readonly VersionedTemplate[];
  /** Batch names for the filter, by id. */
  readonly batchNames: ReadonlyMap<string, string>;
  /** Reviews or cases that failed to open: counted so the lead knows the figures miss them. */
  readonly damaged: number;
}

/**
 * The endpoint's view of each review (a QC decision still waiting in this
 * device's outbox does not count until the endpoint accepts it), joined with
 * its case for borough and period. Returned reviews and reviews of cases this
 * device does not hold are left out.
 */
export async function loadFindingsData(vault: Vault): Promise<FindingsData> {
  const tables = syncTables(vault);
  const [reviews, batches, templates] = await Promise.all([tables.reviews.list(), tables.batches.list(), tables.templates.list()]);
  const counted = reviews.entries.filter((entry) => isFindingsStatus(entry.value.server?.status));
  const cases = await vault.table<CaseFile, { batchId: string }>('cases').getMany(counted.map((entry) => entry.id));
  const outcomes: FindingsOutcome[] = [];
  for (const entry of counted) {
    const review = entry.value.server!;
    const stored = cases.found.get(entry.id);
    if (!stored) continue;
    outcomes.push({
      caseId: review.caseId,
      batchId: stored.clear.batchId,
      borough: stored.value.borough,
      periodStart: stored.value.periodStart,
      periodEnd: stored.value.periodEnd,
      reviewerId: review.reviewerId,
      status: review.status as FindingsReviewStatus,
      templateId: review.templateId,
      templateVersion: review.templateVersion,
      answers: review.answers,
    });
  }
  return {
    outcomes,
    templates: templates.entries.flatMap(({ value }) =>
      Object.entries(value.versions).map(([version, definition]) => ({ templateId: value.templateId, version: Number(version), definition })),
    ),
    batchNames: new Map(batches.entries.map(({ value }) => [value.batch.batchId, value.batch.name])),
    damaged: reviews.damaged.length + batches.damaged.length + templates.damaged.length + cases.damaged.length,
  };
}

function isFindingsStatus(status: string | undefined): status is FindingsReviewStatus {
  return (FINDINGS_REVIEW_STATUSES as readonly string[]).includes(status ?? '');
}
