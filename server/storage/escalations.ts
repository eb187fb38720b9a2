import { z } from 'zod';
import type { EscalationState } from '../../shared/sync-protocol/pull';
import type { SqlExecutor, SqlRow, SqlValue } from './sql-driver';
import { insertRows, selectIn } from './sql-lists';
import { parseRow, parseRows, sqlInteger, sqlNullableText, sqlText } from './sql-row';
import type { StorageTransaction } from './storage-transaction';
import type { EscalationRecord } from './storage';

/**
 * Escalations (docs/sync-protocol.md, "Escalation"): a case whose review met
 * its template's escalation rule, opened once when the server first stored
 * such a version and acknowledged at most once by a lead of the case.
 */
export const ESCALATION_COLUMNS = [
  'case_id',
  'review_version',
  'reviewer_id',
  'mutation_id',
  'escalated_at',
  'acknowledged_by',
  'acknowledged_at',
  'acknowledged_device_id',
  'acknowledged_mutation_id',
] as const;

export const escalationRow = z.object({
  case_id: sqlText,
  review_version: sqlInteger,
  reviewer_id: sqlText,
  mutation_id: sqlText,
  escalated_at: sqlText,
  acknowledged_by: sqlNullableText,
  acknowledged_at: sqlNullableText,
  acknowledged_device_id: sqlNullableText,
  acknowledged_mutation_id: sqlNullableText,
});
export type EscalationRow = z.infer<typeof escalationRow>;

/** The escalation columns as a review state read selects them beside the review (a LEFT JOIN on `e`). */
export const ESCALATION_STATE_COLUMNS = 'e.escalated_at, e.review_version AS escalated_version, e.acknowledged_by, e.acknowledged_at';

const escalationStateRow = z.object({
  escalated_at: sqlNullableText,
  escalated_version: sqlInteger.nullable(),
  acknowledged_by: sqlNullableText,
  acknowledged_at: sqlNullableText,
});

/** What the app sees of an escalation, from a row read with ESCALATION_STATE_COLUMNS (null: none). */
export function escalationStateOf(row: SqlRow): EscalationState | null {
  const parsed = parseRow(escalationStateRow, row, 'escalation');
  if (parsed.escalated_at === null || parsed.escalated_version === null) return null;
  return { escalatedAt: parsed.escalated_at, reviewVersion: parsed.escalated_version, acknowledgedBy: parsed.acknowledged_by, acknowledgedAt: parsed.acknowledged_at };
}

/**
 * The escalations of the given cases, locked until the transaction ends
 * (PostgreSQL), so two nodes acknowledging one case at once decide one after
 * the other and the second sees the first's acknowledgement.
 */
export async function readEscalationsForUpdate(tx: StorageTransaction, caseIds: readonly string[]): Promise<Map<string, EscalationRow>> {
  if (caseIds.length === 0) return new Map();
  const rows = await selectIn(caseIds, (list, chunk) =>
    tx.sql.all(`SELECT ${ESCALATION_COLUMNS.join(', ')} FROM escalations WHERE case_id IN (${list}) ORDER BY case_id ${tx.forUpdate}`, chunk),
  );
  return new Map(parseRows(escalationRow, rows, 'escalation').map((row) => [row.case_id, row]));
}

/** Writes new escalations and acknowledgements in one statement; an existing row only ever gains its acknowledgement. */
export async function writeEscalations(tx: StorageTransaction, rows: readonly EscalationRow[]): Promise<void> {
  await insertRows(
    tx.sql,
    'escalations',
    ESCALATION_COLUMNS,
    [...rows].sort((a, b) => a.case_id.localeCompare(b.case_id)).map((row): SqlValue[] => ESCALATION_COLUMNS.map((column) => row[column])),
    `ON CONFLICT (case_id) DO UPDATE SET ${['acknowledged_by', 'acknowledged_at', 'acknowledged_device_id', 'acknowledged_mutation_id']
      .map((column) => `${column} = excluded.${column}`)
      .join(', ')}`,
  );
}

const listedRow = escalationRow.extend({ batch_id: sqlNullableText });

/**
 * Escalations for the admin CLI, oldest first: all, or only those not
 * acknowledged and escalated before `escalatedBefore`. Ids and times only.
 */
export async function listEscalations(db: SqlExecutor, filter: { unacknowledgedOnly: boolean; escalatedBefore?: string }): Promise<EscalationRecord[]> {
  const conditions: string[] = [];
  const values: SqlValue[] = [];
  if (filter.unacknowledgedOnly) conditions.push('e.acknowledged_at IS NULL');
  if (filter.escalatedBefore !== undefined) {
    conditions.push('e.escalated_at < ?');
    values.push(filter.escalatedBefore);
  }
  const rows = await db.all(
    `SELECT ${ESCALATION_COLUMNS.map((column) => `e.${column}`).join(', ')}, bc.batch_id
     FROM escalations e LEFT JOIN batch_cases bc ON bc.case_id = e.case_id
     ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY e.escalated_at, e.case_id`,
    values,
  );
  return parseRows(listedRow, rows, 'escalation').map((row) => ({
    caseId: row.case_id,
    batchId: row.batch_id,
    reviewerId: row.reviewer_id,
    reviewVersion: row.review_version,
    escalatedAt: row.escalated_at,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedDeviceId: row.acknowledged_device_id,
  }));
}
