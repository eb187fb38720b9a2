import type { DevicePublicKey } from '../../shared/sync-protocol/enrol';
import type { Batch, QcDecision, ReviewState } from '../../shared/sync-protocol/pull';
import type { Mutation, RejectionReason, ReviewVersion } from '../../shared/sync-protocol/push';
import type { TemplateDefinition } from '../../shared/review-template/template-definition';
import type { OutcomeAnswers } from '../../shared/review-template/validate-outcome';
import type { SealedTable } from '../vault/sealed-table';
import type { Vault } from '../vault/vault';
import type { ReviewStatus } from '../vault/vault-schema';
import { ReviewsTable, type PushReceipt, type PushReceiptClear } from './reviews-table';

/**
 * What sync keeps in the vault, one record kind per sealed table. Everything
 * here is sealed; only the clear index fields named in each `…Clear` type are
 * readable on disk (opaque ids, statuses, order numbers).
 */

export interface BatchRecord {
  readonly batch: Batch;
  /** When this device first received the batch (ISO 8601). */
  readonly receivedAt: string;
}
export type BatchClear = { readonly batchId: string };

export interface CaseLinksRecord {
  /** References of other cases that share a person with this one (from the endpoint). */
  readonly linkedReferences: readonly string[];
}
export type CaseLinksClear = { readonly batchId: string };

/** Every version of one template this device has received. */
export interface TemplateRecord {
  readonly templateId: string;
  readonly versions: Readonly<Record<string, TemplateDefinition>>;
}
export type TemplateClear = Record<string, never>;

/** The reviewer's own submission, waiting in the outbox. */
export interface PendingSubmission {
  readonly mutationId: string;
  readonly templateId: string;
  readonly templateVersion: number;
  readonly answers: OutcomeAnswers;
  readonly baseVersion: number;
  readonly submittedAt: string;
}

/** The endpoint held a newer version than the one the reviewer's change was based on. */
export interface ReviewConflict {
  readonly mine: Pick<PendingSubmission, 'templateId' | 'templateVersion' | 'answers' | 'submittedAt'>;
  /** The version number the server gave the reviewer's kept copy. */
  readonly keptAs: number | null;
  readonly current: ReviewVersion | null;
  readonly detectedAt: string;
}

export interface ReviewRejection {
  readonly mutationId: string;
  readonly reason: RejectionReason;
  readonly fieldErrors: readonly { readonly fieldId: string; readonly code: string }[];
}

/** A lead's QC decision on this device, waiting in the outbox (or refused by the endpoint: `rejection`). */
export interface PendingQcDecision {
  readonly mutationId: string;
  readonly decision: 'approve' | 'return';
  readonly comment: string | null;
  /** The review version the lead looked at. */
  readonly baseVersion: number;
  readonly decidedAt: string;
  readonly rejection: ReviewRejection | null;
}

/** The reviewer amended the review after the version the lead decided on: the endpoint kept the decision as stale. */
export interface QcDecisionConflict {
  readonly mine: Pick<PendingQcDecision, 'decision' | 'comment' | 'baseVersion' | 'decidedAt'>;
  readonly current: ReviewVersion | null;
  readonly detectedAt: string;
}

/** A lead's acknowledgement of the case's escalation, waiting in the outbox (or refused: `rejection`). */
export interface PendingAcknowledgement {
  readonly mutationId: string;
  readonly acknowledgedAt: string;
  readonly rejection: ReviewRejection | null;
}

/**
 * One version of a case's review as this device saw it arrive (by pull or as
 * the endpoint's answer to a push): who submitted it and when, and the lead's
 * decision on it. Answers are not kept here; the current ones are in `server`.
 */
export interface ReviewVersionSeen {
  readonly version: number;
  readonly reviewerId: string;
  readonly submittedAt: string;
  readonly templateVersion: number;
  readonly qc: QcDecision | null;
}

/** Where one case's review stands on this device. */
export interface ReviewRecord {
  readonly caseId: string;
  /** The review as the endpoint last reported it (pull or push result). */
  readonly server: ReviewState | null;
  readonly pending: PendingSubmission | null;
  readonly conflict: ReviewConflict | null;
  readonly rejection: ReviewRejection | null;
  /** Lead devices only; absent in records written before QC existed. */
  readonly qcPending?: PendingQcDecision | null;
  readonly qcConflict?: QcDecisionConflict | null;
  /** Lead devices only; absent in records written before escalations existed. */
  readonly acknowledgementPending?: PendingAcknowledgement | null;
  /** Every version this device has seen, oldest first; absent in records written before history was kept. */
  readonly history?: readonly ReviewVersionSeen[];
}
export type ReviewClear = { readonly batchId: string; readonly status: ReviewStatus };

export const OUTBOX_STATES = ['queued', 'rejected'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxEntry {
  readonly mutation: Mutation;
  readonly queuedAt: string;
  readonly rejection: ReviewRejection | null;
}
export type OutboxClear = { readonly batchId: string; readonly order: number; readonly state: OutboxState };

/** The device's enrolment: its token and signing key never leave the vault unsealed. */
export interface DeviceCredentials {
  readonly origin: string;
  readonly deviceId: string;
  readonly userId: string;
  readonly role: 'reviewer' | 'lead' | 'admin';
  readonly token: string;
  readonly deviceName: string;
  readonly publicKey: DevicePublicKey;
  /** PKCS#8, base64: re-imported non-extractable at unlock. */
  readonly signingKeyPkcs8: string;
  readonly enrolledAt: string;
  /** What the OS said about disk encryption when the device enrolled (recorded for accountability). */
  readonly diskEncryptionAtEnrolment?: 'encrypted' | 'not-encrypted' | 'unknown';
}

export interface PullState {
  /** Null: pull from the beginning. */
  readonly cursor: string | null;
}

export interface AuditUploadState {
  /** Local audit positions up to this one are on the server. */
  readonly uploadedThroughSeq: number;
}

export interface SyncMarks {
  readonly lastSuccessAt: string | null;
}

export const SYNC_STATE_IDS = {
  device: 'device',
  pull: 'pull',
  auditUpload: 'audit-upload',
  marks: 'marks',
  /** Lead devices: where each team device's audit chain stands (pull-team-audit.ts). */
  teamAudit: 'team-audit',
} as const;

/** Typed handles on the sync tables of one vault. */
export function syncTables(vault: Vault) {
  return {
    batches: vault.table<BatchRecord, BatchClear>('batches'),
    caseLinks: vault.table<CaseLinksRecord, CaseLinksClear>('caseLinks'),
    templates: vault.table<TemplateRecord, TemplateClear>('templates'),
    reviews: new ReviewsTable(vault.table<ReviewRecord, ReviewClear>('reviews'), vault.table<PushReceipt, PushReceiptClear>('pushReceipts')),
    outbox: vault.table<OutboxEntry, OutboxClear>('outbox'),
    syncState: vault.table<unknown, Record<string, never>>('syncState') as SealedTable<unknown, Record<string, never>>,
  };
}
export type SyncTables = ReturnType<typeof syncTables>;

export async function readSyncState<Value>(tables: SyncTables, id: string): Promise<Value | null> {
  const entry = await tables.syncState.get(id);
  return entry ? (entry.value as Value) : null;
}

export function sealSyncState(tables: SyncTables, id: string, value: unknown) {
  return tables.syncState.seal([{ id, clear: {}, value }]);
}
