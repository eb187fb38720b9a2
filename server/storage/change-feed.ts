import { z } from 'zod';
import type { SqlExecutor } from './sql-driver';
import { insertRows, selectIn } from './sql-lists';
import { parseRows, sqlInteger, sqlText } from './sql-row';
import type { StorageTransaction } from './storage-transaction';

/** What a feed row announces; a pull turns it into today's state of that entity (pull.ts). */
export const FEED_KINDS = ['template', 'batch', 'case', 'review', 'removal'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export interface FeedRow {
  readonly userId: string;
  readonly kind: FeedKind;
  readonly entityId: string;
  readonly detail: string | null;
  readonly createdAt: string;
}

/** Tells each of `userIds` that the entity changed; written when the transaction ends. */
export function appendFeed(tx: StorageTransaction, userIds: Iterable<string>, kind: FeedKind, entityId: string, detail: string | null, now: string): void {
  for (const userId of userIds) tx.feed.push({ userId, kind, entityId, detail, createdAt: now });
}

/**
 * The transaction's last step: take the feed lock, then insert the buffered
 * rows in order, so sequence numbers become visible in commit order and a
 * reader never sees seq n+1 before n (docs/sync-protocol.md, "Pull").
 */
export async function writeFeed(tx: StorageTransaction): Promise<void> {
  if (tx.feed.length === 0) return;
  await tx.sql.lockChangeFeed();
  await insertRows(
    tx.sql,
    'change_feed',
    ['user_id', 'kind', 'entity_id', 'detail', 'created_at'],
    tx.feed.map((row) => [row.userId, row.kind, row.entityId, row.detail, row.createdAt]),
  );
}

const firstSequenceRow = z.object({ entity_id: sqlText, first_seq: sqlInteger });

/** The sequence of the first feed row announcing each given entity of `kind` (to anyone); absent: never announced. */
export async function firstFeedSequences(db: SqlExecutor, kind: FeedKind, entityIds: readonly string[]): Promise<Map<string, number>> {
  if (entityIds.length === 0) return new Map();
  const rows = await selectIn(entityIds, (list, chunk) =>
    db.all(`SELECT entity_id, MIN(seq) AS first_seq FROM change_feed WHERE kind = ? AND entity_id IN (${list}) GROUP BY entity_id`, [kind, ...chunk]),
  );
  return new Map(parseRows(firstSequenceRow, rows, 'change feed sequence').map((row) => [row.entity_id, row.first_seq]));
}
