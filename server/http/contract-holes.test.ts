import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import { GENESIS_HASH, sealAuditEvent, type AuditEvent } from '../../shared/sync-protocol/audit';
import type { PullResponse, } from '../../shared/sync-protocol/pull';
import type { Mutation, PushResponse } from '../../shared/sync-protocol/push';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import type { Storage } from '../storage/storage';
import { callApi, enrolOverHttp, startApiServer, TEST_PUBLIC_KEY } from '../test-support/api-test-server';
import { NOW, seedReviewWorld, VALID_ANSWERS } from '../test-support/seed-review-world';
import { storageTargets } from '../test-support/storage-targets';
import { createEnrolmentCode, sha256Hex } from './device-credentials';

/**
 * The holes an independent black-box client found, each tried over HTTP as a
 * client author would, on both databases (docs/api.md says what each answer is).
 */
const targets = await storageTargets('contract holes');

const submit = (caseId: string, baseVersion: number, templateVersion = 1): Mutation => ({
  mutationId: createUuidV7(),
  type: 'review.submit',
  caseId,
  baseVersion,
  payload: { templateId: 'cse-review', templateVersion, answers: VALID_ANSWERS },
});

describe.each(targets)('contract holes over HTTP: $name', (target) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let batches: Record<string, string[]>;
  let alice: { token: string; deviceId: string };
  let lead: { token: string; deviceId: string };

  beforeEach(async () => {
    ({ storage, cleanup } = await target.open());
    ({ batches } = await seedReviewWorld(storage));
    server = await startApiServer(storage);
    alice = await enrolOverHttp(storage, server.baseUrl, 'alice');
    lead = await enrolOverHttp(storage, server.baseUrl, 'lead');
  });

  afterEach(async () => {
    await server.stop();
    await cleanup();
  });

  const push = (token: string, mutations: unknown[]) => callApi(server.baseUrl, '/api/v1/push', { token, body: { mutations } });

  it('rejects a review on a template version other than the batch pins, as not_applicable', async () => {
    await storage.setTemplate({ ...DEFAULT_CSE_REVIEW_TEMPLATE, title: 'Revised review' }, NOW);
    const reply = await push(alice.token, [submit(batches.alice![0]!, 0, 2), submit(batches.alice![1]!, 0, 1)]);
    expect(reply.status).toBe(200);
    expect((reply.json as PushResponse).results.map((result) => result.status === 'rejected' ? result.reason : result.status)).toEqual(['not_applicable', 'applied']);
    expect(await storage.getReview(batches.alice![0]!)).toBeNull();
  });

  it('refuses __proto__ spelled with JSON escapes, at the top level and inside answers', async () => {
    const mutation = submit(batches.alice![0]!, 0);
    const topLevel = `{"mutations":${JSON.stringify([mutation])},"\\u005f\\u005fproto__":{"x":1}}`;
    expect(await callApi(server.baseUrl, '/api/v1/push', { token: alice.token, rawBody: topLevel })).toMatchObject({ status: 400, json: { error: { code: 'invalid_json' } } });
    const inAnswers = (value: number) =>
      JSON.stringify({ mutations: [mutation] }).replace('"answers":{', `"answers":{"\\u005f_proto__":{"polluted":${value}},`);
    for (const value of [1, 2]) {
      expect(await callApi(server.baseUrl, '/api/v1/push', { token: alice.token, rawBody: inAnswers(value) })).toMatchObject({
        status: 400,
        json: { error: { code: 'invalid_json' } },
      });
    }
    // Nothing of it was stored: the same id with plain content is applied fresh.
    expect(await push(alice.token, [mutation])).toMatchObject({ status: 200, json: { results: [{ status: 'applied' }] } });
  });

  it('answers a cursor the server never issued with 410 cursor_not_issued, and the head cursor with an empty page', async () => {
    let cursor: string | undefined;
    for (;;) {
      const reply = await callApi(server.baseUrl, `/api/v1/pull${cursor ? `?cursor=${cursor}` : ''}`, { token: alice.token });
      expect(reply.status).toBe(200);
      const page = reply.json as PullResponse;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(await callApi(server.baseUrl, `/api/v1/pull?cursor=${cursor}`, { token: alice.token })).toMatchObject({ status: 200, json: { changes: [], hasMore: false } });
    const neverIssued = `c${(10 ** 12).toString(36)}`;
    expect(await callApi(server.baseUrl, `/api/v1/pull?cursor=${neverIssued}`, { token: alice.token })).toMatchObject({
      status: 410,
      json: { error: { code: 'cursor_not_issued' } },
    });
  });

  it('names the index and the last accepted hash of a broken audit chain as fields', async () => {
    const event = (previous: string) => sealAuditEvent({ eventId: createUuidV7(), kind: 'consultation', at: NOW, userId: 'alice', deviceId: alice.deviceId }, previous);
    const audit = (events: AuditEvent[]) => callApi(server.baseUrl, '/api/v1/audit', { token: alice.token, body: { events } });

    const first = await event(GENESIS_HASH);
    const forkBeforeAny = await event('f'.repeat(64));
    expect(await audit([forkBeforeAny])).toMatchObject({ status: 409, json: { error: { code: 'audit_chain_broken', index: 0, lastAcceptedHash: null } } });
    expect(await audit([first])).toMatchObject({ status: 200 });

    // The batch's first event continues the chain, its second does not: nothing is stored, and the
    // last accepted hash is the stored head, not the hash of the refused batch's first event.
    const second = await event(first.hash);
    const gap = await event('e'.repeat(64));
    expect(await audit([second, gap])).toMatchObject({ status: 409, json: { error: { code: 'audit_chain_broken', index: 1, lastAcceptedHash: first.hash } } });

    const tampered = { ...(await event(first.hash)), detail: 'changed after sealing' };
    expect(await audit([second, tampered])).toMatchObject({ status: 409, json: { error: { code: 'audit_chain_broken', index: 1, lastAcceptedHash: first.hash } } });
    expect(await audit([second])).toMatchObject({ status: 200, json: { accepted: 1, lastHash: second.hash } });
  });

  it('takes a baseVersion of 2^31 and more as stale without failing the rest of the push', async () => {
    const [caseA, caseB, caseC] = batches.alice!;
    expect(await push(alice.token, [submit(caseA!, 0)])).toMatchObject({ status: 200 });
    const huge = 2 ** 31;
    const qc: Mutation = { mutationId: createUuidV7(), type: 'qc.decide', caseId: caseA!, baseVersion: Number.MAX_SAFE_INTEGER, payload: { decision: 'approve' } };
    const reviewerReply = await push(alice.token, [submit(caseB!, 0), submit(caseA!, huge), submit(caseC!, 0)]);
    expect(reviewerReply.status).toBe(200);
    expect((reviewerReply.json as PushResponse).results.map((result) => result.status)).toEqual(['applied', 'conflict', 'applied']);
    const leadReply = await push(lead.token, [qc, { ...qc, mutationId: createUuidV7(), baseVersion: 1 }]);
    expect(leadReply.status).toBe(200);
    expect((leadReply.json as PushResponse).results.map((result) => result.status)).toEqual(['conflict', 'applied']);
    expect((await storage.listReviewVersions(caseA!)).map((version) => version.baseVersion)).toEqual([0, huge]);
  });

  it('refuses a NUL character in any text field with validation_failed, alike on both databases', async () => {
    const code = createEnrolmentCode();
    await storage.createEnrolmentCode({ codeHash: sha256Hex(code), userId: 'bob', expiresAt: '2999-01-01T00:00:00.000Z' }, NOW);
    const enrol = await callApi(server.baseUrl, '/api/v1/enrol', { body: { code, deviceName: 'laptop\u0000one', publicKey: TEST_PUBLIC_KEY } });
    expect(enrol).toMatchObject({ status: 400, json: { error: { code: 'validation_failed', fields: [{ path: 'deviceName', code: 'nul_character' }] } } });
    // The code was not used up by the refused request.
    expect(await callApi(server.baseUrl, '/api/v1/enrol', { body: { code, deviceName: 'laptop one', publicKey: TEST_PUBLIC_KEY } })).toMatchObject({ status: 201 });

    const caseId = batches.alice![0]!;
    expect(await push(alice.token, [submit(caseId, 0)])).toMatchObject({ status: 200 });
    const comment: Mutation = { mutationId: createUuidV7(), type: 'qc.decide', caseId, baseVersion: 1, payload: { decision: 'return', comment: 'see\u0000this' } };
    expect(await push(lead.token, [comment])).toMatchObject({
      status: 400,
      json: { error: { code: 'validation_failed', fields: [{ path: 'mutations.0.payload.comment', code: 'nul_character' }] } },
    });
    expect(await push(lead.token, [{ ...comment, payload: { decision: 'return', comment: 'see this' } }])).toMatchObject({ status: 200, json: { results: [{ status: 'applied' }] } });
  });
});
