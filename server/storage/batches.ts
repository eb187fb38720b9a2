import { z } from 'zod';
import type { Batch } from '../../shared/sync-protocol/pull';
import { audienceOf } from './case-access';
import { appendFeed } from './change-feed';
import { requireRole } from './people';
import type { SqlExecutor } from './sql-driver';
import { insertRows, selectIn } from './sql-lists';
import { parseRows, sqlInteger, sqlNullableText, sqlText } from './sql-row';
import type { StorageTransaction } from './storage-transaction';
import { StorageError, type NewBatch } from './storage';
import { templateKey, type TemplateVersions } from './templates';

const batchRow = z.object({
  batch_id: sqlText,
  name: sqlText,
  assignee_id: sqlText,
  lead_id: sqlText,
  team_lead_id: sqlNullableText,
  template_id: sqlText,
  template_version: sqlInteger,
  due_date: sqlNullableText,
});
const batchCaseRow = z.object({ batch_id: sqlText, case_id: sqlText });
const caseIdRow = z.object({ case_id: sqlText });

/** A batch with the audience of its feed (assignee, batch lead, team lead). */
export interface BatchWithAudience {
  readonly batch: Batch;
  readonly audience: string[];
}

const BATCHES_SQL = `
  SELECT b.batch_id, b.name, b.assignee_id, b.lead_id, t.lead_id AS team_lead_id, b.template_id, b.template_version, b.due_date
  FROM batches b
  LEFT JOIN users u ON u.user_id = b.assignee_id
  LEFT JOIN teams t ON t.team_id = u.team_id`;

function assemble(rows: readonly z.infer<typeof batchRow>[], cases: readonly z.infer<typeof batchCaseRow>[]): Map<string, BatchWithAudience> {
  const caseIds = new Map<string, string[]>();
  for (const row of cases) {
    let list = caseIds.get(row.batch_id);
    if (!list) caseIds.set(row.batch_id, (list = []));
    list.push(row.case_id);
  }
  return new Map(
    rows.map((row) => [
      row.batch_id,
      {
        batch: {
          batchId: row.batch_id,
          name: row.name,
          assigneeId: row.assignee_id,
          leadId: row.lead_id,
          templateId: row.template_id,
          templateVersion: row.template_version,
          dueDate: row.due_date,
          caseIds: (caseIds.get(row.batch_id) ?? []).sort(),
        },
        audience: audienceOf({ assigneeId: row.assignee_id, leadId: row.lead_id, teamLeadId: row.team_lead_id }),
      },
    ]),
  );
}

/** The given batches with their cases and audiences, in two queries. */
export async function readBatches(db: SqlExecutor, batchIds: Iterable<string>): Promise<Map<string, BatchWithAudience>> {
  const ids = [...new Set(batchIds)];
  if (ids.length === 0) return new Map();
  const rows = parseRows(batchRow, await selectIn(ids, (list, chunk) => db.all(`${BATCHES_SQL} WHERE b.batch_id IN (${list})`, chunk)), 'batch');
  const cases = parseRows(
    batchCaseRow,
    await selectIn(ids, (list, chunk) => db.all(`SELECT batch_id, case_id FROM batch_cases WHERE batch_id IN (${list})`, chunk)),
    'batch case',
  );
  return assemble(rows, cases);
}

export async function readBatch(db: SqlExecutor, batchId: string): Promise<BatchWithAudience | null> {
  return (await readBatches(db, [batchId])).get(batchId) ?? null;
}

export async function listBatches(db: SqlExecutor): Promise<Batch[]> {
  const rows = parseRows(batchRow, await db.all(`${BATCHES_SQL} ORDER BY b.batch_id`), 'batch');
  const cases = parseRows(batchCaseRow, await db.all('SELECT batch_id, case_id FROM batch_cases'), 'batch case');
  return [...assemble(rows, cases).values()].map((entry) => entry.batch);
}

/**
 * The app keeps its vault-wide keys and audit under the batch scope `vault`:
 * a server batch of that id would share (and, erased, destroy) them. Refused
 * in any letter case, since file systems and eyes may fold case.
 */
export const RESERVED_BATCH_IDS: readonly string[] = ['vault'];

export async function createBatch(tx: StorageTransaction, templates: TemplateVersions, batch: NewBatch, now: string): Promise<Batch> {
  if (RESERVED_BATCH_IDS.includes(batch.batchId.toLowerCase())) {
    throw new StorageError('reserved_id', `the batch id "${batch.batchId}" is reserved by the app`);
  }
  if ((await tx.sql.all('SELECT 1 FROM batches WHERE batch_id = ?', [batch.batchId])).length > 0) {
    throw new StorageError('already_exists', `batch ${batch.batchId} exists`);
  }
  await requireRole(tx.sql, batch.assigneeId, ['reviewer', 'lead'], 'assignee');
  await requireRole(tx.sql, batch.leadId, ['lead'], 'lead');
  const template = await templates.readOne(tx.sql, batch.templateId, batch.templateVersion);
  if (!template) throw new StorageError('invalid_reference', `no template ${batch.templateId}${batch.templateVersion ? ` version ${batch.templateVersion}` : ''}`);
  const caseIds = [...new Set(batch.caseIds)];
  if (caseIds.length === 0) throw new StorageError('invalid_reference', 'a batch needs at least one case');
  const known = new Set(
    parseRows(caseIdRow, await selectIn(caseIds, (list, chunk) => tx.sql.all(`SELECT case_id FROM cases WHERE case_id IN (${list})`, chunk)), 'case id').map((row) => row.case_id),
  );
  const unknown = caseIds.find((caseId) => !known.has(caseId));
  if (unknown !== undefined) throw new StorageError('invalid_reference', `no case ${unknown}`);
  const batched = parseRows(
    caseIdRow,
    await selectIn(caseIds, (list, chunk) => tx.sql.all(`SELECT case_id FROM batch_cases WHERE case_id IN (${list}) ORDER BY case_id`, chunk)),
    'case id',
  );
  if (batched.length > 0) throw new StorageError('case_already_batched', `case ${batched[0]!.case_id} is already in a batch`);
  await tx.sql.run(
    'INSERT INTO batches (batch_id, name, assignee_id, lead_id, template_id, template_version, due_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [batch.batchId, batch.name, batch.assigneeId, batch.leadId, template.templateId, template.version, batch.dueDate, now],
  );
  await insertRows(tx.sql, 'batch_cases', ['case_id', 'batch_id'], caseIds.map((caseId) => [caseId, batch.batchId]));
  const created = (await readBatch(tx.sql, batch.batchId))!;
  await announceBatch(tx, created.batch, created.audience, now);
  return created.batch;
}

export async function reassignBatch(tx: StorageTransaction, batchId: string, assigneeId: string, now: string): Promise<void> {
  const before = await readBatch(tx.sql, batchId);
  if (!before) throw new StorageError('not_found', `no batch ${batchId}`);
  await requireRole(tx.sql, assigneeId, ['reviewer', 'lead'], 'assignee');
  await tx.sql.run('UPDATE batches SET assignee_id = ? WHERE batch_id = ?', [assigneeId, batchId]);
  const after = (await readBatch(tx.sql, batchId))!;
  const removed = before.audience.filter((userId) => !after.audience.includes(userId));
  appendFeed(tx, removed, 'removal', batchId, JSON.stringify(before.batch.caseIds), now);
  await announceBatch(tx, after.batch, after.audience, now);
}

/** Everything a user needs to start on a batch: its template, the batch, its cases and their reviews. */
async function announceBatch(tx: StorageTransaction, batch: Batch, audience: readonly string[], now: string): Promise<void> {
  appendFeed(tx, audience, 'template', templateKey(batch.templateId, batch.templateVersion), null, now);
  appendFeed(tx, audience, 'batch', batch.batchId, null, now);
  for (const caseId of batch.caseIds) appendFeed(tx, audience, 'case', caseId, null, now);
  const reviewed = parseRows(
    caseIdRow,
    await tx.sql.all('SELECT r.case_id FROM reviews r JOIN batch_cases bc ON bc.case_id = r.case_id WHERE bc.batch_id = ? ORDER BY r.case_id', [batch.batchId]),
    'case id',
  );
  for (const row of reviewed) appendFeed(tx, audience, 'review', row.case_id, null, now);
}
