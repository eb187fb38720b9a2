import type { CaseFile } from '../../shared/domain/case-file';
import type { TemplateDefinition, VersionedTemplate } from '../../shared/review-template/template-definition';
import type { OutcomeAnswers, OutcomeFieldError } from '../../shared/review-template/validate-outcome';
import type { AuditEvent } from '../../shared/sync-protocol/audit';
import type { Batch, Change, ReviewState } from '../../shared/sync-protocol/pull';
import type { Mutation, MutationResult } from '../../shared/sync-protocol/push';

export type Role = 'reviewer' | 'lead' | 'admin';

export interface User {
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly teamId: string | null;
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

export interface ImportResult {
  readonly inserted: number;
  readonly updated: number;
}

/**
 * Everything the endpoint keeps. Two implementations (SQLite, PostgreSQL)
 * behind one SQL core pass the same contract suite (storage-contract.test.ts).
 * Methods throw StorageError for broken references or rules, with a code.
 */
export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;

  addTeam(team: { teamId: string; name: string; leadId: string }): Promise<void>;
  listTeams(): Promise<Team[]>;
  addUser(user: { userId: string; displayName: string; role: Role; teamId?: string | null }): Promise<void>;
  getUser(userId: string): Promise<User | null>;
  listUsers(): Promise<User[]>;

  setTemplate(definition: TemplateDefinition, now: string): Promise<{ version: number; created: boolean }>;
  getTemplate(templateId: string, version?: number): Promise<VersionedTemplate | null>;
  listTemplates(): Promise<VersionedTemplate[]>;

  importCases(cases: readonly CaseFile[], now: string): Promise<ImportResult>;
  getCase(caseId: string): Promise<CaseFile | null>;
  /** Case ids in no batch yet, in id order, optionally of one borough. */
  findUnbatchedCases(filter: { borough?: string; limit: number }): Promise<string[]>;

  createBatch(batch: NewBatch, now: string): Promise<Batch>;
  listBatches(): Promise<Batch[]>;
  reassignBatch(batchId: string, assigneeId: string, now: string): Promise<void>;

  createEnrolmentCode(code: { codeHash: string; userId: string; expiresAt: string }, now: string): Promise<void>;
  /** Uses up an unexpired, unused code and enrols the device; null when the code is no good. */
  redeemEnrolmentCode(codeHash: string, device: NewDevice, now: string): Promise<User | null>;
  getDevice(deviceId: string): Promise<Device | null>;
  /** The public key (JWK JSON text) the device registered at enrolment, revoked or not; null for no such device. */
  getDevicePublicKey(deviceId: string): Promise<string | null>;
  touchDevice(deviceId: string, now: string): Promise<void>;
  listDevices(): Promise<Device[]>;
  revokeDevice(deviceId: string, now: string): Promise<boolean>;

  caseAccess(userId: string, caseId: string): Promise<CaseAccess | null>;
  applyMutation(request: MutationRequest): Promise<MutationResult>;
  /** Applies several in order in one transaction (a push request); results in the same order. */
  applyMutations(requests: readonly MutationRequest[]): Promise<MutationResult[]>;
  getReview(caseId: string): Promise<ReviewState | null>;
  listReviewVersions(caseId: string): Promise<StoredReviewVersion[]>;

  pullChanges(userId: string, afterSequence: number, limit: number): Promise<PullPage>;
  /** Appends events already checked for hash integrity; throws AuditChainError on a gap or fork. */
  appendAuditEvents(deviceId: string, events: readonly AuditEvent[], now: string): Promise<AuditAppendResult>;
}

export type StorageErrorCode = 'not_found' | 'already_exists' | 'invalid_reference' | 'case_already_batched';

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
    readonly expectedPrevHash: string,
  ) {
    super(`event ${index} does not continue the device's audit chain`);
    this.name = 'AuditChainError';
  }
}
