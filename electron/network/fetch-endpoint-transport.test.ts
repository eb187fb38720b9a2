import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startLocalEndpointServer, type LocalEndpointServer } from '../testing/local-endpoint-server';
import { makeSelfSignedCertificate, opensslMissing } from '../testing/self-signed-certificate';
import { checkCertificateAgainstPin, VERIFY_ACCEPT_CHROMIUM_RESULT, VERIFY_REJECT } from './certificate-pin-check';
import { classifyChromiumError } from './classify-chromium-error';
import { classifyConnectionError, TransportFailure, type TransportRequest } from './endpoint-transport';
import { createFetchEndpointTransport, type FetchFunction } from './fetch-endpoint-transport';
import { spkiSha256 } from './spki-pin';

/**
 * The shell's transport logic (timeouts, streamed cap, no redirects) over
 * Node's own WHATWG fetch, which has the same surface as Electron's
 * `session.fetch`; only the error classification differs by backend.
 */
const fetched: Array<{ origin: string; spkiPin: string | null }> = [];
const transport = createFetchEndpointTransport({
  fetchFor: (origin, spkiPin): FetchFunction => {
    fetched.push({ origin, spkiPin });
    return (url, init) => fetch(url, init);
  },
  classify: (error) => classifyConnectionError((error as { cause?: { code?: string } }).cause?.code),
});

function get(url: string, limits: Partial<TransportRequest['limits']> = {}): TransportRequest {
  return { url, method: 'GET', headers: { Accept: 'application/json' }, spkiPin: null, limits: { connectTimeoutMs: 2_000, totalTimeoutMs: 2_000, maxResponseBytes: 1024, ...limits } };
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

describe('fetch endpoint transport', () => {
  let server: LocalEndpointServer;
  let elsewhere: LocalEndpointServer;
  beforeAll(async () => {
    server = await startLocalEndpointServer();
    elsewhere = await startLocalEndpointServer();
  });
  afterAll(async () => {
    await server.close();
    await elsewhere.close();
  });

  it('returns status, content type, Retry-After and body, and asks for the context of that origin and pin', async () => {
    server.reply(json(503, { error: { code: 'internal_error', message: 'x' } }, { 'Retry-After': '3' }));
    const pin = 'P'.repeat(43) + '=';
    const response = await transport.send({ ...get(`${server.origin}/api/v1/health`), spkiPin: pin });
    expect(response).toMatchObject({ status: 503, contentType: 'application/json; charset=utf-8', retryAfter: '3' });
    expect(JSON.parse(response.body.toString())).toEqual({ error: { code: 'internal_error', message: 'x' } });
    expect(fetched.at(-1)).toEqual({ origin: server.origin, spkiPin: pin });
  });

  it('aborts a declared oversize body and a streamed one past the cap', async () => {
    server.reply(json(200, { filler: 'x'.repeat(4096) }));
    expect(await failureCode(transport.send(get(server.origin)))).toBe('ResponseTooLarge');
    let written = 0;
    server.reply((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => {
        if (response.destroyed || written > 10_000_000) return clearInterval(timer);
        written += 512;
        response.write('x'.repeat(512));
      }, 1);
      response.on('close', () => clearInterval(timer));
    });
    expect(await failureCode(transport.send(get(server.origin)))).toBe('ResponseTooLarge');
    expect(written).toBeLessThan(1_000_000);
  });

  it('times out waiting for headers, and mid-body', async () => {
    server.reply(() => undefined);
    expect(await failureCode(transport.send(get(server.origin, { connectTimeoutMs: 200, totalTimeoutMs: 60_000 })))).toBe('Timeout');
    server.reply((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"status":');
    });
    expect(await failureCode(transport.send(get(server.origin, { connectTimeoutMs: 2_000, totalTimeoutMs: 300 })))).toBe('Timeout');
  });

  it('never follows a redirect', async () => {
    elsewhere.requests.splice(0);
    server.reply((_request, response) => response.writeHead(302, { Location: `${elsewhere.origin}/api/v1/health` }).end());
    await expect(transport.send(get(server.origin))).rejects.toBeInstanceOf(TransportFailure);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('classifyChromiumError', () => {
  it.each([
    ['net::ERR_CONNECTION_REFUSED', false, 'EndpointUnreachable'],
    ['net::ERR_NAME_NOT_RESOLVED', false, 'EndpointUnreachable'],
    ['net::ERR_CONNECTION_RESET', false, 'EndpointUnreachable'],
    ['net::ERR_CONNECTION_TIMED_OUT', false, 'Timeout'],
    ['net::ERR_CERT_AUTHORITY_INVALID', false, 'CertificateInvalid'],
    ['net::ERR_CERT_DATE_INVALID', false, 'CertificateInvalid'],
    ['net::ERR_SSL_PROTOCOL_ERROR', false, 'CertificateInvalid'],
    ['net::ERR_FAILED', true, 'CertificatePinMismatch'],
    ['net::ERR_CERT_AUTHORITY_INVALID', true, 'CertificatePinMismatch'],
    ['net::ERR_CONNECTION_REFUSED', true, 'EndpointUnreachable'],
    ['Redirect was cancelled', false, 'ResponseMalformed'],
    ['something else', false, 'EndpointUnreachable'],
  ])('%s (pin refused before: %s) → %s', (message, pinMismatchSeen, code) => {
    expect(classifyChromiumError(new Error(message), pinMismatchSeen)).toBe(code);
  });
});

const missing = opensslMissing();
if (missing) console.log(`certificate pin check: skipping — ${missing}`);

describe.skipIf(missing !== null)('checkCertificateAgainstPin (the shell\'s verify proc)', () => {
  const { cert } = missing ? { cert: '' } : makeSelfSignedCertificate();
  const pin = missing ? '' : spkiSha256(new X509Certificate(cert));
  const verified = (overrides: Partial<Parameters<typeof checkCertificateAgainstPin>[0]> = {}) => ({
    hostname: '127.0.0.1',
    certificatePem: cert,
    verificationResult: 'OK',
    ...overrides,
  });

  it('keeps Chromium\'s verdict when the leaf matches the pin, or when there is no pin', () => {
    expect(checkCertificateAgainstPin(verified(), '127.0.0.1', pin)).toEqual({ result: VERIFY_ACCEPT_CHROMIUM_RESULT, pinMismatch: false });
    expect(checkCertificateAgainstPin(verified(), '127.0.0.1', null)).toEqual({ result: VERIFY_ACCEPT_CHROMIUM_RESULT, pinMismatch: false });
  });

  it('refuses a leaf whose key is not the pinned one', () => {
    expect(checkCertificateAgainstPin(verified(), '127.0.0.1', 'A'.repeat(43) + '=')).toEqual({ result: VERIFY_REJECT, pinMismatch: true });
  });

  it('never lets a pin override a certificate Chromium refused', () => {
    expect(checkCertificateAgainstPin(verified({ verificationResult: 'CERT_AUTHORITY_INVALID' }), '127.0.0.1', pin)).toEqual({
      result: VERIFY_ACCEPT_CHROMIUM_RESULT,
      pinMismatch: false,
    });
  });

  it('refuses any host but the enrolled one', () => {
    expect(checkCertificateAgainstPin(verified({ hostname: 'evil.example' }), '127.0.0.1', pin).result).toBe(VERIFY_REJECT);
    expect(checkCertificateAgainstPin(verified({ hostname: '::1' }), '[::1]', pin).result).toBe(VERIFY_ACCEPT_CHROMIUM_RESULT);
  });
});
