import { GENESIS_HASH, hashAuditEvent, type AuditEvent } from './audit-event';

export type AuditChainVerdict =
  | { readonly intact: true; readonly events: number }
  | {
      readonly intact: false;
      /** Index (in the given order) of the first event whose link does not hold. */
      readonly brokenAt: number;
      readonly problem: 'edited' | 'missing-or-reordered';
    };

/**
 * Walks the events in stored order and reports the first broken link: an
 * event whose own hash does not match its content was edited; one whose
 * sequence number or prevHash does not follow its predecessor means an event
 * was removed or the order changed.
 */
export async function verifyAuditChain(events: readonly AuditEvent[]): Promise<AuditChainVerdict> {
  let previousHash = GENESIS_HASH;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    const { hash, ...content } = event;
    if ((await hashAuditEvent(content)) !== hash) return { intact: false, brokenAt: index, problem: 'edited' };
    if (event.seq !== index + 1 || event.prevHash !== previousHash) {
      return { intact: false, brokenAt: index, problem: 'missing-or-reordered' };
    }
    previousHash = hash;
  }
  return { intact: true, events: events.length };
}
