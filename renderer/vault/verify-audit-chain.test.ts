import { describe, expect, it } from 'vitest';
import { chainAuditEvent, type AuditEvent, type AuditEventContent } from './audit-event';
import { verifyAuditChain } from './verify-audit-chain';

async function chain(count: number): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  const kinds: AuditEventContent['kind'][] = [
    'vault-created',
    'vault-locked',
    'vault-unlock-failed',
    'vault-unlocked',
    'vault-passphrase-changed',
  ];
  for (let index = 0; index < count; index++) {
    const kind = kinds[index % kinds.length]!;
    const content: AuditEventContent = {
      kind,
      at: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
      ...(kind === 'vault-locked' ? { reason: 'idle' as const } : {}),
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
    events[3] = { ...events[3]!, at: '2030-01-01T00:00:00.000Z' };
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
    const forged = await chainAuditEvent(events[1]!, { kind: 'vault-unlocked', at: events[2]!.at });
    events[2] = forged;
    expect(await verifyAuditChain(events)).toEqual({ intact: false, brokenAt: 3, problem: 'missing-or-reordered' });
  });
});
