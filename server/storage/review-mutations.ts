import { z } from 'zod';
import { outcomeEscalates } from '../../shared/review-template/escalation';
import { mutationOutcomeSchema, type MutationOutcome, type MutationResult, type ReviewVersion } from '../../shared/sync-protocol/push';
import { accessOf, audienceOf, readBatchedCases } from './case-access';
import { appendFeed } from './change-feed';
import { readEscalationsForUpdate, writeEscalations, type EscalationRow } from './escalations';
import type { FieldCipher } from './field-cipher';
import type { SqlValue } from './sql-driver';
import { insertRows, selectIn } from './sql-lists';
import { parseJsonColumn, parseRows, sqlText } from './sql-row';
import type { StorageTransaction } from './storage-transaction';
import { readReviewVersions, REVIEW_COLUMNS, reviewRow, reviewVersionRowId, type ReviewRow } from './reviews';
import type { MutationRequest } from './storage';
import { templateKey, type TemplateVersions } from './templates';

const appliedRow = z.object({ mutation_id: sqlText, user_id: sqlText, content_hash: sqlText, result: sqlText });

interface Decided {
  readonly userId: string;
  readonly contentHash: string;
  readonly outcome: MutationOutcome;
}

/** A conflict whose `current` is filled once every mutation is decided (from this push, or in one read). */
interface PendingCurrent {
  readonly outcome: Extract<MutationOutcome, { status: 'conflict' }>;
  readonly caseId: string;
  readonly versionNo: number;
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/**
 * Applies a push: reads what every mutation needs in a few set-based queries
 * (earlier results, case placements, locked review rows, templates), decides
 * each mutation in order and alone — a later one sees the earlier ones through
 * the in-memory state — and writes with multi-row statements.
 *
 * Exactly once across nodes: `applied_mutations.mutation_id` and
 * `review_versions (case_id, version_no)` are unique, and existing review rows
 * are locked; a node that lost a race fails on a unique key, and the driver
 * retries the whole transaction, which then reads the winner's rows.
 */
export async function applyMutations(tx: StorageTransaction, cipher: FieldCipher, templates: TemplateVersions, requests: readonly MutationRequest[]): Promise<MutationResult[]> {
  if (requests.length === 0) return [];
  const caseIds = unique(requests.map((request) => request.mutation.caseId)).sort();

  const decided = new Map<string, Decided>();
  const earlier = await selectIn(unique(requests.map((request) => request.mutation.mutationId)), (list, chunk) =>
    tx.sql.all(`SELECT mutation_id, user_id, content_hash, result FROM applied_mutations WHERE mutation_id IN (${list})`, chunk),
  );
  for (const row of parseRows(appliedRow, earlier, 'applied mutation')) {
    decided.set(row.mutation_id, { userId: row.user_id, contentHash: row.content_hash, outcome: parseJsonColumn(mutationOutcomeSchema, cipher.open('applied_mutations.result', row.mutation_id, row.result), 'mutation result'),
    });
  }
  const placements = await readBatchedCases(tx.sql, caseIds);
  // Locked in case-id order on PostgreSQL, so two pushes over the same cases cannot deadlock.
  const reviewRows = await selectIn(caseIds, (list, chunk) =>
    tx.sql.all(`SELECT ${REVIEW_COLUMNS.join(', ')} FROM reviews WHERE case_id IN (${list}) ORDER BY case_id ${tx.forUpdate}`, chunk),
  );
  const reviews = new Map(parseRows(reviewRow, reviewRows, 'review').map((row): [string, ReviewRow] => [row.case_id, row]));
  const pinnedVersions = new Map([...placements.values()].map((placement) => [templateKey(placement.templateId, placement.templateVersion), { templateId: placement.templateId, version: placement.templateVersion }]));
  // Read for every submission, checked or not: the escalation rule is decided here whatever the caller checks.
  const pinned = requests.some((request) => request.mutation.type === 'review.submit') ? await templates.read(tx.sql, [...pinnedVersions.values()]) : new Map<string, never>();
  // After the review rows: their locks order two nodes acknowledging the same case.
  const escalations = await readEscalationsForUpdate(tx, caseIds);
  const changedEscalations = new Set<string>();

  const results: MutationResult[] = [];
  const changedReviews = new Set<string>();
  const versionRows: SqlValue[][] = [];
  const versionsMade = new Map<string, ReviewVersion>();
  const qcRows: SqlValue[][] = [];
  const appliedRows: { request: MutationRequest; outcome: MutationOutcome }[] = [];
  const pendingCurrents: PendingCurrent[] = [];

  const conflictWithCurrent = (mutationId: string, caseId: string, currentVersion: number, keptAs: number | null): MutationOutcome => {
    const outcome: Extract<MutationOutcome, { status: 'conflict' }> = { mutationId, status: 'conflict', keptAs, current: null };
    if (currentVersion > 0) pendingCurrents.push({ outcome, caseId, versionNo: currentVersion });
    return outcome;
  };

  const decide = (request: MutationRequest): MutationOutcome => {
    const { mutation, now, userId } = request;
    const { mutationId, caseId } = mutation;
    const placement = placements.get(caseId);
    const access = accessOf(placement, userId);
    if (!access || !placement) return { mutationId, status: 'rejected', reason: 'forbidden' };
    if (mutation.type !== 'review.submit' && access !== 'lead') return { mutationId, status: 'rejected', reason: 'not_lead' };
    if (mutation.type === 'review.submit' && access !== 'assignee') return { mutationId, status: 'rejected', reason: 'forbidden' };

    const review = reviews.get(caseId);
    const currentVersion = review ? review.current_version : 0;

    if (mutation.type === 'escalation.acknowledge') {
      // Whatever version the lead saw: the acknowledgement is of the case's escalation, not of one version.
      const escalation = escalations.get(caseId);
      if (!escalation) return { mutationId, status: 'rejected', reason: 'not_applicable' };
      if (escalation.acknowledged_at !== null) return { mutationId, status: 'rejected', reason: 'already_acknowledged' };
      escalations.set(caseId, { ...escalation, acknowledged_by: userId, acknowledged_at: now, acknowledged_device_id: request.deviceId, acknowledged_mutation_id: mutationId });
      changedEscalations.add(caseId);
      appendFeed(tx, audienceOf(placement), 'review', caseId, null, now);
      return { mutationId, status: 'applied', version: currentVersion };
    }

    if (mutation.type === 'qc.decide') {
      if (!review) return { mutationId, status: 'rejected', reason: 'not_applicable' };
      const stale = mutation.baseVersion !== currentVersion;
      qcRows.push([mutationId, caseId, mutation.baseVersion, mutation.payload.decision, cipher.sealNullable('qc_decisions.comment', mutationId, mutation.payload.comment ?? null), userId, stale ? 1 : 0, now]);
      if (stale) return conflictWithCurrent(mutationId, caseId, currentVersion, null);
      reviews.set(caseId, {
        ...review,
        status: mutation.payload.decision === 'approve' ? 'approved' : 'returned',
        qc_decision: mutation.payload.decision,
        // Kept sealed in the in-memory row too: it is written back as it is.
        qc_comment: cipher.sealNullable('reviews.qc_comment', caseId, mutation.payload.comment ?? null),
        qc_lead_id: userId,
        qc_review_version: currentVersion,
        qc_decided_at: now,
        updated_at: now,
      });
      changedReviews.add(caseId);
      appendFeed(tx, audienceOf(placement), 'review', caseId, null, now);
      return { mutationId, status: 'applied', version: currentVersion };
    }

    const { payload } = mutation;
    // A review answers the template version its batch is pinned to, nothing else (docs/api.md, "push").
    if (payload.templateId !== placement.templateId || payload.templateVersion !== placement.templateVersion) {
      return { mutationId, status: 'rejected', reason: 'not_applicable' };
    }
    const template = pinned.get(templateKey(placement.templateId, placement.templateVersion));
    if (request.checkAnswers) {
      if (!template) return { mutationId, status: 'rejected', reason: 'not_applicable' };
      const fieldErrors = request.checkAnswers(template.definition, payload.answers);
      if (fieldErrors.length > 0) return { mutationId, status: 'rejected', reason: 'invalid_payload', fieldErrors };
    }
    const versionNo = (review ? review.last_version_no : 0) + 1;
    const stale = mutation.baseVersion !== currentVersion;
    // A kept conflict copy escalates too: a child at risk must not wait for the reviewer to resolve a conflict.
    if (template && !escalations.has(caseId) && outcomeEscalates(template.definition, payload.answers)) {
      escalations.set(caseId, {
        case_id: caseId,
        review_version: versionNo,
        reviewer_id: userId,
        mutation_id: mutationId,
        escalated_at: now,
        acknowledged_by: null,
        acknowledged_at: null,
        acknowledged_device_id: null,
        acknowledged_mutation_id: null,
      } satisfies EscalationRow);
      changedEscalations.add(caseId);
      // An accepted version is announced below; for a conflict copy, the current review goes out again with its escalation.
      if (stale) appendFeed(tx, audienceOf(placement), 'review', caseId, null, now);
    }
    versionRows.push([
      caseId,
      versionNo,
      stale ? 'conflict' : 'accepted',
      mutation.baseVersion,
      payload.templateId,
      payload.templateVersion,
      cipher.seal('review_versions.answers', reviewVersionRowId(caseId, versionNo), JSON.stringify(payload.answers)),
      userId,
      request.deviceId,
      mutationId,
      now,
    ]);
    versionsMade.set(`${caseId} ${versionNo}`, {
      version: versionNo,
      templateId: payload.templateId,
      templateVersion: payload.templateVersion,
      answers: payload.answers,
      reviewerId: userId,
      submittedAt: now,
    });
    const base: ReviewRow = review ?? {
      case_id: caseId,
      current_version: 0,
      last_version_no: 0,
      status: 'submitted',
      qc_decision: null,
      qc_comment: null,
      qc_lead_id: null,
      qc_review_version: null,
      qc_decided_at: null,
      updated_at: now,
    };
    reviews.set(caseId, stale ? { ...base, last_version_no: versionNo } : { ...base, current_version: versionNo, last_version_no: versionNo, status: 'submitted', updated_at: now });
    changedReviews.add(caseId);
    if (stale) return conflictWithCurrent(mutationId, caseId, currentVersion, versionNo);
    appendFeed(tx, audienceOf(placement), 'review', caseId, null, now);
    return { mutationId, status: 'applied', version: versionNo };
  };

  for (const request of requests) {
    const { mutation } = request;
    const previous = decided.get(mutation.mutationId);
    if (previous) {
      results.push(
        previous.userId === request.userId && previous.contentHash === request.contentHash
          ? { mutationId: mutation.mutationId, status: 'duplicate', first: previous.outcome }
          : { mutationId: mutation.mutationId, status: 'rejected', reason: 'mutation_id_reused' },
      );
      continue;
    }
    const outcome = decide(request);
    decided.set(mutation.mutationId, { userId: request.userId, contentHash: request.contentHash, outcome });
    appliedRows.push({ request, outcome });
    results.push(outcome);
  }

  const stored = await readReviewVersions(
    tx.sql,
    cipher,
    pendingCurrents.filter((pending) => !versionsMade.has(`${pending.caseId} ${pending.versionNo}`)),
  );
  for (const pending of pendingCurrents) {
    const key = `${pending.caseId} ${pending.versionNo}`;
    pending.outcome.current = versionsMade.get(key) ?? stored.get(key) ?? null;
  }

  // Versions first: on a race between nodes, their primary key is what fails the loser.
  await insertRows(
    tx.sql,
    'review_versions',
    ['case_id', 'version_no', 'kind', 'base_version', 'template_id', 'template_version', 'answers', 'reviewer_id', 'device_id', 'mutation_id', 'created_at'],
    versionRows,
  );
  await writeEscalations(tx, [...changedEscalations].map((caseId) => escalations.get(caseId)!));
  await insertRows(tx.sql, 'qc_decisions', ['mutation_id', 'case_id', 'review_version', 'decision', 'comment', 'lead_id', 'stale', 'decided_at'], qcRows);
  await insertRows(
    tx.sql,
    'reviews',
    REVIEW_COLUMNS,
    [...changedReviews].sort().map((caseId) => {
      const row = reviews.get(caseId)!;
      return REVIEW_COLUMNS.map((column) => row[column]);
    }),
    `ON CONFLICT (case_id) DO UPDATE SET ${REVIEW_COLUMNS.filter((column) => column !== 'case_id')
      .map((column) => `${column} = excluded.${column}`)
      .join(', ')}`,
  );
  await insertRows(
    tx.sql,
    'applied_mutations',
    ['mutation_id', 'device_id', 'user_id', 'content_hash', 'result', 'applied_at'],
    appliedRows.map(({ request, outcome }) => [
      request.mutation.mutationId,
      request.deviceId,
      request.userId,
      request.contentHash,
      cipher.seal('applied_mutations.result', request.mutation.mutationId, JSON.stringify(outcome)),
      request.now,
    ]),
  );
  return results;
}
