import { session, type Session } from 'electron';
import { checkCertificateAgainstPin } from '../network/certificate-pin-check';
import { classifyChromiumError } from '../network/classify-chromium-error';
import type { EndpointTransport } from '../network/endpoint-transport';
import { createFetchEndpointTransport } from '../network/fetch-endpoint-transport';

interface EndpointSession {
  readonly session: Session;
  /** Set once the verify proc refused this context's certificate for its pin. */
  pinMismatchSeen: boolean;
}

/**
 * The shell's endpoint transport: Chromium's network stack through
 * `session.fetch` (system proxy settings, the OS trust store), never Node's.
 *
 * Each enrolled origin + pin gets its own in-memory session: its certificate
 * verify proc checks the pin, and because Chromium caches verify results per
 * network context, a changed pin never meets a verdict reached under the old
 * one. These sessions also sit outside the default session, whose request
 * filter cancels everything but `app://` for the renderer.
 */
export function createElectronEndpointTransport(): EndpointTransport {
  const sessions = new Map<string, EndpointSession>();
  const sessionFor = (origin: string, spkiPin: string | null): EndpointSession => {
    const key = `${origin} ${spkiPin ?? 'unpinned'}`;
    const existing = sessions.get(key);
    if (existing) return existing;
    const endpointSession: EndpointSession = {
      session: session.fromPartition(`casedesk-endpoint-${sessions.size + 1}`, { cache: false }),
      pinMismatchSeen: false,
    };
    const expectedHostname = new URL(origin).hostname;
    endpointSession.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    endpointSession.session.setCertificateVerifyProc((request, callback) => {
      const verdict = checkCertificateAgainstPin(
        { hostname: request.hostname, certificatePem: request.certificate.data, verificationResult: request.verificationResult },
        expectedHostname,
        spkiPin,
      );
      if (verdict.pinMismatch) endpointSession.pinMismatchSeen = true;
      callback(verdict.result);
    });
    sessions.set(key, endpointSession);
    return endpointSession;
  };

  return createFetchEndpointTransport({
    fetchFor: (origin, spkiPin) => {
      const endpointSession = sessionFor(origin, spkiPin);
      return (url, init) => endpointSession.session.fetch(url, init);
    },
    classify: (error, origin, spkiPin) => classifyChromiumError(error, sessionFor(origin, spkiPin).pinMismatchSeen),
  });
}
