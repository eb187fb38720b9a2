import { spkiSha256 } from './spki-pin';

/** Chromium's certificate verify proc results (Electron `setCertificateVerifyProc`). */
export const VERIFY_ACCEPT_CHROMIUM_RESULT = -3;
export const VERIFY_REJECT = -2;

export interface CertificateToVerify {
  readonly hostname: string;
  /** The leaf certificate, PEM. */
  readonly certificatePem: string;
  /** Chromium's own verdict: `OK`, or an error like `CERT_AUTHORITY_INVALID`. */
  readonly verificationResult: string;
}

export interface PinVerdict {
  readonly result: typeof VERIFY_ACCEPT_CHROMIUM_RESULT | typeof VERIFY_REJECT;
  readonly pinMismatch: boolean;
}

/**
 * The Electron side of pinning, kept free of Electron so it runs in Node
 * tests. Chromium's normal verification always applies (a pin adds to it,
 * it never replaces it); with a pin, the leaf's SPKI SHA-256 must also match.
 * The network context this guards serves one origin only, so any other
 * host is refused outright.
 */
export function checkCertificateAgainstPin(certificate: CertificateToVerify, expectedHostname: string, spkiPin: string | null): PinVerdict {
  const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare(certificate.hostname) !== bare(expectedHostname)) return { result: VERIFY_REJECT, pinMismatch: false };
  if (certificate.verificationResult !== 'OK' || spkiPin === null) {
    return { result: VERIFY_ACCEPT_CHROMIUM_RESULT, pinMismatch: false };
  }
  let actual: string;
  try {
    actual = spkiSha256(certificate.certificatePem);
  } catch {
    return { result: VERIFY_REJECT, pinMismatch: false };
  }
  return actual === spkiPin ? { result: VERIFY_ACCEPT_CHROMIUM_RESULT, pinMismatch: false } : { result: VERIFY_REJECT, pinMismatch: true };
}
