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
 * of the seam, and the reference the pinning tests run against. Connections
 * are kept alive between requests (a push is ~90 requests back to back), with
 * the pin still checked on every TLS connection: Node runs
 * `checkServerIdentity` only on a full handshake, so the https agents cache no
 * TLS session (`maxCachedSessions: 0`: every new connection is a full
 * handshake, checked), and each pin value has its own agents, so a socket
 * checked against one pin never carries a request made under another.
 */
export function createNodeEndpointTransport(options: NodeEndpointTransportOptions = {}): EndpointTransport {
  const ca = options.trustedCertificates ? [...tls.rootCertificates, ...options.trustedCertificates] : undefined;
  const agents = new Map<string, http.Agent>();
  const agentFor = (isHttps: boolean, spkiPin: string | null): http.Agent => {
    const key = `${isHttps ? 'https' : 'http'} ${spkiPin ?? ''}`;
    let agent = agents.get(key);
    if (!agent) {
      // An idle socket is let go before the endpoint's own keep-alive timeout (Node's default: 5 s) ends it.
      const keepAlive = { keepAlive: true, maxFreeSockets: 2, timeout: 4_000 };
      agent = isHttps ? new https.Agent({ ...keepAlive, maxCachedSessions: 0 }) : new http.Agent(keepAlive);
      agents.set(key, agent);
    }
    return agent;
  };
  return { send: (request) => sendWithNode(request, ca, agentFor(request.url.startsWith('https:'), request.spkiPin)) };
}

function sendWithNode(request: TransportRequest, ca: string[] | undefined, agent: http.Agent): Promise<TransportResponse> {
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
      agent,
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
      // A kept-alive socket is connected (and was checked) already.
      if (outgoing.reusedSocket) clearTimeout(connectTimer);
      else socket.once(isHttps ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
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
