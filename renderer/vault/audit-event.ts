import {
  computeAuditEventHash,
  GENESIS_HASH,
  sealAuditEvent,
  type AUDIT_EVENT_KINDS,
  type AUDIT_LOCK_REASONS,
  type AuditEvent as SyncedAuditEvent,
} from '../../shared/sync-protocol/audit';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';

/**
 * One event of the vault's hash-chained audit log. The event itself is the
 * sync protocol's audit event (shared/sync-protocol/audit.ts), so the server
 * verifies the very chain the device keeps; `seq` is only its local position.
 * `hash` = SHA-256 over the canonical JSON of the event without `hash`.
 */
export type AuditEventKind = (typeof AUDIT_EVENT_KINDS)[number];
export type LockReason = (typeof AUDIT_LOCK_REASONS)[number];

export { GENESIS_HASH };

export interface AuditEventContent {
  readonly kind: AuditEventKind;
  /** ISO 8601 UTC with milliseconds. */
  readonly at: string;
  readonly reason?: LockReason;
  readonly caseId?: string;
  readonly batchId?: string;
  /** Free words, never case content (a disclosure's recipient, why a batch was erased, how many unlocks failed in all). */
  readonly detail?: string;
}

/** Who the events are attributed to once the device is enrolled (absent before). */
export interface AuditIdentity {
  readonly userId: string;
  readonly deviceId: string;
}

export interface AuditEvent extends SyncedAuditEvent {
  /** Local append position, 1-based; not part of the hash. */
  readonly seq: number;
}

export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): Promise<string> {
  const { seq: _seq, ...synced } = event;
  return computeAuditEventHash(synced);
}

export async function chainAuditEvent(
  previous: Pick<AuditEvent, 'seq' | 'hash'> | null,
  content: AuditEventContent,
  identity: AuditIdentity | null = null,
): Promise<AuditEvent> {
  const synced = await sealAuditEvent(
    {
      eventId: createUuidV7(Date.parse(content.at)),
      kind: content.kind,
      at: content.at,
      ...(identity ? { userId: identity.userId, deviceId: identity.deviceId } : {}),
      ...(content.caseId ? { caseId: content.caseId } : {}),
      ...(content.batchId ? { batchId: content.batchId } : {}),
      ...(content.detail ? { detail: content.detail } : {}),
      ...(content.reason ? { reason: content.reason } : {}),
      ...(content.detail ? { detail: content.detail } : {}),
    },
    previous?.hash ?? GENESIS_HASH,
  );
  return { seq: (previous?.seq ?? 0) + 1, ...synced };
}
