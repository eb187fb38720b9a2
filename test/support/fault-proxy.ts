import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SeededRandom } from '../../shared/synthetic-cases/seeded-random';

/**
 * A reverse proxy for end-to-end tests that breaks HTTP the ways a real
 * network does, between the app and a server on loopback: connections that
 * die before the request arrives, a load balancer's 503, and, the case that
 * matters most for exactly-once, a response lost after the server has
 * already committed. One seeded random decides every request's fate, so a
 * failing run can be replayed.
 */

export interface FaultRates {
  /** Fraction of requests whose connection is destroyed before anything is forwarded. */
  readonly dropConnection?: number;
  /** Fraction answered `503` with `Retry-After: 0` by the proxy itself, never forwarded. */
  readonly serviceUnavailable?: number;
  /** Fraction forwarded in full, whose response is then read to the end and thrown away with the connection. */
  readonly dropResponse?: number;
}

export interface FaultProxyOptions extends FaultRates {
  /** `http://<loopback host>:<port>`: anything else is refused. */
  readonly target: string;
  readonly seed: number;
  /** Added to every request before its fate plays out, uniformly in [min, max] milliseconds. */
  readonly latencyMs?: { readonly min: number; readonly max: number };
}

export interface FaultCounts {
  readonly requests: number;
  readonly connectionsDropped: number;
  readonly serviceUnavailable: number;
  readonly responsesDropped: number;
  /** Forwarded and answered untouched. */
  readonly forwarded: number;
  /** Forwarded, but the target could not be reached: answered 502. */
  readonly upstreamFailed: number;
  readonly latencyAddedMs: number;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the client here instead of at the target. */
  readonly url: string;
  counts(): FaultCounts;
  /** Stops listening and destroys every open socket, both sides. */
  close(): Promise<void>;
}

type Fate = 'dropConnection' | 'serviceUnavailable' | 'dropResponse' | 'forward';

/** Slow enough to look like a bad link, short enough that a test stays bounded. */
const MAX_LATENCY_MS = 10_000;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|localhost)$/;

/** Refuses anything but plain HTTP to a loopback host: this proxy must never reach the network. */
export function parseLoopbackTarget(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new Error('fault proxy: the target is not a URL');
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOST.test(url.hostname) || url.username || url.password) {
    throw new Error(`fault proxy: refusing target ${url.protocol}//${url.hostname}: only http to a loopback host`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new Error('fault proxy: the target is an origin, without path or query');
  }
  return url;
}

function checkRates(options: FaultProxyOptions): Required<FaultRates> {
  const rates = {
    dropConnection: options.dropConnection ?? 0,
    serviceUnavailable: options.serviceUnavailable ?? 0,
    dropResponse: options.dropResponse ?? 0,
  };
  for (const [name, rate] of Object.entries(rates)) {
    if (!(rate >= 0 && rate <= 1)) throw new Error(`fault proxy: ${name} must be a fraction from 0 to 1`);
  }
  if (rates.dropConnection + rates.serviceUnavailable + rates.dropResponse > 1) {
    throw new Error('fault proxy: the fault rates add up to more than 1');
  }
  const latency = options.latencyMs;
  if (latency && !(Number.isInteger(latency.min) && Number.isInteger(latency.max) && latency.min >= 0 && latency.min <= latency.max && latency.max <= MAX_LATENCY_MS)) {
    throw new Error(`fault proxy: latencyMs needs whole milliseconds with 0 <= min <= max <= ${MAX_LATENCY_MS}`);
  }
  return rates;
}

function chooseFate(roll: number, rates: Required<FaultRates>): Fate {
  let threshold = rates.dropConnection;
  if (roll < threshold) return 'dropConnection';
  threshold += rates.serviceUnavailable;
  if (roll < threshold) return 'serviceUnavailable';
  threshold += rates.dropResponse;
  if (roll < threshold) return 'dropResponse';
  return 'forward';
}

function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = parseLoopbackTarget(options.target);
  const rates = checkRates(options);
  const random = new SeededRandom(options.seed);
  const upstreamAgent = new http.Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const counts = { requests: 0, connectionsDropped: 0, serviceUnavailable: 0, responsesDropped: 0, forwarded: 0, upstreamFailed: 0, latencyAddedMs: 0 };
  let closing = false;

  const forward = (request: IncomingMessage, response: ServerResponse, dropAfterCommit: boolean) => {
    const upstream = http.request(
      {
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || 80,
        method: request.method,
        path: request.url,
        headers: { ...endToEndHeaders(request.headers), host: target.host },
        agent: upstreamAgent,
      },
      (answer) => {
        if (dropAfterCommit) {
          // Read the whole answer first: only then has the server finished
          // (committed) the request, which is the case the client must survive.
          answer.resume();
          answer.once('end', () => {
            counts.responsesDropped += 1;
            request.socket.destroy();
          });
          return;
        }
        counts.forwarded += 1;
        response.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      counts.upstreamFailed += 1;
      if (response.headersSent || response.destroyed) {
        response.destroy();
        return;
      }
      response.writeHead(502, { 'content-type': 'text/plain', connection: 'close' }).end('Bad Gateway');
    });
    request.pipe(upstream);
  };

  const server = http.createServer((request, response) => {
    counts.requests += 1;
    // Both draws happen on arrival, in arrival order, so a seed replays the same run.
    const fate = chooseFate(random.next(), rates);
    const latency = options.latencyMs ? random.integer(options.latencyMs.min, options.latencyMs.max) : 0;
    counts.latencyAddedMs += latency;
    const act = () => {
      if (closing) {
        request.socket.destroy();
        return;
      }
      switch (fate) {
        case 'dropConnection':
          counts.connectionsDropped += 1;
          request.socket.destroy();
          return;
        case 'serviceUnavailable':
          counts.serviceUnavailable += 1;
          // What a load balancer sends: plain text, not the API's error body.
          request.resume();
          response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '0' }).end('Service Unavailable');
          return;
        case 'dropResponse':
          forward(request, response, true);
          return;
        case 'forward':
          forward(request, response, false);
      }
    };
    if (latency > 0) setTimeout(act, latency);
    else act();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      upstreamAgent.destroy();
      await closed;
    },
  };
}
