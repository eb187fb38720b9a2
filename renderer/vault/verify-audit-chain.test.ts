import { describe, expect, it } from 'vitest';
import { chainAuditEvent, type AuditEvent, type AuditEventContent } from './audit-event';
import { verifyAuditChain } from './verify-audit-chain';

async function chain(count: number): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  const types: AuditEventContent['type'][] = ['vault-created', 'locked', 'unlock-failed', 'unlocked', 'passphrase-changed'];
  for (let index = 0; index < count; index++) {
    const type = types[index % types.length]!;
    const content: AuditEventContent = {
      type,
      at: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
      reason: type === 'locked' ? 'idle' : null,
    };
    events.push(await chainAuditEvent(events.at(-1) ?? null, content));
  }
  return events;
}

describe('verifyAuditChain', () => {
  it('accepts an untouched chain', async () => {
    expect(await verifyAuditChain(await chain(6))).toEqual({ intact: true, events: 6 });
  });

  it('names an edited event', async () => {
    const events = await chain(6);
    events[3] = { ...events[3]!, reason: 'manual' };
    expect(await verifyAuditChain(events)).toEqual({ intact: false, brokenAt: 3, problem: 'edited' });
  });

  it('finds a removed event at the link after it', async () => {
    const events = await chain(6);
    events.splice(2, 1);
    expect(await verifyAuditChain(events)).toEqual({ intact: false, brokenAt: 2, problem: 'missing-or-reordered' });
  });

  it('finds two swapped events', async () => {
    const events = await chain(6);
    [events[1], events[4]] = [events[4]!, events[1]!];
    expect(await verifyAuditChain(events)).toEqual({ intact: false, brokenAt: 1, problem: 'missing-or-reordered' });
  });

  it('finds an event whose content and hash were both rewritten (the next link breaks)', async () => {
    const events = await chain(6);
    const forged = await chainAuditEvent(events[1]!, { type: 'unlocked', at: events[2]!.at, reason: null });
    events[2] = forged;
    expect(await verifyAuditChain(events)).toEqual({ intact: false, brokenAt: 3, problem: 'missing-or-reordered' });
  });
});
