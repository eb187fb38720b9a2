import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createApiServer } from '../../http/create-api-server';
import { jsonLinesLog } from '../../http/structured-log';
import { isPostgresUrl } from '../../storage/open-storage';
import { CommandFailed, databaseOf, openStorageOf, optionalString, parseOptions, UsageError, type CliIo } from '../cli-io';

export const SERVE_USAGE =
  'serve [--db PATH|URL] [--host 127.0.0.1] [--port 8080] [--tls-cert FILE --tls-key FILE] [--insecure-http]   run the HTTP API';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

export async function runServe(args: string[], io: CliIo): Promise<void> {
  const { values } = parseOptions(
    args,
    { host: { type: 'string' }, port: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, 'insecure-http': { type: 'boolean' } },
    { min: 0, max: 0, names: '' },
  );
  const host = optionalString(values, 'host') ?? '127.0.0.1';
  const portText = optionalString(values, 'port') ?? '8080';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535) throw new UsageError('--port must be a number from 0 to 65535');
  const certFile = optionalString(values, 'tls-cert');
  const keyFile = optionalString(values, 'tls-key');
  if (Boolean(certFile) !== Boolean(keyFile)) throw new UsageError('--tls-cert and --tls-key go together');
  if (!certFile && !LOOPBACK.test(host) && values['insecure-http'] !== true) {
    throw new UsageError(`refusing plain HTTP on ${host}: give --tls-cert and --tls-key, or --insecure-http if TLS ends in front of this server`);
  }
  let tls: { cert: Buffer; key: Buffer } | undefined;
  if (certFile && keyFile) {
    try {
      tls = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
    } catch {
      throw new CommandFailed('cannot read the TLS certificate or key');
    }
  }
  const storage = openStorageOf(values, isPostgresUrl(databaseOf(values)) ? 10 : 1);
  await storage.migrate(new Date().toISOString());
  const log = jsonLinesLog((line) => io.out(line.trimEnd()));
  const server = createApiServer({ storage, log, ...(tls ? { tls } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new CommandFailed(`cannot listen on ${host}:${portText} (${error.code ?? error.name})`)));
    server.listen(Number(portText), host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  log.info('listening', { host, port, tls: Boolean(tls), database: storage.dialect });
  await new Promise<void>((resolve) => {
    const stop = () => {
      log.info('stopping', {});
      server.closeIdleConnections();
      server.close(() => resolve());
      setTimeout(() => server.closeAllConnections(), 5000).unref();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await storage.close();
}
