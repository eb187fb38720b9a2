import { bytesToHex, utf8 } from './byte-encoding';

/**
 * One event of the hash-chained audit log. `hash` = SHA-256 over the
 * canonical JSON of [seq, type, at, reason, prevHash]; `prevHash` is the
 * previous event's hash (64 zeros for the first), so an edited, removed or
 * reordered event breaks the chain at a findable place.
 */
export const AUDIT_EVENT_TYPES = ['vault-created', 'unlocked', 'unlock-failed', 'locked', 'passphrase-changed'] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
export type LockReason = 'manual' | 'idle' | 'os-lock' | 'suspend';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEventContent {
  readonly type: AuditEventType;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly reason: LockReason | null;
}

export interface AuditEvent extends AuditEventContent {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

export async function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): Promise<string> {
  const canonical = JSON.stringify([event.seq, event.type, event.at, event.reason, event.prevHash]);
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(canonical))));
}

export async function chainAuditEvent(
  previous: Pick<AuditEvent, 'seq' | 'hash'> | null,
  content: AuditEventContent,
): Promise<AuditEvent> {
  const unhashed = {
    seq: (previous?.seq ?? 0) + 1,
    type: content.type,
    at: content.at,
    reason: content.reason,
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: await hashAuditEvent(unhashed) };
}
