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
  private escalated = 0;

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

  /**
   * An order ahead of every ordinary entry (an escalated outcome: a child
   * possibly at risk today must not wait behind a batch's backlog), still in
   * time order among escalated ones: ESCALATION_LEAD microseconds is ~31 years.
   */
  nextEscalated(): number {
    this.escalated++;
    return this.next() - ESCALATION_LEAD;
  }

  /**
   * How many escalated orders this session issued: every other order is above
   * all orders before it, so a reader that saw this count unchanged can read
   * on from the last order it read.
   */
  get escalationsIssued(): number {
    return this.escalated;
  }
}

const ESCALATION_LEAD = 1e15;

export function sealOutboxEntries(
  tables: SyncTables,
  items: readonly { readonly mutation: Mutation; readonly batchId: string; readonly escalated?: boolean }[],
  order: OutboxOrder,
  queuedAt: string,
): Promise<VaultWrite> {
  return tables.outbox.seal(
    items.map(({ mutation, batchId, escalated }) => ({
      id: mutation.mutationId,
      clear: { batchId, order: escalated ? order.nextEscalated() : order.next(), state: 'queued' },
      value: { mutation, queuedAt, rejection: null },
    })),
  );
}

/**
 * The first entries to push, in order, leaving out those already in flight
 * (and, given `after`, those at or below that order); rejected entries wait
 * for the reviewer.
 */
export async function readQueuedPage(
  tables: SyncTables,
  limit: number,
  inFlight: ReadonlySet<string> = new Set(),
  after?: number,
): Promise<SealedEntry<OutboxEntry, OutboxClear>[]> {
  // Above `after` nothing is in flight (the reader read up to it), so there is nothing to skip there.
  const skip = after === undefined ? inFlight : new Set<string>();
  // One read of the rows in order on the [state+order] index; only the chosen rows are opened.
  // A row that failed to open is left out here; it stays in the outbox, counted as waiting.
  const { entries } = await tables.outbox.listInCompoundOrder('[state+order]', 'queued', limit, { after, skip });
  return entries.filter((entry) => entry.clear.state === 'queued' && !inFlight.has(entry.id));
}

export function countQueued(tables: SyncTables): Promise<number> {
  return tables.outbox.count({ field: 'state', equals: 'queued' });
}

export function countRejected(tables: SyncTables): Promise<number> {
  return tables.outbox.count({ field: 'state', equals: 'rejected' });
}
