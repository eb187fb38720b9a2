import type { CaseFile } from '../../shared/domain/case-file';
import type { TemplateDefinition, VersionedTemplate } from '../../shared/review-template/template-definition';
import type { OutcomeAnswers, OutcomeFieldError } from '../../shared/review-template/validate-outcome';
import type { AuditEvent } from '../../shared/sync-protocol/audit';
import type { Batch, Change, ReviewState } from '../../shared/sync-protocol/pull';
import type { Mutation, MutationResult } from '../../shared/sync-protocol/push';
import type { TeamAuditDevice, TeamAuditEntry } from '../../shared/sync-protocol/team-audit';

export type Role = 'reviewer' | 'lead' | 'admin';

export interface User {
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly teamId: string | null;
  /** Set by `users deactivate`: the user's devices are refused from then on. */
  readonly deactivatedAt: string | null;
}

export interface Team {
  readonly teamId: string;
  readonly name: string;
  readonly leadId: string;
  readonly memberIds: readonly string[];
}

export interface Device {
  readonly deviceId: string;
  readonly userId: string;
  readonly role: Role;
  readonly name: string;
  readonly tokenHash: string;
  readonly enrolledAt: string;
  readonly lastSeenAt: string;
  readonly revokedAt: string | null;
  /** When the device's user was deactivated (null: active). */
  readonly userDeactivatedAt: string | null;
  /** When the current token was issued: its age decides rotation and expiry. */
  readonly tokenIssuedAt: string;
  /** A rotated token not yet used (hash), and when it was issued; null when no rotation is pending. */
  readonly nextTokenHash: string | null;
  readonly nextTokenIssuedAt: string | null;
}

export interface NewDevice {
  readonly deviceId: string;
  readonly name: string;
  readonly publicKey: string;
  readonly tokenHash: string;
}

export interface NewBatch {
  readonly batchId: string;
  readonly name: string;
  readonly caseIds: readonly string[];
  readonly assigneeId: string;
  readonly leadId: string;
  readonly templateId: string;
  /** Latest version when absent. */
  readonly templateVersion?: number;
  readonly dueDate: string | null;
}

/** How a user reaches a case: as the assignee of its batch, or as its lead (batch lead or team lead). */
export type CaseAccess = 'assignee' | 'lead';

export interface MutationRequest {
  readonly mutation: Mutation;
  readonly deviceId: string;
  readonly userId: string;
  /** SHA-256 over the canonical mutation: the same id with another hash is a different mutation. */
  readonly contentHash: string;
  readonly now: string;
  /** Checks a review's answers against its template; absent, they are stored unchecked (bench baseline). */
  readonly checkAnswers?: (template: TemplateDefinition, answers: OutcomeAnswers) => OutcomeFieldError[];
}

export interface StoredReviewVersion {
  readonly versionNo: number;
  readonly kind: 'accepted' | 'conflict';
  readonly baseVersion: number;
  readonly reviewerId: string;
  readonly mutationId: string;
}

export interface PullPage {
  readonly changes: Change[];
  readonly lastSequence: number;
  readonly hasMore: boolean;
}

export interface AuditAppendResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly lastHash: string;
}

/** One page of a team device's audit events, in chain order. */
export interface TeamAuditPage {
  /** The device's owner (events recorded before enrolment name no user). */
  readonly userId: string;
  readonly events: TeamAuditEntry[];
  readonly hasMore: boolean;
}

export interface ImportResult {
  readonly inserted: number;
  readonly updated: number;
}

export interface AuditHead {
  /** Events accepted from the device so far. */
  readonly count: number;
  /** The hash the device's next event must chain from (GENESIS_HASH before the first). */
  readonly lastHash: string;
}

/**
 * What the sync API (server/http) needs: enrolment, device authentication,
 * push, pull and audit upload. Methods throw StorageError for broken
 * references or rules, with a code.
 */
export interface SyncStorage {
  /** Uses up an unexpired, unused code and enrols the device; null when the code is no good. */
  redeemEnrolmentCode(codeHash: string, device: NewDevice, now: string): Promise<User | null>;
  getDevice(deviceId: string): Promise<Device | null>;
  touchDevice(deviceId: string, now: string): Promise<void>;
  /** Records a rotated token (hash) beside the current one; replaces any earlier pending one. */
  startTokenRotation(deviceId: string, nextTokenHash: string, now: string): Promise<void>;
  /** The device used its rotated token: it becomes the current one and the old one stops working. */
  completeTokenRotation(deviceId: string, nextTokenHash: string): Promise<void>;

  applyMutation(request: MutationRequest): Promise<MutationResult>;
  /** Applies several in order in one transaction (a push request); results in the same order. */
  applyMutations(requests: readonly MutationRequest[]): Promise<MutationResult[]>;

  /** Throws StorageError `cursor_not_issued` for a cursor past every sequence this database has issued. */
  pullChanges(userId: string, afterSequence: number, limit: number): Promise<PullPage>;

  /** Appends events already checked for hash integrity; throws AuditChainError on a gap or fork. */
  appendAuditEvents(deviceId: string, events: readonly AuditEvent[], now: string): Promise<AuditAppendResult>;
  auditHead(deviceId: string): Promise<AuditHead | null>;
  /** Notes a refused upload: the device's chain is broken at `position` until an accepted upload passes it. */
  recordAuditRefusal(deviceId: string, position: number, now: string): Promise<void>;

  /** The devices of the teams `leadId` leads, with their chain status (empty for anyone who leads none). */
  teamAuditChains(leadId: string): Promise<TeamAuditDevice[]>;
  /** A team device's events after chain position `after`; null when the device is not in the lead's teams. */
  teamAuditEvents(leadId: string, deviceId: string, after: number, limit: number): Promise<TeamAuditPage | null>;
}

/** What the admin CLI (server/cli) needs. */
export interface AdminStorage {
  readonly dialect: 'sqlite' | 'postgres';
  migrate(now: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Seals under the current server key every stored value not under it yet (from before
   * encryption, or under an older key during `rotate-key`), `batchSize` rows per transaction;
   * returns how many. `onBatch` hears the running total after each committed batch.
   */
  sealStoredValues(batchSize: number, onBatch?: (sealedSoFar: number) => void): Promise<number>;

  addTeam(team: { teamId: string; name: string; leadId: string }, now: string): Promise<void>;
  listTeams(): Promise<Team[]>;
  addUser(user: { userId: string; displayName: string; role: Role; teamId?: string | null }, now: string): Promise<void>;
  getUser(userId: string): Promise<User | null>;
  listUsers(): Promise<User[]>;
  /** Throws `not_found` for an unknown user; false when already deactivated. */
  deactivateUser(userId: string, now: string): Promise<boolean>;

  setTemplate(definition: TemplateDefinition, now: string): Promise<{ version: number; created: boolean }>;
  listTemplates(): Promise<VersionedTemplate[]>;

  importCases(cases: readonly CaseFile[], now: string): Promise<ImportResult>;
  /** Case ids in no batch yet, in id order, optionally of one borough. */
  findUnbatchedCases(filter: { borough?: string; limit: number }): Promise<string[]>;

  createBatch(batch: NewBatch, now: string): Promise<Batch>;
  listBatches(): Promise<Batch[]>;
  reassignBatch(batchId: string, assigneeId: string, now: string): Promise<void>;

  createEnrolmentCode(code: { codeHash: string; userId: string; expiresAt: string }, now: string): Promise<void>;
  /** Revokes unused codes, one (by hash) or all of a user's; returns how many. */
  revokeEnrolmentCodes(which: { codeHash: string } | { userId: string }, now: string): Promise<number>;
  getDevice(deviceId: string): Promise<Device | null>;
  /** The public key (JWK JSON text) the device registered at enrolment, revoked or not; null for no such device. */
  getDevicePublicKey(deviceId: string): Promise<string | null>;
  listDevices(): Promise<Device[]>;
  revokeDevice(deviceId: string, now: string): Promise<boolean>;
}

/** Read-only views for reporting (the lead's dashboard, exports) and for checking what was stored. */
export interface ReportingStorage {
  getTemplate(templateId: string, version?: number): Promise<VersionedTemplate | null>;
  getCase(caseId: string): Promise<CaseFile | null>;
  listBatches(): Promise<Batch[]>;
  caseAccess(userId: string, caseId: string): Promise<CaseAccess | null>;
  getReview(caseId: string): Promise<ReviewState | null>;
  listReviewVersions(caseId: string): Promise<StoredReviewVersion[]>;
}

/**
 * Everything the endpoint keeps. Two implementations (SQLite, PostgreSQL)
 * behind one SQL core pass the same contract suite (storage-contract.test.ts);
 * each caller takes only the part it uses.
 */
export interface Storage extends SyncStorage, AdminStorage, ReportingStorage {}

export type StorageErrorCode =
  | 'not_found'
  | 'already_exists'
  | 'invalid_reference'
  | 'case_already_batched'
  /** A pull cursor beyond every sequence this database issued (e.g. a database restored from backup). */
  | 'cursor_not_issued'
  /** Text holding U+0000, which PostgreSQL cannot store: refused on both databases alike. */
  | 'invalid_text'
  /** An id the app keeps for itself (a batch id of `vault`). */
  | 'reserved_id';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export class AuditChainError extends Error {
  constructor(
    /** Index into the submitted batch of the first event that does not continue the chain. */
    readonly index: number,
    /** The device's last accepted hash, as stored before this batch (GENESIS_HASH when none yet). */
    readonly lastAcceptedHash: string,
    /** The chain position that event would have taken (what a lead sees as "broken at"). */
    readonly position: number,
  ) {
    super(`event ${index} does not continue the device's audit chain`);
    this.name = 'AuditChainError';
  }
}
