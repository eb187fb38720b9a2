import net, { type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { json, startLocalEndpointServer, type LocalEndpointServer } from '../testing/local-endpoint-server';
import { makeSelfSignedCertificate, opensslMissing, type SelfSignedCertificate } from '../testing/self-signed-certificate';
import { TransportFailure, type TransportLimits, type TransportRequest } from './endpoint-transport';
import { createNodeEndpointTransport } from './node-endpoint-transport';
import { spkiSha256 } from './spki-pin';

const LIMITS: TransportLimits = { connectTimeoutMs: 2_000, totalTimeoutMs: 2_000, maxResponseBytes: 1024 };

function get(url: string, overrides: Partial<TransportRequest> = {}): TransportRequest {
  return { url, method: 'GET', headers: { Accept: 'application/json' }, spkiPin: null, limits: LIMITS, ...overrides };
}

async function failureCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransportFailure) return error.code;
    throw error;
  }
  throw new Error('the request succeeded');
}

/** A TCP server that accepts connections and never says a word (no HTTP, no TLS handshake). */
async function startSilentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('node endpoint transport over HTTP', () => {
  const transport = createNodeEndpointTransport();
  let server: LocalEndpointServer;
  beforeAll(async () => (server = await startLocalEndpointServer()));
  afterAll(() => server.close());

  it('sends method, headers and body, and returns status, content type, Retry-After and body', async () => {
    server.reply(json(429, { error: { code: 'rate_limited', message: 'Slow down.' } }, { 'Retry-After': '7' }));
    const response = await transport.send(
      get(`${server.origin}/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' }),
    );
    expect(response.status).toBe(429);
    expect(response.contentType).toBe('application/json; charset=utf-8');
    expect(response.retryAfter).toBe('7');
    expect(JSON.parse(response.body.toString())).toEqual({ error: { code: 'rate_limited', message: 'Slow down.' } });
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/push', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
  });

  it('keeps the connection open between requests, and opens a new one once the server closed it', async () => {
    const keeping = createNodeEndpointTransport();
    server.reply(json(200, { status: 'ok' }));
    const before = server.connections();
    for (let request = 0; request < 3; request++) expect((await keeping.send(get(`${server.origin}/api/v1/health`))).status).toBe(200);
    expect(server.connections() - before).toBe(1);
    server.reply((request, response) => {
      response.setHeader('Connection', 'close');
      json(200, { status: 'ok' })(request, response);
    });
    expect((await keeping.send(get(`${server.origin}/api/v1/health`))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await keeping.send(get(`${server.origin}/api/v1/health`))).status).toBe(200);
    expect(server.connections() - before).toBe(2);
  });

  it('aborts a body that declares more than the cap', async () => {
    server.reply(json(200, { filler: 'x'.repeat(2048) }));
    expect(await failureCode(transport.send(get(`${server.origin}/big`)))).toBe('ResponseTooLarge');
  });

  it('aborts a streamed body (no Content-Length) the moment it passes the cap', async () => {
    let written = 0;
    server.reply((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      // Keeps streaming until the client hangs up: only the cap can end this.
      const timer = setInterval(() => {
        if (response.destroyed || written > 10_000_000) return clearInterval(timer);
        written += 512;
        response.write('x'.repeat(512));
      }, 1);
      response.on('close', () => clearInterval(timer));
    });
    expect(await failureCode(transport.send(get(`${server.origin}/stream`)))).toBe('ResponseTooLarge');
    expect(written).toBeLessThan(1_000_000);
  });

  it('gives up with Timeout when the server accepts the request and never answers', async () => {
    server.reply(() => undefined);
    const limits = { ...LIMITS, totalTimeoutMs: 300 };
    expect(await failureCode(transport.send(get(`${server.origin}/slow`, { limits })))).toBe('Timeout');
  });

  it('gives up with Timeout when the TLS handshake never completes (connect timeout)', async () => {
    const silent = await startSilentServer();
    try {
      const limits = { ...LIMITS, connectTimeoutMs: 300, totalTimeoutMs: 60_000 };
      const started = Date.now();
      expect(await failureCode(transport.send(get(`https://127.0.0.1:${silent.port}/`, { limits })))).toBe('Timeout');
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await silent.close();
    }
  });

  it('reports a closed port as EndpointUnreachable', async () => {
    const closed = await startSilentServer();
    await closed.close();
    expect(await failureCode(transport.send(get(`http://127.0.0.1:${closed.port}/`)))).toBe('EndpointUnreachable');
  });

  it('reports an unknown host as EndpointUnreachable', async () => {
    expect(await failureCode(transport.send(get('https://casedesk-endpoint.invalid/')))).toBe('EndpointUnreachable');
  });
});

const missing = opensslMissing();
if (missing) console.log(`node endpoint transport over TLS: skipping — ${missing}`);

describe.skipIf(missing !== null)('node endpoint transport over TLS', () => {
  let identity: SelfSignedCertificate;
  let server: LocalEndpointServer;
  beforeAll(async () => {
    identity = makeSelfSignedCertificate();
    server = await startLocalEndpointServer(identity);
    server.reply(json(200, { status: 'ok', api: 'v1' }));
  });
  afterEach(() => server.requests.splice(0));
  afterAll(() => server.close());

  it('refuses a certificate nobody trusts with CertificateInvalid', async () => {
    const transport = createNodeEndpointTransport();
    expect(await failureCode(transport.send(get(`${server.origin}/api/v1/health`)))).toBe('CertificateInvalid');
    expect(server.requests).toHaveLength(0);
  });

  it('talks to a trusted server whose key matches the pin', async () => {
    const transport = createNodeEndpointTransport({ trustedCertificates: [identity.cert] });
    const response = await transport.send(get(`${server.origin}/api/v1/health`, { spkiPin: spkiSha256(identity.cert) }));
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a trusted server whose key does not match the pin, before sending a byte of the request', async () => {
    const other = makeSelfSignedCertificate();
    const transport = createNodeEndpointTransport({ trustedCertificates: [identity.cert] });
    const request = get(`${server.origin}/api/v1/pull`, {
      spkiPin: spkiSha256(other.cert),
      headers: { Authorization: 'Bearer TOKEN-CANARY' },
    });
    expect(await failureCode(transport.send(request))).toBe('CertificatePinMismatch');
    expect(server.requests).toHaveLength(0);
  });

  it('keeps a pinned connection open between requests', async () => {
    const transport = createNodeEndpointTransport({ trustedCertificates: [identity.cert] });
    const before = server.connections();
    for (let request = 0; request < 3; request++) {
      expect((await transport.send(get(`${server.origin}/api/v1/health`, { spkiPin: spkiSha256(identity.cert) }))).status).toBe(200);
    }
    expect(server.requests).toHaveLength(3);
    expect(server.connections() - before).toBe(1);
  });

  it('never sends a request under one pin over a connection checked against another', async () => {
    const other = makeSelfSignedCertificate();
    const transport = createNodeEndpointTransport({ trustedCertificates: [identity.cert] });
    expect((await transport.send(get(`${server.origin}/api/v1/health`, { spkiPin: spkiSha256(identity.cert) }))).status).toBe(200);
    const underOtherPin = get(`${server.origin}/api/v1/pull`, { spkiPin: spkiSha256(other.cert), headers: { Authorization: 'Bearer TOKEN-CANARY' } });
    expect(await failureCode(transport.send(underOtherPin))).toBe('CertificatePinMismatch');
    expect(server.requests.map((request) => request.url)).toEqual(['/api/v1/health']);
  });

  it('computes the pin openssl prints for the same key', async () => {
    const { execFileSync } = await import('node:child_process');
    const publicKeyPem = execFileSync('openssl', ['x509', '-pubkey', '-noout'], { input: identity.cert });
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: publicKeyPem });
    const digest = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der });
    expect(spkiSha256(identity.cert)).toBe(digest.toString('base64'));
  });
});

describe('node endpoint transport speaking TLS to a plain HTTP server', () => {
  it('reports the failed handshake as CertificateInvalid', async () => {
    const plain = await startLocalEndpointServer();
    try {
      const transport = createNodeEndpointTransport();
      expect(await failureCode(transport.send(get(plain.origin.replace('http:', 'https:'))))).toBe('CertificateInvalid');
    } finally {
      await plain.close();
    }
  });
});
