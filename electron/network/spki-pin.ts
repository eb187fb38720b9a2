import { createHash, X509Certificate } from 'node:crypto';

/**
 * The pin of a certificate: base64 SHA-256 of its DER SubjectPublicKeyInfo,
 * the `pin-sha256` of RFC 7469. It survives certificate renewal with the same
 * key, and is what `openssl x509 -pubkey | openssl pkey -pubin -outform der |
 * openssl dgst -sha256 -binary | base64` prints.
 */
export function spkiSha256(certificate: string | Buffer | X509Certificate): string {
  const x509 = certificate instanceof X509Certificate ? certificate : new X509Certificate(certificate);
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
