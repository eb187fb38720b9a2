import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIpcHandlerRegistry, type IpcHandlerRegistry } from '../ipc/ipc-handler-registry';
import { createMainHandlers } from '../ipc/main-handlers';
import type { ConfirmQuestion, MainServices } from '../services/main-services';
import { json, startLocalEndpointServer, type LocalEndpointServer } from '../testing/local-endpoint-server';
import { makeSelfSignedCertificate, opensslMissing } from '../testing/self-signed-certificate';
import { ENDPOINT_CONFIG_FILE, openEndpointConfigStore } from './endpoint-config-store';
import type { EndpointTransport } from './endpoint-transport';
import { createNetworkHandlers } from './network-handlers';
import { createNodeEndpointTransport } from './node-endpoint-transport';
import { spkiSha256 } from './spki-pin';
import { MAX_PUSH_PAGES_PER_CALL } from '../../shared/ipc/network-contract';

const APP = 'app://casedesk';
const SENDER = { url: `${APP}/index.html`, isMainFrame: true };
const TOKEN = `dev_1.${'T'.repeat(43)}`;
const ENROL_REQUEST = {
  code: '4WF7XG7ZN06NMRDH',
  deviceName: 'Reviewer laptop 12',
  publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) },
};
const ENROLLED = { deviceId: 'dev_1', userId: 'alice', role: 'reviewer', token: TOKEN };
const MUTATION = {
  mutationId: '01890a5d-ac96-774b-bcce-b302099a8057',
  type: 'review.submit',
  caseId: 'case-000001',
  baseVersion: 0,
  payload: { templateId: 'cse-review', templateVersion: 1, answers: { classification: 'online' } },
};
const AUDIT_EVENT = {
  eventId: '01890a5d-ac96-774b-bcce-b302099a8058',
  kind: 'consultation',
  at: '2026-01-15T10:00:00.000Z',
  caseId: 'case-000001',
  prevHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
};

class RecordingDialogs {
  readonly asked: ConfirmQuestion[] = [];
  answer = false;
  confirm(question: ConfirmQuestion): Promise<boolean> {
    this.asked.push(question);
    return Promise.resolve(this.answer);
  }
  chooseFolder(): Promise<string | null> {
    return Promise.resolve(null);
  }
}

interface Main {
  readonly registry: IpcHandlerRegistry;
  readonly dialogs: RecordingDialogs;
  /** Every URL main handed to the transport, in order. */
  readonly sent: string[];
  call(channel: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
}

let mainConfigDir: string;

/** The real handlers behind the real registry, as Electron and the harness build them. */
function startMain(options: { trustedCertificates?: string[]; limits?: { totalTimeoutMs?: number; maxResponseBytes?: number } } = {}): Main {
  const dialogs = new RecordingDialogs();
  const sent: string[] = [];
  const node = createNodeEndpointTransport({ trustedCertificates: options.trustedCertificates });
  const transport: EndpointTransport = {
    send: (request) => {
      sent.push(request.url);
      return node.send(request);
    },
  };
  const services: MainServices = {
    appInfo: () => ({ name: 'CaseDesk', version: '0', platform: 'linux', host: 'electron', electronVersion: null, isDevelopment: false }),
    keystore: { isEncryptionAvailable: () => false, backendName: () => 'none', encrypt: (b) => b, decrypt: (b) => b },
    lockEvents: { onLockRequested: () => () => undefined, detection: () => ({ screenLock: 'unavailable', detail: 'not watched in these tests' }) },
    dialogs,
    endpointTransport: transport,
    mainConfigDir,
    log: () => undefined,
    demoEnrolment: null,
    diskEncryption: () => Promise.resolve({ state: 'unknown', method: null, detail: 'not asked in these tests' }),
  };
  const handlers = createMainHandlers(services);
  const limits = options.limits;
  const registry = createIpcHandlerRegistry(
    limits
      ? {
          ...handlers,
          network: createNetworkHandlers({
            transport,
            dialogs,
            configStore: openEndpointConfigStore(mainConfigDir, () => undefined),
            timeouts: { connectTimeoutMs: 2_000, totalTimeoutMs: limits.totalTimeoutMs ?? 5_000 },
            maxResponseBytes: limits.maxResponseBytes,
          }),
        }
      : handlers,
    { appOrigin: APP },
  );
  return {
    registry,
    dialogs,
    sent,
    call: (channel, input) => registry.invoke(channel, input, SENDER) as ReturnType<Main['call']>,
  };
}

let endpoint: LocalEndpointServer;
let elsewhere: LocalEndpointServer;

beforeAll(async () => {
  endpoint = await startLocalEndpointServer();
  elsewhere = await startLocalEndpointServer();
});
afterAll(async () => {
  await endpoint.close();
  await elsewhere.close();
});
beforeEach(() => {
  mainConfigDir = mkdtempSync(path.join(tmpdir(), 'casedesk-network-'));
  endpoint.requests.splice(0);
  elsewhere.requests.splice(0);
  endpoint.reply(json(201, ENROLLED));
  elsewhere.reply(json(201, ENROLLED));
});
afterEach(() => rmSync(mainConfigDir, { recursive: true, force: true }));

async function enrolAt(main: Main, origin: string) {
  return main.call('network.enrol', { endpointUrl: origin, request: ENROL_REQUEST });
}

describe('enrolment', () => {
  it('saves the origin when the server answers 201, and a restarted main still knows it', async () => {
    const main = startMain();
    await expect(main.call('network.status')).resolves.toEqual({ ok: true, value: { origin: null, pinned: false } });
    const enrolled = await enrolAt(main, `${endpoint.origin}/`);
    expect(enrolled).toEqual({ ok: true, value: { kind: 'ok', status: 201, body: ENROLLED, origin: endpoint.origin } });
    expect(endpoint.requests).toHaveLength(1);
    expect(endpoint.requests[0]).toMatchObject({ method: 'POST', url: '/api/v1/enrol', headers: { 'content-type': 'application/json', accept: 'application/json' } });
    expect(JSON.parse(endpoint.requests[0]!.body)).toEqual(ENROL_REQUEST);
    await expect(startMain().call('network.status')).resolves.toEqual({ ok: true, value: { origin: endpoint.origin, pinned: false } });
  });

  it.each([
    ['an API error', json(400, { error: { code: 'enrolment_code_invalid', message: 'The enrolment code is not valid.' } })],
    ['200 instead of 201', json(200, ENROLLED)],
    ['a 201 off the schema', json(201, { ...ENROLLED, role: 'superuser' })],
  ])('saves nothing when the server answers %s', async (_label, reply) => {
    endpoint.reply(reply);
    const main = startMain();
    await enrolAt(main, endpoint.origin);
    await expect(main.call('network.status')).resolves.toEqual({ ok: true, value: { origin: null, pinned: false } });
    expect(existsSync(path.join(mainConfigDir, ENDPOINT_CONFIG_FILE))).toBe(false);
  });

  it('reports a wrong code as the API said it', async () => {
    endpoint.reply(json(400, { error: { code: 'enrolment_code_invalid', message: 'The enrolment code is not valid.' } }));
    await expect(enrolAt(startMain(), endpoint.origin)).resolves.toEqual({
      ok: true,
      value: { kind: 'api-error', status: 400, code: 'enrolment_code_invalid', message: 'The enrolment code is not valid.', retryAfterSeconds: null, origin: endpoint.origin },
    });
  });

  it.each([
    ['plain http to another machine', 'http://10.1.2.3:8080'],
    ['plain http to a name that only looks local', 'http://localhost.example.org'],
    ['a path', 'https://sync.example.org/api'],
    ['credentials', 'https://alice:secret@sync.example.org'],
    ['a query', 'https://sync.example.org/?next=evil'],
    ['another scheme', 'ftp://sync.example.org'],
  ])('refuses an endpoint with %s before sending anything', async (_label, endpointUrl) => {
    const main = startMain();
    const result = await main.call('network.enrol', { endpointUrl, request: ENROL_REQUEST });
    expect(result).toMatchObject({ ok: false, error: { code: 'EndpointNotAllowed' } });
    expect(result.error?.message).not.toContain(endpointUrl);
    expect(main.sent).toEqual([]);
  });

  it('asks before replacing the enrolled origin, and a "no" sends nothing and changes nothing', async () => {
    const main = startMain();
    await enrolAt(main, endpoint.origin);
    expect(main.dialogs.asked).toEqual([]);

    const declined = await enrolAt(main, elsewhere.origin);
    expect(declined).toMatchObject({ ok: false, error: { code: 'EnrolmentCancelled' } });
    expect(main.dialogs.asked).toHaveLength(1);
    expect(main.dialogs.asked[0]!.detail).toContain(endpoint.origin);
    expect(main.dialogs.asked[0]!.detail).toContain(elsewhere.origin);
    expect(elsewhere.requests).toEqual([]);
    await expect(main.call('network.status')).resolves.toEqual({ ok: true, value: { origin: endpoint.origin, pinned: false } });
    await expect(startMain().call('network.status')).resolves.toMatchObject({ value: { origin: endpoint.origin } });
  });

  it('a "yes" replaces the origin only once the new server answered 201', async () => {
    const main = startMain();
    await enrolAt(main, endpoint.origin);
    main.dialogs.answer = true;

    elsewhere.reply(json(400, { error: { code: 'enrolment_code_invalid', message: 'The enrolment code is not valid.' } }));
    await expect(enrolAt(main, elsewhere.origin)).resolves.toMatchObject({ ok: true, value: { kind: 'api-error' } });
    await expect(main.call('network.status')).resolves.toMatchObject({ value: { origin: endpoint.origin } });

    elsewhere.reply(json(201, ENROLLED));
    await expect(enrolAt(main, elsewhere.origin)).resolves.toMatchObject({ ok: true, value: { kind: 'ok', status: 201 } });
    await expect(main.call('network.status')).resolves.toMatchObject({ value: { origin: elsewhere.origin } });
    expect(main.dialogs.asked).toHaveLength(2);

    endpoint.requests.splice(0);
    elsewhere.reply(json(200, { status: 'ok', api: 'v1' }));
    await main.call('network.health');
    expect(endpoint.requests).toEqual([]);
    expect(elsewhere.requests.at(-1)).toMatchObject({ url: '/api/v1/health' });
  });

  it('enrolling again at the same origin, however it is written, asks nothing', async () => {
    const main = startMain();
    await enrolAt(main, endpoint.origin);
    await expect(enrolAt(main, `${endpoint.origin.toUpperCase()}/`)).resolves.toMatchObject({ ok: true, value: { kind: 'ok' } });
    expect(main.dialogs.asked).toEqual([]);
    expect(endpoint.requests).toHaveLength(2);
  });
});

describe('only the enrolled origin', () => {
  it('refuses every call before enrolment without touching the network', async () => {
    const main = startMain();
    for (const [channel, input] of [
      ['network.health', undefined],
      ['network.pull', { token: TOKEN, query: {} }],
      ['network.push', { token: TOKEN, request: { mutations: [MUTATION] } }],
      ['network.pushPages', { token: TOKEN, requests: [{ mutations: [MUTATION] }] }],
      ['network.uploadAudit', { token: TOKEN, request: { events: [AUDIT_EVENT] } }],
      ['network.teamAuditChains', { token: TOKEN }],
      ['network.teamAuditEvents', { token: TOKEN, query: { device: 'dev_2' } }],
    ] as const) {
      await expect(main.call(channel, input), channel).resolves.toMatchObject({ ok: false, error: { code: 'NotEnrolled' } });
    }
    expect(main.sent).toEqual([]);
  });

  it('sends each call to the enrolled origin and a fixed path, with the token and JSON headers', async () => {
    const main = startMain();
    await enrolAt(main, endpoint.origin);
    endpoint.requests.splice(0);

    endpoint.reply(json(200, { status: 'ok', api: 'v1' }));
    await expect(main.call('network.health')).resolves.toEqual({ ok: true, value: { kind: 'ok', status: 200, body: { status: 'ok', api: 'v1' } } });
    endpoint.reply(json(200, { changes: [], cursor: 'c0', hasMore: false }));
    await expect(main.call('network.pull', { token: TOKEN, query: { cursor: 'c1z', limit: 50 } })).resolves.toMatchObject({ ok: true, value: { kind: 'ok' } });
    endpoint.reply(json(200, { results: [{ mutationId: MUTATION.mutationId, status: 'applied', version: 1 }] }));
    await expect(main.call('network.push', { token: TOKEN, request: { mutations: [MUTATION] } })).resolves.toMatchObject({ ok: true, value: { kind: 'ok' } });
    endpoint.reply(json(200, { accepted: 1, duplicates: 0, lastHash: 'a'.repeat(64) }));
    await expect(main.call('network.uploadAudit', { token: TOKEN, request: { events: [AUDIT_EVENT] } })).resolves.toMatchObject({ ok: true, value: { kind: 'ok' } });
    endpoint.reply(json(200, { devices: [] }));
    await expect(main.call('network.teamAuditChains', { token: TOKEN })).resolves.toMatchObject({ ok: true, value: { kind: 'ok' } });
    endpoint.reply(json(200, { deviceId: 'dev_2', userId: 'bob', events: [{ position: 4, receivedAt: AUDIT_EVENT.at, event: AUDIT_EVENT }], hasMore: false }));
    await expect(main.call('network.teamAuditEvents', { token: TOKEN, query: { device: 'dev_2', after: 3, limit: 100 } })).resolves.toMatchObject({
      ok: true,
      value: { kind: 'ok', body: { events: [{ position: 4, event: AUDIT_EVENT }] } },
    });

    expect(endpoint.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /api/v1/health',
      'GET /api/v1/pull?cursor=c1z&limit=50',
      'POST /api/v1/push',
      'POST /api/v1/audit',
      'GET /api/v1/team/audit/chains',
      'GET /api/v1/team/audit/events?device=dev_2&after=3&limit=100',
    ]);
    for (const request of endpoint.requests.slice(1)) {
      expect(request.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/json' });
    }
    expect(endpoint.requests[0]!.headers.authorization).toBeUndefined();
    expect(endpoint.requests[2]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(endpoint.requests[2]!.body)).toEqual({ mutations: [MUTATION] });
    expect(main.sent.every((url) => url.startsWith(`${endpoint.origin}/api/v1/`))).toBe(true);
    expect(elsewhere.requests).toEqual([]);
  });

  it('refuses a renderer that tries to name another origin in any call', async () => {
    const main = startMain();
    await enrolAt(main, endpoint.origin);
    main.sent.splice(0);
    for (const [channel, input] of [
      ['network.health', { endpointUrl: elsewhere.origin }],
      ['network.pull', { token: TOKEN, query: {}, endpointUrl: elsewhere.origin }],
      ['network.pull', { token: TOKEN, query: { cursor: `${elsewhere.origin}/x` } }],
      ['network.push', { token: TOKEN, request: { mutations: [MUTATION] }, url: `${elsewhere.origin}/api/v1/push` }],
      ['network.pushPages', { token: TOKEN, requests: [{ mutations: [MUTATION] }], url: `${elsewhere.origin}/api/v1/push` }],
      ['network.uploadAudit', { token: TOKEN, request: { events: [AUDIT_EVENT] }, origin: elsewhere.origin }],
      ['network.teamAuditChains', { token: TOKEN, origin: elsewhere.origin }],
      ['network.teamAuditEvents', { token: TOKEN, query: { device: `${elsewhere.origin}/x` } }],
      ['network.teamAuditEvents', { token: TOKEN, query: { device: 'dev_2', path: '/api/v1/pull' } }],
    ] as const) {
      await expect(main.call(channel, input), channel).resolves.toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    }
    expect(main.sent).toEqual([]);
    expect(elsewhere.requests).toEqual([]);
  });

  it('does not follow a redirect away from the enrolled origin', async () => {
    const main = startMain();
    await enrolAt(main, endpoint.origin);
    endpoint.reply((_request, response) => {
      response.writeHead(307, { Location: `${elsewhere.origin}/api/v1/pull` });
      response.end();
    });
    await expect(main.call('network.pull', { token: TOKEN, query: {} })).resolves.toMatchObject({ ok: false, error: { code: 'ResponseMalformed' } });
    expect(elsewhere.requests).toEqual([]);
  });

  it('forget clears the enrolled origin, on disk too', async () => {
    const main = startMain();
    await enrolAt(main, endpoint.origin);
    await expect(main.call('network.forget')).resolves.toEqual({ ok: true, value: undefined });
    await expect(main.call('network.status')).resolves.toEqual({ ok: true, value: { origin: null, pinned: false } });
    await expect(main.call('network.health')).resolves.toMatchObject({ ok: false, error: { code: 'NotEnrolled' } });
    await expect(startMain().call('network.status')).resolves.toMatchObject({ value: { origin: null } });
    // With nothing enrolled, a new origin needs no confirmation.
    await enrolAt(main, elsewhere.origin);
    expect(main.dialogs.asked).toEqual([]);
  });
});

describe('reading answers', () => {
  let main: Main;
  beforeEach(async () => {
    main = startMain({ limits: { totalTimeoutMs: 400, maxResponseBytes: 2048 } });
    await enrolAt(main, endpoint.origin);
  });
  const pull = () => main.call('network.pull', { token: TOKEN, query: {} });

  it('maps an API error with Retry-After to an answer with seconds', async () => {
    endpoint.reply(json(429, { error: { code: 'rate_limited', message: 'Too many requests.' } }, { 'Retry-After': '12' }));
    await expect(pull()).resolves.toEqual({
      ok: true,
      value: { kind: 'api-error', status: 429, code: 'rate_limited', message: 'Too many requests.', retryAfterSeconds: 12 },
    });
  });

  it('passes validation fields and the audit chain position through', async () => {
    endpoint.reply(json(400, { error: { code: 'validation_failed', message: 'The request does not match the schema.', fields: [{ path: 'limit', code: 'too_big' }] } }));
    await expect(pull()).resolves.toMatchObject({ value: { kind: 'api-error', code: 'validation_failed', fields: [{ path: 'limit', code: 'too_big' }] } });
    endpoint.reply(json(409, { error: { code: 'audit_chain_broken', message: 'The chain does not continue.', index: 0, lastAcceptedHash: 'b'.repeat(64) } }));
    await expect(main.call('network.uploadAudit', { token: TOKEN, request: { events: [AUDIT_EVENT] } })).resolves.toMatchObject({
      value: { kind: 'api-error', status: 409, code: 'audit_chain_broken', lastAcceptedHash: 'b'.repeat(64) },
    });
  });

  it('says device_revoked plainly, so the renderer can erase the vault', async () => {
    endpoint.reply(json(401, { error: { code: 'device_revoked', message: 'This device was revoked.' } }));
    await expect(pull()).resolves.toMatchObject({ value: { kind: 'api-error', status: 401, code: 'device_revoked' } });
  });

  it('strips characters that could disguise the server message', async () => {
    endpoint.reply(json(429, { error: { code: 'rate_limited', message: 'Wait\u202e.won ecnerefer\u200b\n nepo' } }));
    const answer = await pull();
    expect((answer.value as { message: string }).message).toBe('Wait .won ecnerefer nepo');
  });

  it.each([
    ['not JSON', (_r: unknown, response: import('node:http').ServerResponse) => response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"changes": [')],
    ['JSON declared as HTML', (_r: unknown, response: import('node:http').ServerResponse) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('{"changes":[],"cursor":"c0","hasMore":false}')],
    ['invalid UTF-8', (_r: unknown, response: import('node:http').ServerResponse) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(Buffer.from([0x7b, 0xff, 0x7d]))],
    ['a body off the schema', json(200, { changes: [{ kind: 'shell', command: 'rm -rf /' }], cursor: 'c0', hasMore: false })],
    ['an unknown member', json(200, { changes: [], cursor: 'c0', hasMore: false, next: 'https://evil.example' })],
    ['an error body off the schema', json(400, { error: { code: 'teapot', message: 'CANARY server text' } })],
    ['an unexpected success status', json(204, {})],
  ])('refuses %s as ResponseMalformed, repeating nothing of it', async (_label, reply) => {
    endpoint.reply(reply as Parameters<LocalEndpointServer['reply']>[0]);
    const result = await pull();
    expect(result).toMatchObject({ ok: false, error: { code: 'ResponseMalformed' } });
    expect(JSON.stringify(result)).not.toMatch(/CANARY|evil|rm -rf|127\.0\.0\.1/);
  });

  it.each([
    ['an event with a member the audit schema does not know', { ...AUDIT_EVENT, note: 'CANARY' }],
    ['an event whose hash is not a digest', { ...AUDIT_EVENT, hash: 'CANARY' }],
  ])('refuses a team audit page holding %s as ResponseMalformed', async (_label, event) => {
    endpoint.reply(json(200, { deviceId: 'dev_2', userId: 'bob', events: [{ position: 1, receivedAt: AUDIT_EVENT.at, event }], hasMore: false }));
    const result = await main.call('network.teamAuditEvents', { token: TOKEN, query: { device: 'dev_2' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'ResponseMalformed' } });
    expect(JSON.stringify(result)).not.toContain('CANARY');
  });

  it('reports a 5xx from something in front of the endpoint as ServerUnavailable', async () => {
    endpoint.reply((_request, response) => response.writeHead(503, { 'Content-Type': 'text/html' }).end('<h1>CANARY proxy</h1>'));
    const result = await pull();
    expect(result).toMatchObject({ ok: false, error: { code: 'ServerUnavailable' } });
    expect(JSON.stringify(result)).not.toContain('CANARY');
  });

  it('gives up with Timeout when the endpoint never answers', async () => {
    endpoint.reply(() => undefined);
    await expect(pull()).resolves.toMatchObject({ ok: false, error: { code: 'Timeout' } });
  });

  it('aborts an answer past the size cap with ResponseTooLarge', async () => {
    endpoint.reply(json(200, { changes: [], cursor: 'c'.repeat(4096), hasMore: false }));
    await expect(pull()).resolves.toMatchObject({ ok: false, error: { code: 'ResponseTooLarge' } });
  });

  it('reports a stopped endpoint as EndpointUnreachable', async () => {
    const stopped = await startLocalEndpointServer();
    stopped.reply(json(201, ENROLLED));
    await main.call('network.forget');
    await expect(enrolAt(main, stopped.origin)).resolves.toMatchObject({ ok: true, value: { kind: 'ok' } });
    await stopped.close();
    await expect(main.call('network.health')).resolves.toMatchObject({ ok: false, error: { code: 'EndpointUnreachable' } });
  });
});

describe('push pages', () => {
  let main: Main;
  beforeEach(async () => {
    main = startMain({ limits: { totalTimeoutMs: 400 } });
    await enrolAt(main, endpoint.origin);
    endpoint.requests.splice(0);
  });
  const page = (caseId: string) => ({ mutations: [{ ...MUTATION, caseId }] });
  const applied = json(200, { results: [{ mutationId: MUTATION.mutationId, status: 'applied', version: 1 }] });
  /** Answers each request with the next reply in line. */
  const replyInTurn = (...replies: Parameters<LocalEndpointServer['reply']>[0][]) => {
    let next = 0;
    endpoint.reply((request, response) => replies[Math.min(next++, replies.length - 1)]!(request, response));
  };

  it('posts the pages one after another, in order, one push in flight across calls', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    endpoint.reply((request, response) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      setTimeout(() => {
        inFlight--;
        applied(request, response);
      }, 15);
    });
    const [first, second, single] = await Promise.all([
      main.call('network.pushPages', { token: TOKEN, requests: [page('case-a'), page('case-b'), page('case-c')] }),
      main.call('network.pushPages', { token: TOKEN, requests: [page('case-d')] }),
      main.call('network.push', { token: TOKEN, request: page('case-e') }),
    ]);
    expect(first).toMatchObject({ ok: true, value: [{ kind: 'ok' }, { kind: 'ok' }, { kind: 'ok' }] });
    expect(second).toMatchObject({ ok: true, value: [{ kind: 'ok' }] });
    expect(single).toMatchObject({ ok: true, value: { kind: 'ok' } });
    expect(mostInFlight).toBe(1);
    expect(endpoint.requests.map((request) => JSON.parse(request.body).mutations[0].caseId)).toEqual(['case-a', 'case-b', 'case-c', 'case-d', 'case-e']);
  });

  it('stops at the first page not answered ok and sends nothing after it', async () => {
    replyInTurn(applied, json(429, { error: { code: 'rate_limited', message: 'Too many requests.' } }, { 'Retry-After': '3' }), applied);
    const answer = await main.call('network.pushPages', { token: TOKEN, requests: [page('case-a'), page('case-b'), page('case-c')] });
    expect(answer).toMatchObject({ ok: true, value: [{ kind: 'ok' }, { kind: 'api-error', code: 'rate_limited', retryAfterSeconds: 3 }] });
    expect(endpoint.requests).toHaveLength(2);
  });

  it('answers the pages before a failed exchange; a failure on the first page is the call\'s error', async () => {
    const hangUp: Parameters<LocalEndpointServer['reply']>[0] = (_request, response) => response.socket?.destroy();
    replyInTurn(applied, hangUp);
    const answer = await main.call('network.pushPages', { token: TOKEN, requests: [page('case-a'), page('case-b'), page('case-c')] });
    expect(answer).toMatchObject({ ok: true, value: [{ kind: 'ok' }] });
    expect((answer.value as unknown[]).length).toBe(1);
    expect(endpoint.requests).toHaveLength(2);
    replyInTurn(hangUp);
    await expect(main.call('network.pushPages', { token: TOKEN, requests: [page('case-b'), page('case-c')] })).resolves.toMatchObject({
      ok: false,
      error: { code: 'EndpointUnreachable' },
    });
    expect(endpoint.requests).toHaveLength(3);
  });

  it('posts a continuation right after a call answered in full, and refuses it, sending nothing, after one that was not', async () => {
    replyInTurn(applied, applied, applied);
    const [first, continued] = await Promise.all([
      main.call('network.pushPages', { token: TOKEN, requests: [page('case-a'), page('case-b')] }),
      main.call('network.pushPages', { token: TOKEN, requests: [page('case-c')], continues: true }),
    ]);
    expect(first).toMatchObject({ ok: true, value: [{ kind: 'ok' }, { kind: 'ok' }] });
    expect(continued).toMatchObject({ ok: true, value: [{ kind: 'ok' }] });
    expect(endpoint.requests.map((request) => JSON.parse(request.body).mutations[0].caseId)).toEqual(['case-a', 'case-b', 'case-c']);

    // The first call stops at a 429: the continuation behind it would skip case-e, so it is refused.
    endpoint.requests.splice(0);
    replyInTurn(applied, json(429, { error: { code: 'rate_limited', message: 'Too many requests.' } }, { 'Retry-After': '1' }));
    const [stopped, refused] = await Promise.all([
      main.call('network.pushPages', { token: TOKEN, requests: [page('case-d'), page('case-e')] }),
      main.call('network.pushPages', { token: TOKEN, requests: [page('case-f')], continues: true }),
    ]);
    expect(stopped).toMatchObject({ ok: true, value: [{ kind: 'ok' }, { kind: 'api-error', code: 'rate_limited' }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'PushOutOfSequence' } });
    expect(endpoint.requests.map((request) => JSON.parse(request.body).mutations[0].caseId)).toEqual(['case-d', 'case-e']);

    // After a failed exchange too; a call that is not a continuation goes as usual.
    endpoint.requests.splice(0);
    replyInTurn((_request, response) => response.socket?.destroy(), applied);
    const [lost, refusedAgain] = await Promise.all([
      main.call('network.pushPages', { token: TOKEN, requests: [page('case-e')] }),
      main.call('network.pushPages', { token: TOKEN, requests: [page('case-f')], continues: true }),
    ]);
    expect(lost).toMatchObject({ ok: false, error: { code: 'EndpointUnreachable' } });
    expect(refusedAgain).toMatchObject({ ok: false, error: { code: 'PushOutOfSequence' } });
    await expect(main.call('network.pushPages', { token: TOKEN, requests: [page('case-e')] })).resolves.toMatchObject({ ok: true, value: [{ kind: 'ok' }] });
    expect(endpoint.requests).toHaveLength(2);
  });

  it('refuses more pages than one call may carry, sending nothing', async () => {
    const requests = Array.from({ length: MAX_PUSH_PAGES_PER_CALL + 1 }, (_, index) => page(`case-${index}`));
    await expect(main.call('network.pushPages', { token: TOKEN, requests })).resolves.toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    await expect(main.call('network.pushPages', { token: TOKEN, requests: [] })).resolves.toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(endpoint.requests).toEqual([]);
  });
});

const missing = opensslMissing();
if (missing) console.log(`network handlers over TLS: skipping — ${missing}`);

describe.skipIf(missing !== null)('network handlers over TLS with a pin', () => {
  const identity = missing ? { cert: '', key: '' } : makeSelfSignedCertificate();
  let tlsEndpoint: LocalEndpointServer;
  beforeAll(async () => (tlsEndpoint = await startLocalEndpointServer(identity)));
  afterAll(() => tlsEndpoint.close());

  it('enrols with the pin of the server key, saves it, and keeps checking it', async () => {
    tlsEndpoint.reply(json(201, ENROLLED));
    const main = startMain({ trustedCertificates: [identity.cert] });
    const enrolled = await main.call('network.enrol', { endpointUrl: tlsEndpoint.origin, spkiPin: spkiSha256(identity.cert), request: ENROL_REQUEST });
    expect(enrolled).toMatchObject({ ok: true, value: { kind: 'ok', status: 201 } });
    await expect(main.call('network.status')).resolves.toEqual({ ok: true, value: { origin: tlsEndpoint.origin, pinned: true } });
    tlsEndpoint.reply(json(200, { status: 'ok', api: 'v1' }));
    await expect(main.call('network.health')).resolves.toMatchObject({ ok: true, value: { kind: 'ok' } });
  });

  it('refuses a server whose key does not match the pin, and saves nothing', async () => {
    tlsEndpoint.requests.splice(0);
    const main = startMain({ trustedCertificates: [identity.cert] });
    const wrongPin = spkiSha256(makeSelfSignedCertificate().cert);
    const result = await main.call('network.enrol', { endpointUrl: tlsEndpoint.origin, spkiPin: wrongPin, request: ENROL_REQUEST });
    expect(result).toMatchObject({ ok: false, error: { code: 'CertificatePinMismatch' } });
    expect(tlsEndpoint.requests).toEqual([]);
    await expect(main.call('network.status')).resolves.toMatchObject({ value: { origin: null } });
  });

  it('refuses an untrusted certificate with CertificateInvalid', async () => {
    const main = startMain();
    await expect(enrolAt(main, tlsEndpoint.origin)).resolves.toMatchObject({ ok: false, error: { code: 'CertificateInvalid' } });
  });
});
