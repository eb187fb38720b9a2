import type { NetworkErrorCode } from '../../shared/ipc/network-contract';

/**
 * The one seam through which main talks HTTP to the central endpoint:
 * Electron's `net` stack in the shell (services/electron-endpoint-transport.ts),
 * node:http(s) in the browser host harness (node-endpoint-transport.ts).
 * A transport moves bytes and enforces limits; it does not know the API.
 */
export interface EndpointTransport {
  /** Resolves with the raw response, or rejects with a TransportFailure. */
  send(request: TransportRequest): Promise<TransportResponse>;
}

export interface TransportRequest {
  /** Absolute URL, always built by main from the enrolled origin and a fixed path. */
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** base64 SHA-256 of the server certificate's SPKI the leaf must match, or null. */
  readonly spkiPin: string | null;
  readonly limits: TransportLimits;
}

export interface TransportLimits {
  /** Until the connection (TCP, and TLS for https) is up. */
  readonly connectTimeoutMs: number;
  /** The whole exchange, from the first byte sent to the last byte read. */
  readonly totalTimeoutMs: number;
  /** The body is read as a stream and the request aborted the moment it passes this. */
  readonly maxResponseBytes: number;
}

export interface TransportResponse {
  readonly status: number;
  /** The `Content-Type` header, or null. */
  readonly contentType: string | null;
  /** The raw `Retry-After` header, or null. */
  readonly retryAfter: string | null;
  /** The raw `CaseDesk-Token-Rotate` header (`due`: the device should rotate its token), or null. */
  readonly tokenRotate?: string | null;
  readonly body: Buffer;
}

/** The transport-level codes: what went wrong on the wire, never the server's text. */
export type TransportFailureCode = Extract<
  NetworkErrorCode,
  | 'EndpointUnreachable'
  | 'Timeout'
  | 'CertificateInvalid'
  | 'CertificatePinMismatch'
  | 'ResponseTooLarge'
  | 'ResponseMalformed'
  | 'ServerUnavailable'
  | 'EndpointNotAllowed'
>;

/**
 * A failed exchange. The message is fixed per code: socket and TLS errors
 * can carry host names, URLs and server-chosen text, so none of it is kept.
 */
export class TransportFailure extends Error {
  constructor(readonly code: TransportFailureCode) {
    super(`Endpoint request failed: ${code}`);
    this.name = 'TransportFailure';
  }
}

/** What a TLS/socket error means to the reviewer, from its Node or Chromium error code. */
export function classifyConnectionError(code: string | undefined): TransportFailureCode {
  if (!code) return 'EndpointUnreachable';
  if (/TIMED_?OUT|ETIMEDOUT/i.test(code)) return 'Timeout';
  // Node: DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, ERR_SSL_…,
  // EPROTO (no TLS at all on the other end); Chromium: net::ERR_CERT_AUTHORITY_INVALID,
  // net::ERR_SSL_PROTOCOL_ERROR, ERR_BAD_SSL_CLIENT_AUTH_CERT.
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ISSUER|^EPROTO$/i.test(code)) return 'CertificateInvalid';
  return 'EndpointUnreachable';
}
