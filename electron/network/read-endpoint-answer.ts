import type { z } from 'zod';
import type { ApiAnswer } from '../../shared/ipc/network-contract';
import { apiErrorBodySchema } from '../../shared/sync-protocol/api-error';
import { TransportFailure, type TransportResponse } from './endpoint-transport';
import { parseRetryAfter } from './retry-after';

/**
 * Turns raw bytes from the endpoint into an ApiAnswer, or refuses them. The
 * server is not trusted: the body must be JSON, declared as JSON, and match
 * the protocol's schema for that route exactly (the expected success status,
 * or the API's error shape). Anything else never reaches the renderer.
 */
export function readEndpointAnswer<Body>(
  response: TransportResponse,
  successStatus: number,
  bodySchema: z.ZodType<Body>,
  now: Date = new Date(),
): ApiAnswer<Body> {
  const json = parseJsonBody(response);
  // The endpoint asks for a token rotation on any authenticated answer (docs/api.md, "Token rotation").
  const rotation = response.tokenRotate?.trim().toLowerCase() === 'due' ? { tokenRotationDue: true as const } : {};
  if (response.status === successStatus) {
    if (json === undefined) throw new TransportFailure('ResponseMalformed');
    const body = bodySchema.safeParse(json);
    if (!body.success) throw new TransportFailure('ResponseMalformed');
    return { kind: 'ok', status: response.status, body: body.data, ...rotation };
  }
  const apiError = json === undefined ? undefined : apiErrorBodySchema.safeParse(json);
  if (apiError?.success && response.status >= 400) {
    const { code, message, fields, lastAcceptedHash } = apiError.data.error;
    return {
      kind: 'api-error',
      status: response.status,
      code,
      message: plainServerWords(message),
      retryAfterSeconds: parseRetryAfter(response.retryAfter, now),
      ...(fields ? { fields } : {}),
      ...(lastAcceptedHash !== undefined ? { lastAcceptedHash } : {}),
      ...rotation,
    };
  }
  // A 5xx without the API's error shape comes from something in front of the
  // endpoint (a proxy, a load balancer during a deploy): worth retrying, unlike
  // a server that speaks something other than the protocol.
  if (response.status >= 500 && response.status <= 599) throw new TransportFailure('ServerUnavailable');
  throw new TransportFailure('ResponseMalformed');
}

/** The parsed body, or undefined when it is not declared JSON or is not valid UTF-8 JSON. */
function parseJsonBody(response: TransportResponse): unknown {
  const mediaType = response.contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.body));
  } catch {
    return undefined;
  }
}

const MAX_SERVER_MESSAGE_CHARS = 500;
/** C0/C1 controls, bidirectional overrides and isolates, zero-width characters. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const MISLEADING_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * The API's `message` is the one server-chosen text shown to the reviewer:
 * it is kept short and stripped of characters that could make it read as
 * something else on screen.
 */
export function plainServerWords(message: string): string {
  const cleaned = message.replace(MISLEADING_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.length > MAX_SERVER_MESSAGE_CHARS ? `${cleaned.slice(0, MAX_SERVER_MESSAGE_CHARS - 1)}…` : cleaned;
}
