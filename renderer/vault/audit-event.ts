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
  /** Free words, no case content (e.g. how many failed unlocks there were in all). */
  readonly detail?: string;
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
): Promise<AuditEvent> {
  const synced = await sealAuditEvent(
    {
      eventId: createUuidV7(Date.parse(content.at)),
      kind: content.kind,
      at: content.at,
      ...(content.reason ? { reason: content.reason } : {}),
      ...(content.detail ? { detail: content.detail } : {}),
    },
    previous?.hash ?? GENESIS_HASH,
  );
  return { seq: (previous?.seq ?? 0) + 1, ...synced };
}
