import { z } from 'zod';
import type { SqlExecutor } from './sql-driver';
import { selectIn } from './sql-lists';
import { parseRows, sqlInteger, sqlNullableText, sqlText } from './sql-row';
import type { CaseAccess } from './storage';

/**
 * Who may reach a batched case: its batch's assignee, the batch lead and the
 * lead of the assignee's team (docs/api.md, "Authorization per case"). The
 * same three are the batch's audience in the change feed.
 */
export interface BatchedCase {
  readonly caseId: string;
  readonly batchId: string;
  readonly assigneeId: string;
  readonly leadId: string;
  readonly teamLeadId: string | null;
  readonly templateId: string;
  readonly templateVersion: number;
}

const batchedCaseRow = z
  .object({
    case_id: sqlText,
    batch_id: sqlText,
    assignee_id: sqlText,
    lead_id: sqlText,
    team_lead_id: sqlNullableText,
    template_id: sqlText,
    template_version: sqlInteger,
  })
  .transform(
    (row): BatchedCase => ({
      caseId: row.case_id,
      batchId: row.batch_id,
      assigneeId: row.assignee_id,
      leadId: row.lead_id,
      teamLeadId: row.team_lead_id,
      templateId: row.template_id,
      templateVersion: row.template_version,
    }),
  );

const BATCHED_CASES_SQL = (list: string) => `
  SELECT bc.case_id, b.batch_id, b.assignee_id, b.lead_id, t.lead_id AS team_lead_id, b.template_id, b.template_version
  FROM batch_cases bc
  JOIN batches b ON b.batch_id = bc.batch_id
  LEFT JOIN users u ON u.user_id = b.assignee_id
  LEFT JOIN teams t ON t.team_id = u.team_id
  WHERE bc.case_id IN (${list})`;

/** The batch placement of each given case that is in a batch, in one query per few thousand ids. */
export async function readBatchedCases(db: SqlExecutor, caseIds: Iterable<string>): Promise<Map<string, BatchedCase>> {
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return new Map();
  const rows = await selectIn(ids, (list, chunk) => db.all(BATCHED_CASES_SQL(list), chunk));
  return new Map(parseRows(batchedCaseRow, rows, 'case placement').map((placement) => [placement.caseId, placement]));
}

export function accessOf(placement: BatchedCase | undefined, userId: string): CaseAccess | null {
  if (!placement) return null;
  if (placement.assigneeId === userId) return 'assignee';
  if (placement.leadId === userId || placement.teamLeadId === userId) return 'lead';
  return null;
}

/** Everyone who may see the batch: sorted, without repeats. */
export function audienceOf(placement: Pick<BatchedCase, 'assigneeId' | 'leadId' | 'teamLeadId'>): string[] {
  const audience = new Set([placement.assigneeId, placement.leadId]);
  if (placement.teamLeadId !== null) audience.add(placement.teamLeadId);
  return [...audience].sort();
}
