import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveRendererFile } from '../../electron/protocol/serve-renderer-file';

export interface RendererServer {
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer on loopback through the same function the
 * `app://` handler uses: same files, same CSP and headers.
 */
export async function startRendererServer(rendererDir: string, port = 0): Promise<RendererServer> {
  const server: Server = createServer((request, response) => {
    const url = `http://${request.headers.host ?? '127.0.0.1'}${request.url ?? '/'}`;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    serveRendererFile(url, rendererDir)
      .then(async (answer) => {
        const body = request.method === 'HEAD' ? undefined : Buffer.from(await answer.arrayBuffer());
        response.writeHead(answer.status, Object.fromEntries(answer.headers));
        response.end(body);
      })
      .catch(() => {
        // Never leave a request hanging: the page would wait for it until the test times out.
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise((resolve) => {
        // Chromium keeps idle keep-alive sockets open; close them so close() cannot wait on them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
