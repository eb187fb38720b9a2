import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export type EndpointReply = (request: RecordedRequest, response: ServerResponse) => void;

export interface LocalEndpointServer {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** TCP connections accepted so far (kept-alive requests share one). */
  connections(): number;
  /** Replaces how the server answers from now on. */
  reply(handler: EndpointReply): void;
  close(): Promise<void>;
}

/** Answers JSON with a status, as the real endpoint does. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): EndpointReply {
  return (_request, response) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
    response.end(text);
  };
}

/**
 * A scriptable HTTP(S) server on 127.0.0.1, port 0, that records every
 * request it receives: the tests' stand-in for the central endpoint (and for
 * the endpoints main must never reach).
 */
export async function startLocalEndpointServer(tlsIdentity?: { cert: string; key: string }): Promise<LocalEndpointServer> {
  const requests: RecordedRequest[] = [];
  let handler: EndpointReply = json(404, { error: { code: 'not_found', message: 'No such endpoint.' } });
  const sockets = new Set<Socket>();
  let connections = 0;
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() };
      requests.push(recorded);
      handler(recorded, response);
    });
  };
  const server = tlsIdentity ? https.createServer(tlsIdentity, serve) : http.createServer(serve);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    connections++;
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tlsIdentity ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    reply: (next) => (handler = next),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
