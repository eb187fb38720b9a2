import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, sealAuditEvent } from '../../shared/sync-protocol/audit';
import type { PullResponse } from '../../shared/sync-protocol/pull';
import type { TeamAuditChainsResponse, TeamAuditEventsResponse } from '../../shared/sync-protocol/team-audit';
import type { Mutation, PushResponse } from '../../shared/sync-protocol/push';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/storage';
import { callApi, enrolOverHttp, startApiServer, TEST_PUBLIC_KEY } from '../test-support/api-test-server';
import { seedReviewWorld, VALID_ANSWERS } from '../test-support/seed-review-world';

type Principal = 'alice' | 'bob' | 'lead' | 'lena' | 'revoked' | 'none' | 'forged';

describe('authorization matrix over HTTP', () => {
  let storage: Storage;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let batches: Record<string, string[]>;
  const tokens = {} as Record<Principal, string | undefined>;
  const devices = {} as Record<Principal, string>;

  beforeAll(async () => {
    storage = openStorage(':memory:');
    await storage.migrate(new Date().toISOString());
    ({ batches } = await seedReviewWorld(storage));
    // Lena leads a team of her own: the lead of another team, for the team audit trail.
    await storage.addTeam({ teamId: 'south', name: 'South', leadId: 'lena' }, new Date().toISOString());
    server = await startApiServer(storage, { enrolPerAddress: { burst: 100, perSecond: 100 } });
    for (const principal of ['alice', 'bob', 'lead', 'lena'] as const) {
      const enrolled = await enrolOverHttp(storage, server.baseUrl, principal);
      tokens[principal] = enrolled.token;
      devices[principal] = enrolled.deviceId;
    }
    const revoked = await enrolOverHttp(storage, server.baseUrl, 'alice');
    await storage.revokeDevice(revoked.deviceId, new Date().toISOString());
    tokens.revoked = revoked.token;
    devices.revoked = revoked.deviceId;
    tokens.none = undefined;
    // Right device id, wrong secret.
    tokens.forged = `${devices.alice}.${'x'.repeat(43)}`;
  });

  afterAll(async () => {
    await server.stop();
    await storage.close();
  });

  const pullAllCaseIds = async (token: string | undefined) => {
    const reply = await callApi(server.baseUrl, '/api/v1/pull?limit=500', { token });
    if (reply.status !== 200) return reply;
    const body = reply.json as PullResponse;
    return { status: 200, caseIds: body.changes.flatMap((change) => (change.kind === 'case' ? [change.case.caseId] : [])).sort() };
  };

  it('health needs no token', async () => {
    for (const principal of Object.keys(tokens) as Principal[]) {
      expect((await callApi(server.baseUrl, '/api/v1/health', { token: tokens[principal] })).status).toBe(200);
    }
  });

  it('enrol takes a code, not a token: a used code fails for everyone', async () => {
    const code = 'ABCDEFGHJKMNPQRS';
    for (const principal of Object.keys(tokens) as Principal[]) {
      const reply = await callApi(server.baseUrl, '/api/v1/enrol', { token: tokens[principal], body: { code, deviceName: 'x', publicKey: TEST_PUBLIC_KEY } });
      expect(reply).toMatchObject({ status: 400, json: { error: { code: 'enrolment_code_invalid' } } });
    }
  });

  it('pull shows each user exactly the cases they may see', async () => {
    const expected: Record<Principal, unknown> = {
      alice: { status: 200, caseIds: [...batches.alice!].sort() },
      bob: { status: 200, caseIds: [...batches.bob!].sort() },
      lead: { status: 200, caseIds: [...batches.alice!, ...batches.bob!].sort() },
      lena: { status: 200, caseIds: [...batches.carol!].sort() },
      revoked: { status: 401, json: { error: { code: 'device_revoked' } } },
      none: { status: 401, json: { error: { code: 'unauthorized' } } },
      forged: { status: 401, json: { error: { code: 'unauthorized' } } },
    };
    for (const principal of Object.keys(expected) as Principal[]) {
      expect({ principal, reply: await pullAllCaseIds(tokens[principal]) }).toMatchObject({ principal, reply: expected[principal] });
    }
  });

  it('push authorizes every case id: reviews from the assignee, QC from the leads', async () => {
    const caseId = batches.alice![0]!;
    const submit = (): Mutation => ({
      mutationId: createUuidV7(),
      type: 'review.submit',
      caseId,
      baseVersion: 0,
      payload: { templateId: 'cse-review', templateVersion: 1, answers: VALID_ANSWERS },
    });
    const push = async (principal: Principal, mutation: Mutation) => {
      const reply = await callApi(server.baseUrl, '/api/v1/push', { token: tokens[principal], body: { mutations: [mutation] } });
      return reply.status === 200 ? (reply.json as PushResponse).results[0] : reply;
    };
    const submitExpected: Record<Principal, unknown> = {
      bob: { status: 'rejected', reason: 'forbidden' },
      lead: { status: 'rejected', reason: 'forbidden' },
      lena: { status: 'rejected', reason: 'forbidden' },
      revoked: { status: 401, json: { error: { code: 'device_revoked' } } },
      none: { status: 401, json: { error: { code: 'unauthorized' } } },
      forged: { status: 401, json: { error: { code: 'unauthorized' } } },
      alice: { status: 'applied', version: 1 },
    };
    for (const principal of Object.keys(submitExpected) as Principal[]) {
      expect({ principal, result: await push(principal, submit()) }).toMatchObject({ principal, result: submitExpected[principal] });
    }
    const qc = (): Mutation => ({ mutationId: createUuidV7(), type: 'qc.decide', caseId, baseVersion: 1, payload: { decision: 'approve' } });
    const qcExpected: Record<Principal, unknown> = {
      alice: { status: 'rejected', reason: 'not_lead' },
      bob: { status: 'rejected', reason: 'forbidden' },
      lena: { status: 'rejected', reason: 'forbidden' },
      revoked: { status: 401, json: { error: { code: 'device_revoked' } } },
      none: { status: 401, json: { error: { code: 'unauthorized' } } },
      forged: { status: 401, json: { error: { code: 'unauthorized' } } },
      lead: { status: 'applied', version: 1 },
    };
    for (const principal of Object.keys(qcExpected) as Principal[]) {
      expect({ principal, result: await push(principal, qc()) }).toMatchObject({ principal, result: qcExpected[principal] });
    }
  });

  it('audit accepts only the device’s own chain', async () => {
    const eventFor = (principal: Principal, userId: string) =>
      sealAuditEvent({ eventId: createUuidV7(), kind: 'consultation', at: new Date().toISOString(), userId, deviceId: devices[principal] ?? 'none' }, GENESIS_HASH);
    const expected: Record<Principal, [userId: string, status: number, code?: string]> = {
      alice: ['alice', 200],
      bob: ['alice', 403, 'forbidden'],
      lead: ['lead', 200],
      lena: ['lena', 200],
      revoked: ['alice', 401, 'device_revoked'],
      none: ['alice', 401, 'unauthorized'],
      forged: ['alice', 401, 'unauthorized'],
    };
    for (const [principal, [userId, status, code]] of Object.entries(expected) as Array<[Principal, [string, number, string?]]>) {
      const event = await eventFor(principal === 'bob' ? 'alice' : principal, userId);
      const reply = await callApi(server.baseUrl, '/api/v1/audit', { token: tokens[principal], body: { events: [event] } });
      expect({ principal, status: reply.status }).toEqual({ principal, status });
      if (code) expect(reply.json).toMatchObject({ error: { code } });
    }
  });

  it('team audit: a lead reads the chains and events of their own team only; reviewers are refused', async () => {
    const chainsOf = async (principal: Principal) => {
      const reply = await callApi(server.baseUrl, '/api/v1/team/audit/chains', { token: tokens[principal] });
      if (reply.status !== 200) return reply;
      const body = reply.json as TeamAuditChainsResponse;
      return { status: 200, devices: body.devices.map((device) => `${device.userId}:${device.chain.state}`) };
    };
    const expected: Record<Principal, unknown> = {
      alice: { status: 403, json: { error: { code: 'forbidden' } } },
      bob: { status: 403, json: { error: { code: 'forbidden' } } },
      // North: alice's device (one event uploaded above) and her revoked one, bob's, the lead's own.
      lead: { status: 200, devices: ['alice:verified', 'alice:never-uploaded', 'bob:never-uploaded', 'lead:verified'] },
      lena: { status: 200, devices: ['lena:verified'] },
      revoked: { status: 401, json: { error: { code: 'device_revoked' } } },
      none: { status: 401, json: { error: { code: 'unauthorized' } } },
      forged: { status: 401, json: { error: { code: 'unauthorized' } } },
    };
    for (const principal of Object.keys(expected) as Principal[]) {
      expect({ principal, reply: await chainsOf(principal) }).toMatchObject({ principal, reply: expected[principal] });
    }

    const eventsOf = async (principal: Principal, device: string) => {
      const reply = await callApi(server.baseUrl, `/api/v1/team/audit/events?device=${device}`, { token: tokens[principal] });
      return reply.status === 200 ? { status: 200, users: (reply.json as TeamAuditEventsResponse).events.map((entry) => entry.event.userId) } : reply;
    };
    const aliceEvents: Record<Principal, unknown> = {
      alice: { status: 403, json: { error: { code: 'forbidden' } } },
      bob: { status: 403, json: { error: { code: 'forbidden' } } },
      lead: { status: 200, users: ['alice'] },
      lena: { status: 403, json: { error: { code: 'forbidden' } } },
      revoked: { status: 401, json: { error: { code: 'device_revoked' } } },
      none: { status: 401, json: { error: { code: 'unauthorized' } } },
      forged: { status: 401, json: { error: { code: 'unauthorized' } } },
    };
    for (const principal of Object.keys(aliceEvents) as Principal[]) {
      expect({ principal, reply: await eventsOf(principal, devices.alice) }).toMatchObject({ principal, reply: aliceEvents[principal] });
    }
    // The other way round, and an unknown device: the same refusal, so device ids of other teams cannot be probed.
    expect(await eventsOf('lead', devices.lena)).toMatchObject({ status: 403, json: { error: { code: 'forbidden' } } });
    expect(await eventsOf('lead', 'dev_0000000000000000000f')).toMatchObject({ status: 403, json: { error: { code: 'forbidden' } } });
    expect(await eventsOf('lena', devices.lena)).toEqual({ status: 200, users: ['lena'] });
  });
});
