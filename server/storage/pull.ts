import { z } from 'zod';
import type { Change } from '../../shared/sync-protocol/pull';
import { readBatches } from './batches';
import { accessOf, readBatchedCases } from './case-access';
import { readCasesWithLinks } from './cases';
import { FEED_KINDS, type FeedKind } from './change-feed';
import type { FieldCipher } from './field-cipher';
import type { SqlExecutor } from './sql-driver';
import { parseJsonColumn, parseRow, parseRows, sqlInteger, sqlNullableText, sqlText } from './sql-row';
import { readReviewStates } from './reviews';
import { StorageError, type PullPage } from './storage';
import type { TemplateVersions } from './templates';

const feedRow = z.object({ seq: sqlInteger, kind: z.enum(FEED_KINDS), entity_id: sqlText, detail: sqlNullableText });
const headRow = z.object({ head: sqlInteger.nullable() });
const removedCaseIds = z.array(z.string());

/**
 * One page of a user's feed after `afterSequence`, each entity in today's
 * state and only if the user may still see it. The page's entities are
 * read kind by kind, a few queries per page whatever its size; the
 * authorization check stays per entity.
 */
export async function pullChanges(db: SqlExecutor, cipher: FieldCipher, templates: TemplateVersions, userId: string, afterSequence: number, limit: number): Promise<PullPage> {
  const rows = parseRows(
    feedRow,
    await db.all('SELECT seq, kind, entity_id, detail FROM change_feed WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?', [userId, afterSequence, limit + 1]),
    'change feed row',
  );
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  if (page.length === 0 && afterSequence > 0) await refuseUnissuedCursor(db, afterSequence);

  // A later row for the same entity supersedes an earlier one in the page: both would carry today's state.
  const lastIndex = new Map<string, number>();
  page.forEach((row, index) => lastIndex.set(`${row.kind}:${row.entity_id}`, index));
  const entries = page.filter((row, index) => lastIndex.get(`${row.kind}:${row.entity_id}`) === index);
  const idsOf = (kind: FeedKind) => entries.filter((row) => row.kind === kind).map((row) => row.entity_id);

  const templateVersions = idsOf('template').map((key) => {
    const at = key.lastIndexOf('@');
    return { templateId: key.slice(0, at), version: Number(key.slice(at + 1)) };
  });
  const caseIds = idsOf('case');
  const reviewIds = idsOf('review');
  const [foundTemplates, batches, placements, cases, reviews] = await Promise.all([
    templates.read(db, templateVersions),
    readBatches(db, idsOf('batch')),
    readBatchedCases(db, [...caseIds, ...reviewIds]),
    readCasesWithLinks(db, cipher, caseIds),
    readReviewStates(db, cipher, reviewIds),
  ]);

  const changes: Change[] = [];
  for (const row of entries) {
    const change = ((): Change | null => {
      switch (row.kind) {
        case 'template': {
          const template = foundTemplates.get(row.entity_id);
          return template ? { kind: 'template', templateId: template.templateId, version: template.version, definition: template.definition } : null;
        }
        case 'batch': {
          const batch = batches.get(row.entity_id);
          return batch && batch.audience.includes(userId) ? { kind: 'batch', batch: batch.batch } : null;
        }
        case 'case': {
          const placement = placements.get(row.entity_id);
          const found = cases.get(row.entity_id);
          if (!accessOf(placement, userId) || !placement || !found) return null;
          return { kind: 'case', batchId: placement.batchId, case: found.file, linkedReferences: found.linkedReferences };
        }
        case 'review': {
          const review = reviews.get(row.entity_id);
          return accessOf(placements.get(row.entity_id), userId) && review ? { kind: 'review', review } : null;
        }
        case 'removal':
          return { kind: 'removal', batchId: row.entity_id, caseIds: row.detail ? parseJsonColumn(removedCaseIds, row.detail, 'removal') : [] };
      }
    })();
    if (change) changes.push(change);
  }
  const lastSequence = page.length > 0 ? page[page.length - 1]!.seq : afterSequence;
  return { changes, lastSequence, hasMore };
}

/**
 * Sequence numbers only grow, and a cursor is a sequence this database handed
 * out, so a cursor past the highest one was never issued here: most likely the
 * database was restored from a backup. Answering it with an empty page would
 * make the device miss every change after the restore.
 */
async function refuseUnissuedCursor(db: SqlExecutor, afterSequence: number): Promise<void> {
  const { head } = parseRow(headRow, (await db.all('SELECT MAX(seq) AS head FROM change_feed'))[0] ?? { head: null }, 'change feed head');
  if (afterSequence > (head ?? 0)) throw new StorageError('cursor_not_issued', 'the pull cursor is past every change this server has issued');
}
