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
export async function startRendererServer(rendererDir: string): Promise<RendererServer> {
  const server: Server = createServer((request, response) => {
    const url = `http://${request.headers.host ?? '127.0.0.1'}${request.url ?? '/'}`;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    void serveRendererFile(url, rendererDir).then(async (answer) => {
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(request.method === 'HEAD' ? undefined : Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
