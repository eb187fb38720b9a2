import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../test-support/spawn-server-process';

function opensslMissing(): string | null {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'openssl is not installed, so no test certificate can be made';
  }
}

const missing = opensslMissing();
if (missing) console.log(`serve over TLS: skipping — ${missing}`);

describe.skipIf(missing !== null)('serve over TLS', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-tls-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('serves HTTPS with --tls-cert and --tls-key', async () => {
    const cert = path.join(directory, 'cert.pem');
    const key = path.join(directory, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], {
      stdio: 'ignore',
    });
    const server = await startServerProcess(path.join(directory, 'tls.sqlite'), ['--tls-cert', cert, '--tls-key', key]);
    try {
      expect(server.baseUrl).toMatch(/^https:/);
      const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        // The certificate is self-made for this test: trust it explicitly rather than switching checks off.
        get(`${server.baseUrl}/api/v1/health`, { ca: readFileSync(cert), servername: '127.0.0.1', checkServerIdentity: () => undefined }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        }).on('error', reject);
      });
      expect(reply).toEqual({ status: 200, body: JSON.stringify({ status: 'ok', api: 'v1' }) });
    } finally {
      await server.stop();
    }
  }, 30_000);
});
