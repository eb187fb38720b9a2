import { classifyConnectionError, type TransportFailureCode } from './endpoint-transport';

/**
 * Why Chromium's `session.fetch` rejected. It rejects with `net::ERR_…`
 * messages; a certificate verify proc's refusal surfaces as plain
 * `net::ERR_FAILED`, so whether the pin was the cause comes from the verify
 * proc itself (`pinMismatchSeen`). Only the code is read, never the rest of
 * the message.
 */
export function classifyChromiumError(error: unknown, pinMismatchSeen: boolean): TransportFailureCode {
  const message = error instanceof Error ? error.message : '';
  const code = /net::(ERR_[A-Z0-9_]+)/.exec(message)?.[1];
  if (pinMismatchSeen && (code === undefined || /CERT|SSL|^ERR_FAILED$/.test(code))) return 'CertificatePinMismatch';
  if (code === undefined && /redirect/i.test(message)) return 'ResponseMalformed';
  return classifyConnectionError(code);
}
