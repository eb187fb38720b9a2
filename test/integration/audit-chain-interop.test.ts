import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainAuditEvent, type AuditEvent } from '../../renderer/vault/audit-event';
import { openStorage } from '../../server/storage/open-storage';
import type { Storage } from '../../server/storage/storage';
import { callApi, enrolOverHttp, startApiServer } from '../../server/test-support/api-test-server';
import { seedReviewWorld } from '../../server/test-support/seed-review-world';

/**
 * The chain a reviewer's vault keeps is the chain the central endpoint
 * verifies: events recorded before enrolment (no device or user id) upload
 * as they are, and a tampered one is refused.
 */
async function vaultChain(count: number): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  const kinds = ['vault-created', 'vault-unlocked', 'vault-locked', 'vault-unlock-failed', 'vault-unlocked'] as const;
  for (let index = 0; index < count; index++) {
    const kind = kinds[index % kinds.length]!;
    const at = new Date(Date.UTC(2026, 10, 1, 9, index)).toISOString();
    events.push(await chainAuditEvent(events.at(-1) ?? null, { kind, at, ...(kind === 'vault-locked' ? { reason: 'idle' } : {}) }));
  }
  return events;
}

const onTheWire = (events: readonly AuditEvent[]) => events.map(({ seq: _seq, ...event }) => event);

describe('vault audit chain ↔ server audit endpoint', () => {
  let storage: Storage;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let token: string;

  beforeAll(async () => {
    storage = openStorage(':memory:');
    await storage.migrate(new Date().toISOString());
    await seedReviewWorld(storage);
    server = await startApiServer(storage);
    ({ token } = await enrolOverHttp(storage, server.baseUrl, 'alice'));
  });

  afterAll(async () => {
    await server.stop();
    await storage.close();
  });

  it('accepts the vault chain in two uploads and refuses an edited event', async () => {
    const events = await vaultChain(6);
    const first = await callApi(server.baseUrl, '/api/v1/audit', { token, body: { events: onTheWire(events.slice(0, 3)) } });
    expect(first).toMatchObject({ status: 200, json: { accepted: 3, lastHash: events[2]!.hash } });

    const tampered = onTheWire(events.slice(3));
    tampered[0] = { ...tampered[0]!, at: '2020-01-01T00:00:00.000Z' };
    const refused = await callApi(server.baseUrl, '/api/v1/audit', { token, body: { events: tampered } });
    expect(refused).toMatchObject({ status: 409, json: { error: { code: 'audit_chain_broken' } } });

    const rest = await callApi(server.baseUrl, '/api/v1/audit', { token, body: { events: onTheWire(events.slice(3)) } });
    expect(rest).toMatchObject({ status: 200, json: { accepted: 3, lastHash: events[5]!.hash } });
  });
});
