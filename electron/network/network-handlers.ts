import type { ApiAnswer, NetworkErrorCode } from '../../shared/ipc/network-contract';
import type { PushRequest, PushResponse } from '../../shared/sync-protocol/push';
import { IpcHandlerError } from '../../shared/ipc/ipc-result';
import type { IpcHandlers } from '../ipc/ipc-handler-registry';
import type { DialogService } from '../services/main-services';
import type { EndpointConfig, EndpointConfigStore } from './endpoint-config-store';
import { ENDPOINT_REFUSAL_WORDS, parseEndpointOrigin } from './endpoint-origin';
import { TransportFailure, type EndpointTransport } from './endpoint-transport';
import { DEFAULT_ENDPOINT_TIMEOUTS, ENDPOINT_ROUTES, sendToEndpoint, type EndpointTimeouts } from './send-to-endpoint';

/** Plain words per code; none repeats a URL, a host, a token or anything the server said. */
const NETWORK_ERROR_WORDS: Record<NetworkErrorCode, string> = {
  NotEnrolled: 'This device is not enrolled with a central endpoint yet',
  EndpointNotAllowed: 'The endpoint address is not allowed',
  EnrolmentCancelled: 'Enrolment cancelled: the device keeps its current endpoint',
  EndpointUnreachable: 'The central endpoint could not be reached',
  Timeout: 'The central endpoint did not answer in time',
  CertificateInvalid: "The endpoint's certificate is not valid or not trusted",
  CertificatePinMismatch: "The endpoint's certificate does not match the pinned key",
  ResponseTooLarge: "The endpoint's answer was larger than the app accepts",
  ResponseMalformed: "The endpoint's answer is not what the sync protocol expects",
  ServerUnavailable: 'The central endpoint is temporarily unavailable',
  PushOutOfSequence: 'Outcomes were not sent: the pages before them did not all arrive, so they are sent again',
};

export interface NetworkHandlerDependencies {
  readonly transport: EndpointTransport;
  readonly configStore: EndpointConfigStore;
  readonly dialogs: DialogService;
  readonly timeouts?: EndpointTimeouts;
  /** Lowers every route's response cap (tests); never raises it. */
  readonly maxResponseBytes?: number;
}

/**
 * The `network` namespace: every request the app makes. The renderer passes
 * a token and a request body; main decides where they go (the enrolled
 * origin, a fixed path) and what comes back (a schema-checked answer).
 */
export function createNetworkHandlers(dependencies: NetworkHandlerDependencies): IpcHandlers['network'] {
  const { transport, configStore, dialogs } = dependencies;
  const callOptions = { timeouts: dependencies.timeouts ?? DEFAULT_ENDPOINT_TIMEOUTS, maxResponseBytes: dependencies.maxResponseBytes };

  const enrolled = (): EndpointConfig => {
    const config = configStore.current();
    if (!config) throw new IpcHandlerError('NotEnrolled', NETWORK_ERROR_WORDS.NotEnrolled);
    return config;
  };

  // One enrolment at a time: two could otherwise both pass the dialog and
  // race to save different origins.
  let enrolmentQueue: Promise<unknown> = Promise.resolve();
  // One push request in flight to the endpoint, whoever asks: a reloaded renderer
  // cannot start a push beside pages main is still posting for the one before.
  let pushQueue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <Value>(work: () => Promise<Value>): Promise<Value> => {
    const run = pushQueue.then(work);
    pushQueue = run.catch(() => undefined);
    return run;
  };
  // Whether the last push main finished was answered `ok` in full: only then may a continuation follow it.
  let lastPushComplete = false;
  const pushOne = (token: string, request: PushRequest) =>
    sendToEndpoint(transport, enrolled(), ENDPOINT_ROUTES.push, { ...callOptions, token, body: request });

  const enrolOnce: IpcHandlers['network']['enrol'] = async ({ endpointUrl, spkiPin, request }) => {
    const verdict = parseEndpointOrigin(endpointUrl);
    if (!verdict.ok) throw new IpcHandlerError('EndpointNotAllowed', ENDPOINT_REFUSAL_WORDS[verdict.reason]);
    const candidate: EndpointConfig = { origin: verdict.origin, spkiPin: spkiPin ?? null };
    const current = configStore.current();
    // Asked before the new origin hears anything: declining sends no request.
    if (current && (current.origin !== candidate.origin || current.spkiPin !== candidate.spkiPin)) {
      const replace = await dialogs.confirm(replaceEndpointQuestion(current, candidate));
      if (!replace) throw new IpcHandlerError('EnrolmentCancelled', NETWORK_ERROR_WORDS.EnrolmentCancelled);
    }
    const answer = await sendToEndpoint(transport, candidate, ENDPOINT_ROUTES.enrol, { ...callOptions, body: request });
    if (answer.kind === 'ok') configStore.save(candidate);
    return { ...answer, origin: candidate.origin };
  };

  return {
    status: () => {
      const config = configStore.current();
      return { origin: config?.origin ?? null, pinned: config?.spkiPin != null };
    },
    enrol: (input) => {
      const run = enrolmentQueue.then(() => asNetworkErrors(() => enrolOnce(input)));
      enrolmentQueue = run.catch(() => undefined);
      return run;
    },
    health: () => asNetworkErrors(() => sendToEndpoint(transport, enrolled(), ENDPOINT_ROUTES.health, callOptions)),
    pull: ({ token, query }) =>
      asNetworkErrors(() =>
        sendToEndpoint(transport, enrolled(), ENDPOINT_ROUTES.pull, { ...callOptions, token, query: { cursor: query.cursor, limit: query.limit } }),
      ),
    push: ({ token, request }) =>
      oneAtATime(() => {
        lastPushComplete = false;
        return asNetworkErrors(() => pushOne(token, request));
      }),
    pushPages: ({ token, requests, continues }) =>
      oneAtATime(() =>
        asNetworkErrors(async () => {
          const follows = lastPushComplete;
          lastPushComplete = false;
          if (continues && !follows) throw new IpcHandlerError('PushOutOfSequence', NETWORK_ERROR_WORDS.PushOutOfSequence);
          const answers: ApiAnswer<PushResponse>[] = [];
          for (const request of requests) {
            let answer: ApiAnswer<PushResponse>;
            try {
              answer = await pushOne(token, request);
            } catch (error) {
              // The pages answered so far are the renderer's to store; it sends the rest again.
              if (answers.length > 0 && error instanceof TransportFailure) break;
              throw error;
            }
            answers.push(answer);
            if (answer.kind !== 'ok') break;
          }
          lastPushComplete = answers.length === requests.length && answers.every((answer) => answer.kind === 'ok');
          return answers;
        }),
      ),
    uploadAudit: ({ token, request }) =>
      asNetworkErrors(() => sendToEndpoint(transport, enrolled(), ENDPOINT_ROUTES.audit, { ...callOptions, token, body: request })),
    teamAuditChains: ({ token }) =>
      asNetworkErrors(() => sendToEndpoint(transport, enrolled(), ENDPOINT_ROUTES.teamAuditChains, { ...callOptions, token })),
    teamAuditEvents: ({ token, query }) =>
      asNetworkErrors(() =>
        sendToEndpoint(transport, enrolled(), ENDPOINT_ROUTES.teamAuditEvents, {
          ...callOptions,
          token,
          query: { device: query.device, after: query.after, limit: query.limit },
        }),
      ),
    rotateToken: ({ token }) =>
      asNetworkErrors(() => sendToEndpoint(transport, enrolled(), ENDPOINT_ROUTES.rotateToken, { ...callOptions, token, body: {} })),
    forget: () => configStore.clear(),
  };
}

async function asNetworkErrors<Value>(work: () => Value | Promise<Value>): Promise<Value> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TransportFailure) throw new IpcHandlerError(error.code, NETWORK_ERROR_WORDS[error.code]);
    throw error;
  }
}

function replaceEndpointQuestion(current: EndpointConfig, candidate: EndpointConfig) {
  const describe = (config: EndpointConfig) => `${config.origin}${config.spkiPin ? ' (certificate pinned)' : ''}`;
  return {
    title: 'Change the central endpoint?',
    message: 'Enrol this device with a different central endpoint?',
    detail:
      `Enrolled now: ${describe(current)}\nNew: ${describe(candidate)}\n\n` +
      'From then on this device syncs only with the new endpoint. Continue only if your administrator asked you to.',
    confirmLabel: 'Enrol with the new endpoint',
    cancelLabel: 'Keep the current endpoint',
  };
}
