import type { Mutation } from '../../shared/sync-protocol/push';
import type { SealedEntry, VaultWrite } from '../vault/sealed-table';
import type { OutboxClear, OutboxEntry, SyncTables } from './sync-records';

/**
 * The outbox: every change the endpoint must receive, sealed in the vault in
 * the same transaction as the change itself, pushed in `order`. An entry
 * leaves only in the transaction that stores the endpoint's answer to it.
 */

/** Issues strictly increasing order numbers (microseconds since the epoch, bumped on ties). */
export class OutboxOrder {
  private last = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Continue after what the vault already holds (entries survive restarts). */
  async resumeFrom(tables: SyncTables): Promise<void> {
    const newest = await tables.outbox.lastClearFieldsBy('order');
    this.last = Math.max(this.last, newest?.order ?? 0);
  }

  next(): number {
    this.last = Math.max(this.last + 1, this.now() * 1000);
    return this.last;
  }
}

export function sealOutboxEntries(
  tables: SyncTables,
  items: readonly { readonly mutation: Mutation; readonly batchId: string }[],
  order: OutboxOrder,
  queuedAt: string,
): Promise<VaultWrite> {
  return tables.outbox.seal(
    items.map(({ mutation, batchId }) => ({
      id: mutation.mutationId,
      clear: { batchId, order: order.next(), state: 'queued' },
      value: { mutation, queuedAt, rejection: null },
    })),
  );
}

/** The next entries to push, in order, after `afterOrder`; rejected entries wait for the reviewer. */
export async function readQueuedPage(
  tables: SyncTables,
  afterOrder: number,
  limit: number,
): Promise<SealedEntry<OutboxEntry, OutboxClear>[]> {
  const page: SealedEntry<OutboxEntry, OutboxClear>[] = [];
  let above = afterOrder;
  while (page.length < limit) {
    const { entries } = await tables.outbox.list({ orderBy: 'order', above, limit: limit - page.length });
    if (entries.length === 0) break;
    page.push(...entries.filter((entry) => entry.clear.state === 'queued'));
    above = entries[entries.length - 1]!.clear.order;
  }
  return page;
}

export function countQueued(tables: SyncTables): Promise<number> {
  return tables.outbox.count({ field: 'state', equals: 'queued' });
}

export function countRejected(tables: SyncTables): Promise<number> {
  return tables.outbox.count({ field: 'state', equals: 'rejected' });
}
