import { z } from 'zod';
import { outcomeAnswersSchema } from '../../shared/review-template/validate-outcome';
import type { ReviewState } from '../../shared/sync-protocol/pull';
import type { ReviewVersion } from '../../shared/sync-protocol/push';
import { ESCALATION_STATE_COLUMNS, escalationStateOf } from './escalations';
import type { FieldCipher } from './field-cipher';
import type { SqlExecutor } from './sql-driver';
import { selectIn } from './sql-lists';
import { parseJsonColumn, parseRows, sqlInteger, sqlNullableText, sqlText } from './sql-row';
import type { StoredReviewVersion } from './storage';

/** A `reviews` row: the case's current version and its QC state. */
export const reviewRow = z.object({
  case_id: sqlText,
  current_version: sqlInteger,
  last_version_no: sqlInteger,
  status: z.enum(['submitted', 'approved', 'returned']),
  qc_decision: z.enum(['approve', 'return']).nullable(),
  qc_comment: sqlNullableText,
  qc_lead_id: sqlNullableText,
  qc_review_version: sqlInteger.nullable(),
  qc_decided_at: sqlNullableText,
  updated_at: sqlText,
});
export type ReviewRow = z.infer<typeof reviewRow>;

export const REVIEW_COLUMNS = [
  'case_id',
  'current_version',
  'last_version_no',
  'status',
  'qc_decision',
  'qc_comment',
  'qc_lead_id',
  'qc_review_version',
  'qc_decided_at',
  'updated_at',
] as const;

const versionRow = z.object({
  case_id: sqlText,
  version_no: sqlInteger,
  template_id: sqlText,
  template_version: sqlInteger,
  answers: sqlText,
  reviewer_id: sqlText,
  created_at: sqlText,
});

const historyRow = z.object({
  version_no: sqlInteger,
  kind: z.enum(['accepted', 'conflict']),
  base_version: sqlInteger,
  reviewer_id: sqlText,
  mutation_id: sqlText,
});

/** The id a version's sealed answers are bound to. */
export function reviewVersionRowId(caseId: string, versionNo: number): string {
  return `${caseId}/${versionNo}`;
}

function toReviewVersion(cipher: FieldCipher, row: z.infer<typeof versionRow>): ReviewVersion {
  return {
    version: row.version_no,
    templateId: row.template_id,
    templateVersion: row.template_version,
    answers: parseJsonColumn(outcomeAnswersSchema, cipher.open('review_versions.answers', reviewVersionRowId(row.case_id, row.version_no), row.answers), 'review answers'),
    reviewerId: row.reviewer_id,
    submittedAt: row.created_at,
  };
}

const VERSION_COLUMNS = 'rv.case_id, rv.version_no, rv.template_id, rv.template_version, rv.answers, rv.reviewer_id, rv.created_at';

/** Given versions of given cases (a push's conflicts: at most 100), keyed `caseId version`, in one query. */
export async function readReviewVersions(db: SqlExecutor, cipher: FieldCipher, wanted: readonly { caseId: string; versionNo: number }[]): Promise<Map<string, ReviewVersion>> {
  const found = new Map<string, ReviewVersion>();
  if (wanted.length === 0) return found;
  const pairs = [...new Map(wanted.map((entry) => [`${entry.caseId} ${entry.versionNo}`, entry])).values()];
  const rows = await db.all(
    `SELECT ${VERSION_COLUMNS} FROM review_versions rv WHERE ${pairs.map(() => '(rv.case_id = ? AND rv.version_no = ?)').join(' OR ')}`,
    pairs.flatMap((entry) => [entry.caseId, entry.versionNo]),
  );
  for (const row of parseRows(versionRow, rows, 'review version')) found.set(`${row.case_id} ${row.version_no}`, toReviewVersion(cipher, row));
  return found;
}

/** The review state (current version and QC) of each given case that has an accepted version. */
export async function readReviewStates(db: SqlExecutor, cipher: FieldCipher, caseIds: Iterable<string>): Promise<Map<string, ReviewState>> {
  const ids = [...new Set(caseIds)];
  const states = new Map<string, ReviewState>();
  if (ids.length === 0) return states;
  const rows = await selectIn(ids, (list, chunk) =>
    db.all(
      `SELECT r.case_id, r.current_version, r.last_version_no, r.status, r.qc_decision, r.qc_comment, r.qc_lead_id, r.qc_review_version,
              r.qc_decided_at, r.updated_at, ${VERSION_COLUMNS.replaceAll('rv.case_id, ', '')}, ${ESCALATION_STATE_COLUMNS}
       FROM reviews r JOIN review_versions rv ON rv.case_id = r.case_id AND rv.version_no = r.current_version
       LEFT JOIN escalations e ON e.case_id = r.case_id
       WHERE r.case_id IN (${list})`,
      chunk,
    ),
  );
  for (const row of rows) {
    const review = parseRows(reviewRow, [row], 'review')[0]!;
    const version = toReviewVersion(cipher, parseRows(versionRow, [row], 'review version')[0]!);
    states.set(review.case_id, {
      caseId: review.case_id,
      version: version.version,
      status: review.status,
      templateId: version.templateId,
      templateVersion: version.templateVersion,
      answers: version.answers,
      reviewerId: version.reviewerId,
      submittedAt: version.submittedAt,
      qc:
        review.qc_decision && review.qc_lead_id && review.qc_decided_at
          ? { decision: review.qc_decision, comment: cipher.openNullable('reviews.qc_comment', review.case_id, review.qc_comment), leadId: review.qc_lead_id, reviewVersion: review.qc_review_version ?? 0, decidedAt: review.qc_decided_at }
          : null,
      escalation: escalationStateOf(row),
    });
  }
  return states;
}

export async function listReviewVersions(db: SqlExecutor, caseId: string): Promise<StoredReviewVersion[]> {
  const rows = await db.all('SELECT version_no, kind, base_version, reviewer_id, mutation_id FROM review_versions WHERE case_id = ? ORDER BY version_no', [caseId]);
  return parseRows(historyRow, rows, 'review version').map((row) => ({
    versionNo: row.version_no,
    kind: row.kind,
    baseVersion: row.base_version,
    reviewerId: row.reviewer_id,
    mutationId: row.mutation_id,
  }));
}
