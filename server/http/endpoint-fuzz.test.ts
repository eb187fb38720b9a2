import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, sealAuditEvent } from '../../shared/sync-protocol/audit';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/storage';
import { callApi, enrolOverHttp, startApiServer, TEST_PUBLIC_KEY, type ApiReply } from '../test-support/api-test-server';
import { seedReviewWorld, VALID_ANSWERS } from '../test-support/seed-review-world';

const RUNS = 120;

/** Odd strings: lone surrogates, RTL marks, NULs, emoji, very long. */
const oddString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('\u0000', '\ud800', '\u202e\u202d', '💥'.repeat(200), 'a'.repeat(70_000), '__proto__', 'constructor', '{"', '%00'),
);
const extremeNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 1, -1, 1e308, 0.5),
  fc.integer(),
);
const wrongValue = fc.oneof(oddString, extremeNumber, fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }));

/** Takes a valid body and breaks it: an unknown member, or a known member of the wrong type, somewhere in the tree. */
function broken(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      paths.push(path);
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    } else if (Array.isArray(value)) value.forEach((child, index) => walk(child, [...path, String(index)]));
  };
  walk(valid, []);
  const setAt = (path: string[], key: string, value: unknown) => {
    const copy = structuredClone(valid) as Record<string, unknown>;
    let target: Record<string, unknown> = copy;
    for (const part of path) target = target[part] as Record<string, unknown>;
    target[key] = value;
    return copy;
  };
  const unknownMember = fc
    .tuple(fc.constantFrom(...paths.filter((path) => !path.includes('answers'))), fc.string({ minLength: 1, maxLength: 20 }), wrongValue)
    .filter(([path, key]) => {
      let target: Record<string, unknown> = valid;
      for (const part of path) target = target[part] as Record<string, unknown>;
      return !(key in target) && key !== '__proto__';
    })
    .map(([path, key, value]) => setAt(path, key, value));
  const typedFields = paths.flatMap((path) => {
    let target: Record<string, unknown> = valid;
    for (const part of path) target = target[part] as Record<string, unknown>;
    return Object.keys(target)
      .filter((key) => !path.includes('answers') && key !== 'answers' && key !== 'detail' && key !== 'comment')
      .map((key) => ({ path, key, type: Array.isArray(target[key]) ? 'array' : typeof target[key] }));
  });
  const wrongType = fc
    .tuple(fc.constantFrom(...typedFields), wrongValue)
    .filter(([field, value]) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value) !== field.type)
    .map(([field, value]) => setAt(field.path, field.key, value));
  return fc.oneof(unknownMember, wrongType);
}

const anyJsonText = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  oddString,
  fc.constantFrom('', '{', '[1,', '{"a":1}}', 'null', '"', '{"mutations":', '\u0000', '[' .repeat(5000), '{"__proto__":{"x":1}}'),
);

function expectClientError(reply: ApiReply): void {
  expect(reply.status).toBeGreaterThanOrEqual(400);
  expect(reply.status).toBeLessThan(500);
  expect(reply.contentType).toMatch(/^application\/json/);
  expect(reply.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(JSON.stringify(reply.json)).not.toMatch(/at .*\.ts:\d+|Error:/);
}

describe('fuzzing every endpoint', () => {
  let storage: Storage;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let token: string;
  let deviceId: string;
  let caseId: string;

  beforeAll(async () => {
    storage = openStorage(':memory:');
    await storage.migrate(new Date().toISOString());
    const { batches } = await seedReviewWorld(storage);
    caseId = batches.alice![0]!;
    server = await startApiServer(storage, {
      enrolPerAddress: { burst: 100_000, perSecond: 100_000 },
      requestsPerDevice: { burst: 100_000, perSecond: 100_000 },
      // The fuzzer sends hundreds of bad tokens from one address; request-edges.test.ts covers the limit.
      authFailuresPerAddress: { burst: 100_000, perSecond: 100_000 },
      bodyBytes: 256 * 1024,
    });
    ({ token, deviceId } = await enrolOverHttp(storage, server.baseUrl, 'alice'));
  });

  afterAll(async () => {
    await server.stop();
    await storage.close();
  });

  const validBodies = async (): Promise<Record<string, Record<string, unknown>>> => ({
    '/api/v1/enrol': { code: 'ABCDEFGHJKMNPQRS', deviceName: 'laptop', publicKey: TEST_PUBLIC_KEY },
    '/api/v1/push': {
      mutations: [
        { mutationId: createUuidV7(), type: 'review.submit', caseId, baseVersion: 0, payload: { templateId: 'cse-review', templateVersion: 1, answers: VALID_ANSWERS } },
      ],
    },
    '/api/v1/audit': {
      events: [await sealAuditEvent({ eventId: createUuidV7(), kind: 'consultation', at: new Date().toISOString(), userId: 'alice', deviceId }, GENESIS_HASH)],
    },
  });

  it.each(['/api/v1/enrol', '/api/v1/push', '/api/v1/audit'])('%s answers malformed JSON and wrong shapes with a 4xx JSON error', async (path) => {
    await fc.assert(
      fc.asyncProperty(anyJsonText, async (text) => {
        expectClientError(await callApi(server.baseUrl, path, { token, rawBody: text }));
      }),
      { numRuns: RUNS },
    );
    const valid = (await validBodies())[path]!;
    await fc.assert(
      fc.asyncProperty(broken(valid), async (body) => {
        expectClientError(await callApi(server.baseUrl, path, { token, body }));
      }),
      { numRuns: RUNS },
    );
  });

  it('pull answers odd query strings with a 4xx JSON error', async () => {
    const query = fc.oneof(
      fc.dictionary(fc.constantFrom('cursor', 'limit', 'x', 'since'), oddString, { minKeys: 1, maxKeys: 3 }).map((params) => new URLSearchParams(params).toString()),
      extremeNumber.map((limit) => `limit=${limit}`),
      fc.constant('cursor=c1&cursor=c2'),
    ).filter((text) => !/^(limit=([1-9]\d?|[1-4]\d\d|500))?$/.test(text) && !/^cursor=c[0-9a-z]{1,12}$/.test(text));
    await fc.assert(
      fc.asyncProperty(query, async (text) => {
        expectClientError(await callApi(server.baseUrl, `/api/v1/pull?${text}`, { token }));
      }),
      { numRuns: RUNS },
    );
  });

  it('rejects odd tokens, methods, paths, media types and oversized bodies with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }).filter((text) => /^[\x21-\x7e]*$/.test(text)), async (badToken) => {
        expectClientError(await callApi(server.baseUrl, '/api/v1/pull', { headers: { authorization: `Bearer ${badToken}` } }));
      }),
      { numRuns: RUNS },
    );
    expectClientError(await callApi(server.baseUrl, '/api/v1/push', { method: 'GET', token }));
    expectClientError(await callApi(server.baseUrl, '/api/v1/nowhere', { token }));
    expectClientError(await callApi(server.baseUrl, '/api/v1/push', { token, rawBody: '{}', headers: { 'content-type': 'text/plain' } }));
    expectClientError(await callApi(server.baseUrl, '/api/v1/push', { token, rawBody: 'x'.repeat(300 * 1024) }));
    expectClientError(await callApi(server.baseUrl, '/api/v1/push', { token, rawBody: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }));
    // Chunked, with no Content-Length: the limit is enforced while streaming and still answered.
    const chunked = await new Promise<ApiReply>((resolve, reject) => {
      const outgoing = httpRequest(`${server.baseUrl}/api/v1/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (incoming) => {
        let text = '';
        incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, json: JSON.parse(text) as unknown, contentType: incoming.headers['content-type'] ?? null }));
      });
      outgoing.on('error', reject);
      for (let index = 0; index < 40; index += 1) outgoing.write('x'.repeat(16 * 1024));
      outgoing.end();
    });
    expectClientError(chunked);
    expect(chunked.status).toBe(413);
  });

  it('keeps serving after all of it', async () => {
    expect((await callApi(server.baseUrl, '/api/v1/health')).status).toBe(200);
    const body = (await validBodies())['/api/v1/push'];
    const reply = await callApi(server.baseUrl, '/api/v1/push', { token, body });
    expect(reply).toMatchObject({ status: 200, json: { results: [{ status: 'applied' }] } });
  });
});
