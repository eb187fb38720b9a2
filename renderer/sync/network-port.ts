import type { CasedeskApi } from '../../shared/ipc/casedesk-api';
import type { ApiAnswer, NetworkErrorCode } from '../../shared/ipc/network-contract';
import type { CommonIpcErrorCode, IpcResult } from '../../shared/ipc/ipc-result';
import type { ApiErrorCode } from '../../shared/sync-protocol/api-error';

/** The main process's `network` namespace, as the renderer reaches it (window.casedesk.network). */
export type NetworkPort = CasedeskApi['network'];

/** Main could not get an answer from the endpoint (no connection, timeout, TLS, a malformed body). */
export class TransportFailure extends Error {
  constructor(readonly code: NetworkErrorCode | CommonIpcErrorCode | string) {
    super(`The endpoint could not be reached (${code})`);
    this.name = 'TransportFailure';
  }
}

/** The endpoint answered with an API error. Its message is the API's own plain words, never case data. */
export class EndpointRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    readonly retryAfterSeconds: number | null,
  ) {
    super(`The endpoint refused the request (${status} ${code})`);
    this.name = 'EndpointRefusal';
  }
}

/** A network call's value, or a TransportFailure when main could not get an answer. */
export async function ipcValue<Value>(pending: Promise<IpcResult<Value, string>>): Promise<Value> {
  const result = await pending;
  if (!result.ok) throw new TransportFailure(result.error.code);
  return result.value;
}

export function refusalOf(answer: Extract<ApiAnswer<unknown>, { kind: 'api-error' }>): EndpointRefusal {
  return new EndpointRefusal(answer.status, answer.code, answer.retryAfterSeconds);
}

/**
 * Turns a network call's result into the answer's body, or throws one of the
 * two failures above. `onAnswer` sees every answer the endpoint gave (e.g. its
 * request to rotate the token rides on any of them).
 */
export async function answerBody<Body>(
  pending: Promise<IpcResult<ApiAnswer<Body>, string>>,
  onAnswer?: (answer: ApiAnswer<Body>) => void,
): Promise<Body> {
  const answer = await ipcValue(pending);
  onAnswer?.(answer);
  if (answer.kind === 'api-error') throw refusalOf(answer);
  return answer.body;
}

/** Worth trying again later: the link, the endpoint's load, or its rate limit. */
export function isTransient(error: unknown): boolean {
  if (error instanceof TransportFailure) {
    return ['EndpointUnreachable', 'Timeout', 'ServerUnavailable', 'ResponseMalformed', 'ResponseTooLarge', 'Internal'].includes(error.code);
  }
  if (error instanceof EndpointRefusal) return error.status === 429 || error.status >= 500;
  return false;
}
