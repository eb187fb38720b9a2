import { MAX_PULL_PAGE } from '../../shared/sync-protocol/pull';
import { MAX_PUSH_PAGES_PER_CALL } from '../../shared/ipc/network-contract';
import { MAX_MUTATIONS_PER_PUSH, type PushResponse } from '../../shared/sync-protocol/push';
import type { Vault } from '../vault/vault';
import { isVaultError } from '../vault/vault-error';
import { applyPullPage } from './apply-pull-page';
import { applyPushResults } from './apply-push-results';
import { importSigningKey } from './enrol-device';
import { answerBody, EndpointRefusal, ipcValue, isTransient, refusalOf, TransportFailure, type NetworkPort } from './network-port';
import { countQueued, countRejected, OutboxOrder, readQueuedPage } from './outbox';
import { pullTeamAudit } from './pull-team-audit';
import { settlePushReceipts } from './settle-push-receipts';
import { runPushPipeline, type OutboxPage } from './push-pipeline';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-policy';
import { describeSyncProblem, type SyncProblemCode } from './sync-problem';
import {
  readSyncState,
  SYNC_STATE_IDS,
  sealSyncState,
  syncTables,
  type DeviceCredentials,
  type PullState,
  type SyncMarks,
  type SyncTables,
} from './sync-records';
import { uploadAuditChain } from './upload-audit';
import { hasVaultChanges, type VaultChanges } from './vault-changes';

export type SyncPhase = 'idle' | 'probing' | 'pushing' | 'uploading-audit' | 'pulling';

export interface SyncStatus {
  readonly enrolled: boolean;
  readonly origin: string | null;
  readonly userId: string | null;
  readonly role: DeviceCredentials['role'] | null;
  /** Decided by the endpoint's health probe; null before the first probe. */
  readonly online: boolean | null;
  readonly phase: SyncPhase;
  readonly lastSuccessAt: string | null;
  /** Outbox entries waiting to be pushed. */
  readonly waiting: number;
  /** Outbox entries the endpoint refused; they wait for the reviewer. */
  readonly rejected: number;
  readonly pushedThisRun: number;
  readonly pulledThisRun: number;
  readonly problem: { readonly code: SyncProblemCode; readonly words: string } | null;
  readonly nextAttemptAt: number | null;
}

export interface SyncTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncEngineOptions {
  readonly vault: Vault;
  readonly network: NetworkPort;
  /** Called once when the endpoint says this device is revoked: erase everything. */
  readonly onRevoked: () => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly timers?: SyncTimers;
  /** Between syncs while online. */
  readonly periodMs?: number;
  readonly retryPolicy?: RetryPolicy;
  /** Tries of one request before the run gives up and schedules a later one. */
  readonly triesPerRequest?: number;
  readonly pushPageSize?: number;
  readonly pullPageSize?: number;
}

const INITIAL_STATUS: SyncStatus = {
  enrolled: false,
  origin: null,
  userId: null,
  role: null,
  online: null,
  phase: 'idle',
  lastSuccessAt: null,
  waiting: 0,
  rejected: 0,
  pushedThisRun: 0,
  pulledThisRun: 0,
  problem: null,
  nextAttemptAt: null,
};

class SyncStopped extends Error {}

/** Push pages read and opened, waiting to be sent, at most: two calls' worth. */
const PUSH_PAGES_AHEAD = 2 * MAX_PUSH_PAGES_PER_CALL;
/** Answered push pages stored in one commit at most. */
const PUSH_PAGES_PER_COMMIT = 10;

/**
 * The offline-first sync loop: push the outbox, upload the audit chain, then
 * pull, whenever the endpoint answers its health probe. One run at a time (a
 * request during a run queues one more run); failures back off exponentially
 * with jitter and honour Retry-After; every page is committed with its
 * effect, so a run cut anywhere resumes without loss or repetition.
 */
export class SyncEngine {
  private status: SyncStatus = INITIAL_STATUS;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private readonly changeListeners = new Set<(changes: VaultChanges) => void>();
  private readonly tables: SyncTables;
  private readonly order: OutboxOrder;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timers: SyncTimers;
  private readonly retryPolicy: RetryPolicy;
  private credentials: DeviceCredentials | null = null;
  private signingKey: CryptoKey | null = null;
  private running: Promise<void> | null = null;
  private runAgain = false;
  private timer: unknown = null;
  private failedRuns = 0;
  private stopped = false;
  /** The endpoint asked for a token rotation during this run (CaseDesk-Token-Rotate: due). */
  private rotationDue = false;
  private readonly noteAnswer = (answer: { tokenRotationDue?: true }) => {
    if (answer.tokenRotationDue) this.rotationDue = true;
  };

  constructor(private readonly options: SyncEngineOptions) {
    this.tables = syncTables(options.vault);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timers = options.timers ?? { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as number) };
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.order = new OutboxOrder(this.now);
  }

  /** Reads the enrolment and the outbox, then syncs at once (unlock) if enrolled. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.order.resumeFrom(this.tables);
    await this.reloadCredentials();
    const marks = await readSyncState<SyncMarks>(this.tables, SYNC_STATE_IDS.marks);
    this.update({ lastSuccessAt: marks?.lastSuccessAt ?? null, ...(await this.counts()) });
    if (this.credentials) this.requestSync();
  }

  /** After a lock: no more runs; a run in flight stops at its next step. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.signingKey = null;
    this.credentials = null;
  }

  /** The order source every outbox write of this session must use. */
  get outboxOrder(): OutboxOrder {
    return this.order;
  }

  get deviceSigningKey(): CryptoKey | null {
    return this.signingKey;
  }

  snapshot(): SyncStatus {
    return this.status;
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads credentials after an enrolment. */
  async reloadCredentials(): Promise<void> {
    this.credentials = await readSyncState<DeviceCredentials>(this.tables, SYNC_STATE_IDS.device);
    if (this.credentials) {
      this.options.vault.setAuditIdentity({ userId: this.credentials.userId, deviceId: this.credentials.deviceId });
      this.signingKey = await importSigningKey(this.credentials);
    }
    this.update({
      enrolled: this.credentials !== null,
      origin: this.credentials?.origin ?? null,
      userId: this.credentials?.userId ?? null,
      role: this.credentials?.role ?? null,
    });
  }

  /** Counts of the outbox, for the status bar after a local change. */
  async refreshCounts(): Promise<void> {
    this.update(await this.counts());
  }

  /** "Sync now", reconnect, unlock, the period timer: all come here. Resolves when the runs end. */
  requestSync(): Promise<void> {
    if (this.stopped || !this.credentials) return Promise.resolve();
    if (this.running) {
      this.runAgain = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        // A retry scheduled by the run before is what this run does: left pending, it would fire during
        // this run and queue another, forever while each run outlasts the retry delay.
        if (this.timer !== null) this.timers.clearTimeout(this.timer);
        this.timer = null;
        this.runAgain = false;
        await this.runOnce();
      } while (this.runAgain && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runOnce(): Promise<void> {
    const credentials = this.credentials;
    if (!credentials) return;
    this.update({ phase: 'probing', pushedThisRun: 0, pulledThisRun: 0, nextAttemptAt: null });
    try {
      await this.probe();
      this.update({ online: true, phase: 'pushing' });
      await this.pushOutbox(credentials.token, credentials.userId);
      this.update({ phase: 'uploading-audit' });
      const auditProblem = await this.uploadAudit(credentials.token);
      this.update({ phase: 'pulling' });
      const reviewsPulled = await this.pull(credentials.token);
      if (credentials.role === 'lead') await this.pullTeamAudit(credentials.token);
      await settlePushReceipts(this.options.vault, this.tables, reviewsPulled);
      if (this.rotationDue) await this.rotateToken(credentials);
      const lastSuccessAt = new Date(this.now()).toISOString();
      await this.options.vault.commit([await sealSyncState(this.tables, SYNC_STATE_IDS.marks, { lastSuccessAt } satisfies SyncMarks)]);
      this.failedRuns = 0;
      this.update({ phase: 'idle', lastSuccessAt, problem: auditProblem, ...(await this.counts()) });
      this.schedule(this.options.periodMs ?? 30_000);
    } catch (error) {
      await this.handleRunFailure(error);
    }
  }

  private async handleRunFailure(error: unknown): Promise<void> {
    if (error instanceof SyncStopped || this.stopped || isVaultError(error, 'VaultLocked')) {
      this.update({ phase: 'idle' });
      return;
    }
    if (error instanceof EndpointRefusal && (error.code === 'device_revoked' || error.code === 'user_deactivated')) {
      this.stop();
      this.update({ ...INITIAL_STATUS, problem: problem('DeviceRevoked') });
      await this.options.onRevoked();
      return;
    }
    this.failedRuns++;
    const counts = await this.counts().catch(() => ({}));
    const offline = error instanceof TransportFailure;
    const code: SyncProblemCode = offline
      ? 'Offline'
      : error instanceof EndpointRefusal
        ? error.code === 'unauthorized'
          ? 'TokenRefused'
          : error.code === 'token_expired'
            ? 'TokenExpired'
            : 'EndpointBusy'
        : isVaultError(error, 'StorageFull')
          ? 'StorageFull'
          : 'SyncFailed';
    const retryAfter = error instanceof EndpointRefusal ? error.retryAfterSeconds : null;
    const delay = retryDelayMs(this.retryPolicy, this.failedRuns, this.random, retryAfter);
    this.update({
      phase: 'idle',
      ...(offline ? { online: false } : {}),
      problem: code === 'Offline' ? null : problem(code),
      nextAttemptAt: this.now() + delay,
      ...counts,
    });
    this.schedule(delay);
  }

  private async probe(): Promise<void> {
    try {
      await answerBody(this.options.network.health());
    } catch (error) {
      if (error instanceof EndpointRefusal) throw new TransportFailure('EndpointUnreachable');
      throw error;
    }
  }

  /**
   * Pushes the outbox page by page, one request in flight, in order; the
   * reading and storing around each request overlap it (push-pipeline.ts).
   */
  private async pushOutbox(token: string, userId: string): Promise<void> {
    await runPushPipeline(
      {
        read: this.outboxReader(),
        // A continuation is not retried: whatever stops it, its pages go again as a call of their own.
        send: (pages, continues) => (continues ? this.pushPages(token, pages, true) : this.withRetries(() => this.pushPages(token, pages, false))),
        store: (entries, results) => applyPushResults(this.options.vault, this.tables, entries, results, userId, this.now),
        // Counted as it goes: counting the outbox's index after every page cost more than the page itself.
        onStored: (tally, entries) => {
          this.update({
            pushedThisRun: this.status.pushedThisRun + tally.applied + tally.conflicts,
            waiting: Math.max(0, this.status.waiting - entries),
            rejected: this.status.rejected + tally.rejected,
          });
          this.announce({ caseIds: tally.restatusedCaseIds, batchIds: [], erasedBatchIds: [] });
        },
        assertRunning: () => this.assertRunning(),
      },
      {
        pageSize: this.options.pushPageSize ?? MAX_MUTATIONS_PER_PUSH,
        pagesAhead: PUSH_PAGES_AHEAD,
        pagesPerSend: MAX_PUSH_PAGES_PER_CALL,
        pagesPerCommit: PUSH_PAGES_PER_COMMIT,
        sendsInFlight: 2,
      },
    );
    this.update(await this.counts());
  }

  /**
   * Reads one push run's pages. The first read starts at the front; later ones
   * go on after the highest order read, since every entry queued since then
   * has a higher order, unless it was escalated: after an escalation is
   * issued, reads start at the front again (so it goes with the next page
   * read). Reading from the front every time walked every index key the run
   * had deleted (IndexedDB keeps them until compaction): quadratic in the
   * outbox's length.
   */
  private outboxReader(): (limit: number, exclude: ReadonlySet<string>) => Promise<OutboxPage> {
    const escalationsAtStart = this.order.escalationsIssued;
    let highestRead: number | undefined;
    return async (limit, exclude) => {
      const fromFront = highestRead === undefined || this.order.escalationsIssued !== escalationsAtStart;
      const page = await readQueuedPage(this.tables, limit, exclude, fromFront ? undefined : highestRead);
      for (const entry of page) highestRead = Math.max(highestRead ?? entry.clear.order, entry.clear.order);
      return page;
    };
  }

  /**
   * One `pushPages` call: the results of the pages answered `ok`, in order. An
   * API error on the first page throws (retried like any request); on a later
   * page the pages before it count, and it is sent again in the next call.
   */
  private async pushPages(token: string, pages: readonly OutboxPage[], continues: boolean): Promise<PushResponse['results'][]> {
    const requests = pages.map((page) => ({ mutations: page.map((entry) => entry.value.mutation) }));
    const answers = await ipcValue(this.options.network.pushPages({ token, requests, ...(continues ? { continues } : {}) }));
    const results: PushResponse['results'][] = [];
    for (const answer of answers) {
      this.noteAnswer(answer);
      if (answer.kind === 'ok') results.push(answer.body.results);
      else if (results.length === 0) throw refusalOf(answer);
    }
    // Main answers at least the first page or fails the call; anything else is off the contract.
    if (results.length === 0) throw new TransportFailure('ResponseMalformed');
    return results;
  }

  /**
   * Rotates the token between runs, as docs/api.md asks: the new token
   * replaces the old one in one durable write, and only then is used. A lost
   * answer leaves the old token, which keeps working; the next answer asks
   * again. A failed rotation never fails the run.
   */
  private async rotateToken(credentials: DeviceCredentials): Promise<void> {
    this.rotationDue = false;
    try {
      const rotated = await answerBody(this.options.network.rotateToken({ token: credentials.token }));
      const next: DeviceCredentials = { ...credentials, token: rotated.token };
      await this.options.vault.commit([await sealSyncState(this.tables, SYNC_STATE_IDS.device, next)]);
      if (this.credentials === credentials) this.credentials = next;
    } catch (error) {
      if (isVaultError(error, 'VaultLocked')) throw error;
      // Kept the old token: it stays valid until a new one is first used.
    }
  }

  private async uploadAudit(token: string): Promise<SyncStatus['problem']> {
    try {
      await this.withRetries(() => uploadAuditChain(this.options.vault, this.tables, this.options.network, token, this.noteAnswer));
      return null;
    } catch (error) {
      if (error instanceof EndpointRefusal && error.code === 'audit_chain_broken') return problem('AuditChainRefused');
      if (isVaultError(error, 'RecordTampered')) return problem('AuditChainDamaged');
      throw error;
    }
  }

  /**
   * Pulls every page after the stored cursor. The next page is requested as
   * soon as a page arrives (its cursor is in the answer) and stored while that
   * request travels; each page is committed with its own cursor, in order, so
   * an interrupted pull resumes from the last page stored. Returns the cases
   * whose review it wrote.
   */
  private async pull(token: string): Promise<Set<string>> {
    const reviewsWritten = new Set<string>();
    const limit = this.options.pullPageSize ?? MAX_PULL_PAGE;
    const fetchAfter = (cursor: string | null) =>
      handled(this.withRetries(() => answerBody(this.options.network.pull({ token, query: { limit, ...(cursor ? { cursor } : {}) } }), this.noteAnswer)));
    let restarted = false;
    const stored = (await readSyncState<PullState>(this.tables, SYNC_STATE_IDS.pull)) ?? { cursor: null };
    let inFlight: ReturnType<typeof fetchAfter> | null = fetchAfter(stored.cursor);
    while (inFlight) {
      this.assertRunning();
      let page;
      try {
        page = await inFlight;
      } catch (error) {
        // A cursor the endpoint never issued (its database was restored): pull everything again.
        // The outbox and drafts are untouched; every change is an upsert.
        if (error instanceof EndpointRefusal && error.code === 'cursor_not_issued' && !restarted) {
          restarted = true;
          await this.options.vault.commit([await sealSyncState(this.tables, SYNC_STATE_IDS.pull, { cursor: null } satisfies PullState)]);
          inFlight = fetchAfter(null);
          continue;
        }
        throw error;
      }
      this.assertRunning();
      inFlight = page.hasMore ? fetchAfter(page.cursor) : null;
      let tally;
      try {
        tally = await applyPullPage(this.options.vault, this.tables, page);
      } catch (error) {
        await inFlight?.catch(() => undefined);
        throw error;
      }
      this.update({ pulledThisRun: this.status.pulledThisRun + page.changes.length });
      this.announce(tally.changes);
      for (const caseId of tally.reviewCaseIds) reviewsWritten.add(caseId);
    }
    return reviewsWritten;
  }

  /**
   * A lead's copy of the team's audit trail, after the pull (outcomes are already through). A 403 (the
   * user is no longer a lead on the endpoint) leaves the copy as it is rather than failing every run.
   */
  private async pullTeamAudit(token: string): Promise<void> {
    await pullTeamAudit({
      vault: this.options.vault,
      tables: this.tables,
      network: this.options.network,
      token,
      retry: (request) => this.withRetries(request),
      now: this.now,
      onAnswer: this.noteAnswer,
      onStored: (events) => {
        this.assertRunning();
        this.update({ pulledThisRun: this.status.pulledThisRun + events });
      },
    }).catch((error: unknown) => {
      if (!(error instanceof EndpointRefusal && error.code === 'forbidden')) throw error;
    });
  }

  /** Retries one request on transient failures, backing off between tries. */
  private async withRetries<Result>(request: () => Promise<Result>): Promise<Result> {
    const tries = this.options.triesPerRequest ?? 5;
    for (let attempt = 0; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        if (!isTransient(error) || attempt + 1 >= tries || this.stopped) throw error;
        const retryAfter = error instanceof EndpointRefusal ? error.retryAfterSeconds : null;
        await this.sleep(retryDelayMs(this.retryPolicy, attempt, this.random, retryAfter));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.setTimeout(resolve, ms));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.requestSync();
    }, ms);
  }

  private assertRunning(): void {
    if (this.stopped) throw new SyncStopped();
  }

  private async counts(): Promise<Pick<SyncStatus, 'waiting' | 'rejected'>> {
    const [waiting, rejected] = await Promise.all([countQueued(this.tables), countRejected(this.tables)]);
    return { waiting, rejected };
  }

  /** Told after each committed page what it wrote, so views re-read only that (the page is durable by then). */
  subscribeChanges(listener: (changes: VaultChanges) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private announce(changes: VaultChanges): void {
    if (!hasVaultChanges(changes)) return;
    for (const listener of this.changeListeners) listener(changes);
  }

  private update(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const listener of this.listeners) listener(this.status);
  }
}

/** A request started ahead may be abandoned when a run stops; its failure must not surface as unhandled. */
function handled<Result>(pending: Promise<Result>): Promise<Result> {
  pending.catch(() => undefined);
  return pending;
}

function problem(code: SyncProblemCode): SyncStatus['problem'] {
  return { code, words: describeSyncProblem(code) };
}
