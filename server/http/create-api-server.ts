import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { ApiErrorBody } from '../../shared/sync-protocol/api-error';
import { TEAM_AUDIT_CHAINS_PATH, TEAM_AUDIT_EVENTS_PATH } from '../../shared/sync-protocol/team-audit';
import { TOKEN_EXPIRES_HEADER, TOKEN_ROTATE_HEADER } from '../../shared/sync-protocol/token-rotation';
import type { SyncStorage } from '../storage/storage';
import { DEFAULT_LIMITS, type ApiContext, type ApiLimits, type AuthenticatedDevice, type JsonResponse } from './api-context';
import { authenticateDevice } from './authenticate-device';
import { handleAudit } from './handlers/audit';
import { handleEnrol } from './handlers/enrol';
import { handlePull } from './handlers/pull';
import { handlePush } from './handlers/push';
import { handleTeamAuditChains, handleTeamAuditEvents } from './handlers/team-audit';
import { handleTokenRotate } from './handlers/token-rotate';
import { HttpError } from './http-error';
import { RateLimiter } from './rate-limiter';
import { jsonLinesLog, type StructuredLog } from './structured-log';

export const API_VERSION = 'v1';

export interface ApiServerOptions {
  readonly storage: SyncStorage;
  readonly log?: StructuredLog;
  readonly limits?: Partial<ApiLimits>;
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
  readonly now?: () => Date;
}

type Route =
  | { readonly auth: false; readonly method: 'GET' | 'POST'; readonly handle: (context: ApiContext, request: IncomingMessage, url: URL) => Promise<JsonResponse> }
  | {
      readonly auth: true;
      readonly method: 'GET' | 'POST';
      readonly handle: (context: ApiContext, device: AuthenticatedDevice, request: IncomingMessage, url: URL) => Promise<JsonResponse>;
    };

const ROUTES: Record<string, Route> = {
  [`/api/${API_VERSION}/health`]: { auth: false, method: 'GET', handle: async () => ({ status: 200, body: { status: 'ok', api: API_VERSION } }) },
  [`/api/${API_VERSION}/enrol`]: { auth: false, method: 'POST', handle: (context, request) => handleEnrol(context, request) },
  [`/api/${API_VERSION}/pull`]: { auth: true, method: 'GET', handle: (context, device, _request, url) => handlePull(context, device, url) },
  [`/api/${API_VERSION}/push`]: { auth: true, method: 'POST', handle: (context, device, request) => handlePush(context, device, request) },
  [`/api/${API_VERSION}/audit`]: { auth: true, method: 'POST', handle: (context, device, request) => handleAudit(context, device, request) },
  [TEAM_AUDIT_CHAINS_PATH]: { auth: true, method: 'GET', handle: (context, device, _request, url) => handleTeamAuditChains(context, device, url) },
  [TEAM_AUDIT_EVENTS_PATH]: { auth: true, method: 'GET', handle: (context, device, _request, url) => handleTeamAuditEvents(context, device, url) },
  [`/api/${API_VERSION}/token/rotate`]: { auth: true, method: 'POST', handle: (context, device, request) => handleTokenRotate(context, device, request) },
};

/** The token-age headers on every answer past authentication (docs/api.md, "Token rotation"). */
function tokenAgeHeaders(limits: ApiLimits, device: AuthenticatedDevice, now: Date): Record<string, string> {
  const issued = Date.parse(device.tokenIssuedAt);
  const headers: Record<string, string> = { [TOKEN_EXPIRES_HEADER]: new Date(issued + limits.tokenMaxAgeMs).toISOString() };
  if (now.getTime() - issued >= limits.tokenRotateAfterMs) headers[TOKEN_ROTATE_HEADER] = 'due';
  return headers;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(text);
}

function errorBody(error: HttpError): ApiErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}), ...error.details } };
}

/** The central endpoint's HTTP API (docs/api.md). Plain node:http: eight routes need no framework. */
export function createApiServer(options: ApiServerOptions): Server {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const context: ApiContext = {
    storage: options.storage,
    log: options.log ?? jsonLinesLog(),
    limits,
    enrolLimiter: new RateLimiter(limits.enrolPerAddress),
    deviceLimiter: new RateLimiter(limits.requestsPerDevice),
    pullRowLimiter: new RateLimiter(limits.pullRowsPerDevice),
    authFailureLimiter: new RateLimiter(limits.authFailuresPerAddress),
    now: options.now ?? (() => new Date()),
  };

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    let route = 'unknown';
    let deviceId: string | undefined;
    let tokenHeaders: Record<string, string> = {};
    try {
      const url = new URL(request.url ?? '/', 'http://endpoint.invalid');
      const entry = ROUTES[url.pathname];
      if (!entry) throw new HttpError(404, 'not_found', 'No such endpoint.');
      route = url.pathname;
      if (request.method !== entry.method) throw new HttpError(405, 'method_not_allowed', `Use ${entry.method}.`, undefined, { Allow: entry.method });
      let result: JsonResponse;
      if (entry.auth) {
        const device = await authenticateDevice(context, request);
        deviceId = device.deviceId;
        tokenHeaders = tokenAgeHeaders(limits, device, context.now());
        result = await entry.handle(context, device, request, url);
      } else {
        result = await entry.handle(context, request, url);
      }
      send(response, result.status, result.body, tokenHeaders);
      context.log.info('request', { method: request.method, route, status: result.status, deviceId, ms: Math.round(performance.now() - started) });
    } catch (error) {
      const httpError =
        error instanceof HttpError ? error : new HttpError(500, 'internal_error', 'The server could not complete the request.');
      if (!(error instanceof HttpError)) {
        // Name and driver code only: messages from below may quote stored values.
        const code = (error as { code?: unknown } | null)?.code;
        context.log.error('request_failed', { route, deviceId, error: error instanceof Error ? error.name : typeof error, code: typeof code === 'string' ? code : undefined });
      }
      // A body still unread (a 413, or a refusal before reading) is never drained: the
      // connection closes once the answer is out, so a client cannot make the node read on.
      const bodyUnread = !request.complete;
      if (!response.headersSent) {
        const headers = { ...tokenHeaders, ...httpError.headers };
        send(response, httpError.status, errorBody(httpError), bodyUnread ? { ...headers, Connection: 'close' } : headers);
      }
      if (bodyUnread) {
        if (response.writableFinished) request.destroy();
        else response.once('finish', () => request.destroy());
      }
      context.log.info('request', { method: request.method, route, status: httpError.status, code: httpError.code, deviceId, ms: Math.round(performance.now() - started) });
    }
  };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    request.on('error', () => undefined);
    void serve(request, response);
  };
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createHttpServer(listener);
  // Beyond this many open sockets new connections are closed on arrival: memory stays bounded.
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":{"code":"invalid_json","message":"Malformed HTTP request."}}');
    else socket.destroy();
  });
  return server;
}
