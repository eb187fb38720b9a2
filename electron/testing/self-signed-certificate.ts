import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface SelfSignedCertificate {
  readonly cert: string;
  readonly key: string;
}

/** Why no certificate can be made here (openssl missing), or null. Tests skip and print it. */
export function opensslMissing(): string | null {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'openssl is not installed, so no test certificate can be made';
  }
}

/** A fresh P-256 certificate for 127.0.0.1 (IP SAN, so hostname checks pass), valid one day. */
export function makeSelfSignedCertificate(): SelfSignedCertificate {
  const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-cert-'));
  try {
    const certPath = path.join(directory, 'cert.pem');
    const keyPath = path.join(directory, 'key.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath, '-out', certPath,
        '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
