import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import type { RecordLocation } from '../vault/vault-error';
import type { ListOptions, SealedEntry, SealedListing, SealedTable, VaultWrite } from '../vault/sealed-table';
import { withVersionHistory } from './review-history';
import { reviewStatusOf } from './review-status';
import type { ReviewClear, ReviewRecord } from './sync-records';

/**
 * Push receipts: the endpoint's acceptance of pushed submissions, sealed in
 * one row per push commit, in the transaction that removes their outbox
 * entries. Re-sealing every accepted review there cost more than the push
 * itself (each review read, opened, rebuilt, sealed and written back), and
 * the pull that follows rewrites the same reviews anyway. So the review rows
 * keep their pending submission, and everything that reads a review reads it
 * through `ReviewsTable`, which folds the acceptance in; `settlePushReceipts`
 * (settle-push-receipts.ts) later writes the folded reviews and drops the
 * receipts.
 */
export interface PushReceipt {
  /** Whose submissions they were: the accepted version's reviewer. */
  readonly reviewerId: string;
  readonly accepted: readonly AcceptedSubmission[];
}

export interface AcceptedSubmission {
  readonly caseId: string;
  readonly mutationId: string;
  /** The review version the endpoint stored for it. */
  readonly version: number;
}

export type PushReceiptClear = Record<string, never>;

/** A pending submission the endpoint accepted: it becomes the endpoint's current version. */
export function acceptedReview(record: ReviewRecord, version: number, reviewerId: string): ReviewRecord {
  const pending = record.pending;
  if (!pending) return record;
  return withVersionHistory({
    ...record,
    pending: null,
    rejection: null,
    server: {
      caseId: record.caseId,
      version,
      status: 'submitted',
      templateId: pending.templateId,
      templateVersion: pending.templateVersion,
      answers: pending.answers,
      reviewerId,
      submittedAt: pending.submittedAt,
      qc: null,
    },
  });
}

type ReviewEntry = SealedEntry<ReviewRecord, ReviewClear>;
/** Acceptances by mutation id: a receipt counts only for the submission still pending in the review. */
export type Acceptances = ReadonlyMap<string, { readonly version: number; readonly reviewerId: string }>;

const NO_ACCEPTANCES: Acceptances = new Map();

/** Folds an acceptance into a review entry whose pending submission it accepted; other entries pass unchanged. */
export function foldAcceptance(entry: ReviewEntry, acceptances: Acceptances): ReviewEntry {
  const pending = entry.value.pending;
  const accepted = pending ? acceptances.get(pending.mutationId) : undefined;
  if (!accepted) return entry;
  const value = acceptedReview(entry.value, accepted.version, accepted.reviewerId);
  return { id: entry.id, clear: { ...entry.clear, status: reviewStatusOf(value) }, value };
}

/**
 * The reviews as they stand: the stored rows with any push receipt folded in.
 * Same reads and writes as a sealed table; `stored` is the rows as written.
 */
export class ReviewsTable {
  constructor(
    readonly stored: SealedTable<ReviewRecord, ReviewClear>,
    readonly receipts: SealedTable<PushReceipt, PushReceiptClear>,
  ) {}

  async get(id: string): Promise<ReviewEntry | null> {
    const [entry, acceptances] = await Promise.all([this.stored.get(id), this.acceptances()]);
    return entry ? foldAcceptance(entry, acceptances) : null;
  }

  async getMany(ids: readonly string[]): Promise<{ found: Map<string, ReviewEntry>; damaged: RecordLocation[] }> {
    const [{ found, damaged }, acceptances] = await Promise.all([this.stored.getMany(ids), this.acceptances()]);
    if (acceptances.size > 0) for (const [id, entry] of found) found.set(id, foldAcceptance(entry, acceptances));
    return { found, damaged };
  }

  async list(options?: ListOptions): Promise<SealedListing<ReviewRecord, ReviewClear>> {
    const [listing, acceptances] = await Promise.all([this.stored.list(options), this.acceptances()]);
    if (acceptances.size === 0) return listing;
    return { entries: listing.entries.map((entry) => foldAcceptance(entry, acceptances)), damaged: listing.damaged };
  }

  seal(entries: readonly ReviewEntry[]): Promise<VaultWrite> {
    return this.stored.seal(entries);
  }

  /** Every acceptance the receipts hold (usually none: receipts live from a push to the end of its sync run). */
  async acceptances(): Promise<Acceptances> {
    if ((await this.receipts.count()) === 0) return NO_ACCEPTANCES;
    // A damaged receipt is left out: its reviews read as still pending, and the next pull brings the endpoint's version.
    const { entries } = await this.receipts.list();
    const acceptances = new Map<string, { version: number; reviewerId: string }>();
    for (const { value } of entries) {
      for (const accepted of value.accepted) acceptances.set(accepted.mutationId, { version: accepted.version, reviewerId: value.reviewerId });
    }
    return acceptances;
  }
}

/** One commit's acceptances as a receipt row (its id time-ordered, so receipts settle oldest first). */
export function sealPushReceipt(tables: { readonly reviews: ReviewsTable }, receipt: PushReceipt): Promise<VaultWrite> {
  return tables.reviews.receipts.seal([{ id: createUuidV7(), clear: {}, value: receipt }]);
}
