import http from 'node:http';
import https from 'node:https';
import tls, { type PeerCertificate } from 'node:tls';
import { spkiSha256 } from './spki-pin';
import {
  classifyConnectionError,
  TransportFailure,
  type EndpointTransport,
  type TransportFailureCode,
  type TransportRequest,
  type TransportResponse,
} from './endpoint-transport';

export interface NodeEndpointTransportOptions {
  /** Extra CA certificates (PEM) to trust beside Node's bundled roots, e.g. a test's self-signed certificate. */
  readonly trustedCertificates?: readonly string[];
}

/**
 * The endpoint transport on node:http/https: the browser host harness's side
 * of the seam, and the reference the pinning tests run against. Each request
 * opens its own connection (`agent: false`): no pooled socket or resumed TLS
 * session can skip the pin check, which Node runs in `checkServerIdentity`
 * only on a full handshake.
 */
export function createNodeEndpointTransport(options: NodeEndpointTransportOptions = {}): EndpointTransport {
  const ca = options.trustedCertificates ? [...tls.rootCertificates, ...options.trustedCertificates] : undefined;
  return { send: (request) => sendWithNode(request, ca) };
}

function sendWithNode(request: TransportRequest, ca: string[] | undefined): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const isHttps = url.protocol === 'https:';
    const { connectTimeoutMs, totalTimeoutMs, maxResponseBytes } = request.limits;
    let pinMismatch = false;
    let settled = false;

    const checkServerIdentity = (host: string, certificate: PeerCertificate): Error | undefined => {
      const identityError = tls.checkServerIdentity(host, certificate);
      if (identityError) return identityError;
      if (request.spkiPin !== null && spkiSha256(certificate.raw) !== request.spkiPin) {
        pinMismatch = true;
        return new Error('The server certificate does not match the pinned key');
      }
      return undefined;
    };

    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));
    const outgoing = (isHttps ? https : http).request(url, {
      method: request.method,
      headers,
      agent: false,
      ...(isHttps ? { ca, checkServerIdentity } : {}),
    });

    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      outcome();
    };
    const fail = (code: TransportFailureCode) =>
      settle(() => {
        outgoing.destroy();
        reject(new TransportFailure(code));
      });

    const connectTimer = setTimeout(() => fail('Timeout'), connectTimeoutMs);
    const totalTimer = setTimeout(() => fail('Timeout'), totalTimeoutMs);
    outgoing.on('socket', (socket) => {
      socket.once(isHttps ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      fail(pinMismatch ? 'CertificatePinMismatch' : classifyConnectionError(error.code));
    });
    outgoing.on('response', (response) => {
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxResponseBytes) return fail('ResponseTooLarge');
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxResponseBytes) return fail('ResponseTooLarge');
        chunks.push(chunk);
      });
      response.on('error', () => fail('EndpointUnreachable'));
      response.on('aborted', () => fail('EndpointUnreachable'));
      response.on('end', () =>
        settle(() =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: singleHeader(response.headers['content-type']),
            retryAfter: singleHeader(response.headers['retry-after']),
            tokenRotate: singleHeader(response.headers['casedesk-token-rotate']),
            body: Buffer.concat(chunks),
          }),
        ),
      );
    });
    outgoing.end(request.body);
  });
}

function singleHeader(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}
