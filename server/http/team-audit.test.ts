import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, sealAuditEvent, type AuditEvent } from '../../shared/sync-protocol/audit';
import { teamAuditChainsResponseSchema, teamAuditEventsResponseSchema, type TeamAuditEventsResponse } from '../../shared/sync-protocol/team-audit';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/storage';
import { callApi, enrolOverHttp, startApiServer } from '../test-support/api-test-server';
import { seedReviewWorld } from '../test-support/seed-review-world';

/** docs/api.md, "Team audit": what a lead's device pulls, page by page, and how a refused upload shows. */
describe('team audit endpoints', () => {
  let storage: Storage;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let alice: { token: string; deviceId: string };
  let bob: { token: string; deviceId: string };
  let lead: { token: string; deviceId: string };
  const aliceChain: AuditEvent[] = [];

  beforeAll(async () => {
    storage = openStorage(':memory:');
    await storage.migrate(new Date().toISOString());
    await seedReviewWorld(storage);
    server = await startApiServer(storage, { enrolPerAddress: { burst: 100, perSecond: 100 } });
    alice = await enrolOverHttp(storage, server.baseUrl, 'alice');
    bob = await enrolOverHttp(storage, server.baseUrl, 'bob');
    lead = await enrolOverHttp(storage, server.baseUrl, 'lead');
    let previous = GENESIS_HASH;
    for (let index = 0; index < 7; index += 1) {
      const event = await sealAuditEvent({ eventId: createUuidV7(), kind: index === 0 ? 'vault-created' : 'consultation', at: new Date().toISOString(), ...(index === 0 ? {} : { userId: 'alice', deviceId: alice.deviceId, caseId: 'case-000001' }) }, previous);
      aliceChain.push(event);
      previous = event.hash;
    }
    const upload = await callApi(server.baseUrl, '/api/v1/audit', { token: alice.token, body: { events: aliceChain } });
    expect(upload.status).toBe(200);
  });

  afterAll(async () => {
    await server.stop();
    await storage.close();
  });

  const get = (path: string, token = lead.token) => callApi(server.baseUrl, path, { token });

  it('pages one device’s events in chain order with a position cursor, every answer matching the schema', async () => {
    const seen: TeamAuditEventsResponse['events'] = [];
    let after = 0;
    for (let pages = 1; ; pages += 1) {
      const reply = await get(`/api/v1/team/audit/events?device=${alice.deviceId}&after=${after}&limit=3`);
      expect(reply.status).toBe(200);
      const body = teamAuditEventsResponseSchema.parse(reply.json);
      expect(body).toMatchObject({ deviceId: alice.deviceId, userId: 'alice' });
      seen.push(...body.events);
      if (!body.hasMore) {
        expect(pages).toBe(3);
        break;
      }
      after = body.events.at(-1)!.position;
    }
    expect(seen.map((entry) => entry.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // As uploaded, including the pre-enrolment event that names no user.
    expect(seen.map((entry) => entry.event)).toEqual(aliceChain);
  });

  it('lists the team’s chains: verified, never uploaded, and broken at the refused position', async () => {
    const orphan = await sealAuditEvent({ eventId: createUuidV7(), kind: 'consultation', at: new Date().toISOString(), userId: 'bob', deviceId: bob.deviceId }, 'e'.repeat(64));
    const refused = await callApi(server.baseUrl, '/api/v1/audit', { token: bob.token, body: { events: [orphan] } });
    expect(refused).toMatchObject({ status: 409, json: { error: { code: 'audit_chain_broken', index: 0 } } });
    const reply = await get('/api/v1/team/audit/chains');
    expect(reply.status).toBe(200);
    const { devices } = teamAuditChainsResponseSchema.parse(reply.json);
    expect(Object.fromEntries(devices.map((device) => [device.userId, device.chain]))).toEqual({
      alice: { state: 'verified', verifiedThrough: 7 },
      bob: { state: 'broken', verifiedThrough: 0, brokenAt: 1, refusedAt: expect.stringMatching(/Z$/) },
      lead: { state: 'never-uploaded' },
    });
    expect(devices.find((device) => device.userId === 'alice')).toMatchObject({ eventCount: 7, lastHash: aliceChain[6]!.hash, deviceName: 'alice laptop' });
  });

  it('refuses a query off the schema: a page over 500, a repeated or unknown parameter, a query on the chains list', async () => {
    for (const path of [
      `/api/v1/team/audit/events?device=${alice.deviceId}&limit=501`,
      `/api/v1/team/audit/events?device=${alice.deviceId}&after=-1`,
      `/api/v1/team/audit/events?device=${alice.deviceId}&device=${bob.deviceId}`,
      `/api/v1/team/audit/events?device=${alice.deviceId}&userId=alice`,
      '/api/v1/team/audit/events',
      '/api/v1/team/audit/chains?device=x',
    ]) {
      expect({ path, reply: await get(path) }).toMatchObject({ path, reply: { status: 400, json: { error: { code: 'validation_failed' } } } });
    }
    expect((await callApi(server.baseUrl, '/api/v1/team/audit/chains', { token: lead.token, body: {} })).status).toBe(405);
  });
});
