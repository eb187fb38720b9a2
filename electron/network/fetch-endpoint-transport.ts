import {
  TransportFailure,
  type EndpointTransport,
  type TransportFailureCode,
  type TransportRequest,
  type TransportResponse,
} from './endpoint-transport';

export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

export interface FetchTransportBackend {
  /** A fetch whose network context checks `spkiPin` (if any) on `origin`'s certificate. */
  fetchFor(origin: string, spkiPin: string | null): FetchFunction;
  /** Names why a fetch to `origin` rejected, from the error's code, never its text. */
  classify(error: unknown, origin: string, spkiPin: string | null): TransportFailureCode;
}

/**
 * The endpoint transport over a WHATWG fetch: Electron's `session.fetch` in
 * the shell (services/electron-endpoint-transport.ts). Fetch exposes no
 * connect event, so here the connect timeout bounds the time until the
 * response headers arrive; the total timeout bounds the whole exchange. The
 * body is read as a stream and the request aborted past the size cap.
 */
export function createFetchEndpointTransport(backend: FetchTransportBackend): EndpointTransport {
  return { send: (request) => sendWithFetch(backend, request) };
}

async function sendWithFetch(backend: FetchTransportBackend, request: TransportRequest): Promise<TransportResponse> {
  const origin = new URL(request.url).origin;
  const { connectTimeoutMs, totalTimeoutMs, maxResponseBytes } = request.limits;
  const controller = new AbortController();
  let timedOut = false;
  const abortForTimeout = () => {
    timedOut = true;
    controller.abort();
  };
  const totalTimer = setTimeout(abortForTimeout, totalTimeoutMs);
  const headersTimer = setTimeout(abortForTimeout, connectTimeoutMs);
  try {
    let response: Response;
    try {
      response = await backend.fetchFor(origin, request.spkiPin)(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: controller.signal,
        // A redirect could point anywhere: the enrolled origin is the only destination.
        redirect: 'error',
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    } catch (error) {
      throw new TransportFailure(timedOut ? 'Timeout' : backend.classify(error, origin, request.spkiPin));
    } finally {
      clearTimeout(headersTimer);
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxResponseBytes) {
      controller.abort();
      throw new TransportFailure('ResponseTooLarge');
    }
    const body = await readCappedBody(response, maxResponseBytes, controller, () => timedOut);
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      tokenRotate: response.headers.get('casedesk-token-rotate'),
      body,
    };
  } finally {
    clearTimeout(totalTimer);
  }
}

async function readCappedBody(
  response: Response,
  maxResponseBytes: number,
  controller: AbortController,
  timedOut: () => boolean,
): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let received = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      throw new TransportFailure(timedOut() ? 'Timeout' : 'EndpointUnreachable');
    }
    if (chunk.done) return Buffer.concat(chunks);
    received += chunk.value.byteLength;
    if (received > maxResponseBytes) {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      throw new TransportFailure('ResponseTooLarge');
    }
    chunks.push(Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength));
  }
}
