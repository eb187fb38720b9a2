import { insertRows } from './sql-lists';
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
