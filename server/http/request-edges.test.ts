import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/storage';
import { callApi, enrolOverHttp, TEST_PUBLIC_KEY } from '../test-support/api-test-server';
import { seedReviewWorld } from '../test-support/seed-review-world';
import type { ApiLimits } from './api-context';
import { createApiServer } from './create-api-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** The edges an unauthenticated client can push on: failed tokens, oversized bodies, open sockets. */

interface Started {
  readonly baseUrl: string;
  readonly port: number;
  readonly logLines: string[];
  readonly server: Server;
  stop(): Promise<void>;
}

async function start(storage: Storage, limits: Partial<ApiLimits>): Promise<Started> {
  const logLines: string[] = [];
  const record = (level: string) => (event: string, fields?: object) => logLines.push(JSON.stringify({ level, event, ...fields }));
  const server = createApiServer({ storage, limits, log: { info: record('info'), warn: record('warn'), error: record('error') } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    logLines,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Sends headers, then keeps writing body bytes (respecting backpressure) until
 * the server closes the connection or `maxBytes` are written. Returns what the
 * server answered, whether it closed, and how much was written.
 */
async function sendOversizedBody(port: number, headers: string, maxBytes: number) {
  const socket = await openSocket(port);
  let answer = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closedPromise = new Promise<void>((resolve) => socket.once('close', () => { closed = true; resolve(); }));
  socket.write(headers);
  const chunk = Buffer.alloc(256 * 1024, 0x61);
  let written = 0;
  while (!closed && written < maxBytes) {
    const drained = socket.write(chunk);
    written += chunk.length;
    if (!drained) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closedPromise]);
  }
  // Whatever was written, give the server a moment to close before judging.
  await Promise.race([closedPromise, new Promise((resolve) => setTimeout(resolve, 2000))]);
  socket.destroy();
  return { answer, closed, written };
}

describe('requests at the edge of the API', () => {
  let storage: Storage;
  let deviceLookups = 0;

  beforeAll(async () => {
    storage = openStorage(':memory:');
    await storage.migrate(new Date().toISOString());
    await seedReviewWorld(storage);
    const getDevice = storage.getDevice.bind(storage);
    storage.getDevice = (deviceId) => {
      deviceLookups += 1;
      return getDevice(deviceId);
    };
  });

  afterAll(async () => {
    await storage.close();
  });

  it('answers a bad-token flood 429 once an address has failed too often, without a lookup each, and logs the address', async () => {
    const api = await start(storage, { authFailuresPerAddress: { burst: 5, perSecond: 0.001 }, enrolPerAddress: { burst: 100, perSecond: 100 } });
    try {
      const { token } = await enrolOverHttp(storage, api.baseUrl, 'alice');
      // Well-formed tokens naming the real device with a wrong secret: each would cost a lookup.
      const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
      deviceLookups = 0;
      const statuses: number[] = [];
      for (let index = 0; index < 40; index += 1) statuses.push((await callApi(api.baseUrl, '/api/v1/pull', { token: forged })).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
      expect(deviceLookups).toBe(5);
      const failures = api.logLines.filter((line) => line.includes('"event":"auth_failed"'));
      expect(failures).toHaveLength(5);
      expect(JSON.parse(failures[0]!)).toMatchObject({ level: 'warn', address: '127.0.0.1', code: 'unauthorized' });
      expect(failures.join('\n')).not.toContain('A'.repeat(43));
    } finally {
      await api.stop();
    }
  });

  it('logs a failed enrolment with its source address and never the code', async () => {
    const api = await start(storage, { enrolPerAddress: { burst: 100, perSecond: 100 } });
    try {
      const guessed = 'ZZZZZZZZZZZZZZZZ';
      const reply = await callApi(api.baseUrl, '/api/v1/enrol', { body: { code: guessed, deviceName: 'x', publicKey: TEST_PUBLIC_KEY } });
      expect(reply.status).toBe(400);
      const failures = api.logLines.filter((line) => line.includes('"event":"auth_failed"'));
      expect(failures.map((line) => JSON.parse(line) as unknown)).toEqual([
        { level: 'warn', event: 'auth_failed', address: '127.0.0.1', code: 'enrolment_code_invalid' },
      ]);
      expect(api.logLines.join('\n')).not.toContain(guessed);
    } finally {
      await api.stop();
    }
  });

  it('does not count good tokens against the address', async () => {
    const api = await start(storage, { authFailuresPerAddress: { burst: 2, perSecond: 0.001 }, enrolPerAddress: { burst: 100, perSecond: 100 } });
    try {
      const { token } = await enrolOverHttp(storage, api.baseUrl, 'alice');
      const statuses = [];
      for (let index = 0; index < 10; index += 1) statuses.push((await callApi(api.baseUrl, '/api/v1/pull', { token })).status);
      expect(statuses).toEqual(Array(10).fill(200));
    } finally {
      await api.stop();
    }
  });

  it.each([
    ['a declared Content-Length over the limit', `Content-Length: ${1024 ** 3}\r\n`],
    ['a chunked body that grows over the limit', 'Transfer-Encoding: chunked\r\n'],
  ])('after a 413 for %s, says Connection: close and stops reading', async (_label, lengthHeader) => {
    const api = await start(storage, { bodyBytes: 64 * 1024, enrolPerAddress: { burst: 100, perSecond: 100 } });
    try {
      const headers = `POST /api/v1/enrol HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${lengthHeader}\r\n`;
      // A chunked body: one huge chunk whose bytes are then streamed.
      const prefix = lengthHeader.startsWith('Transfer') ? `${(1024 ** 3).toString(16)}\r\n` : '';
      const result = await sendOversizedBody(api.port, headers + prefix, 256 * 1024 * 1024);
      expect(result.answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(result.answer).toMatch(/\r\nConnection: close\r\n/i);
      expect(result.answer).toContain('payload_too_large');
      expect(result.closed).toBe(true);
      // The kernel's socket buffers take a few MiB; without the close the server reads all of it.
      expect(result.written).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await api.stop();
    }
  });

  it('caps open connections: one over the cap is closed on arrival', async () => {
    const api = await start(storage, { maxConnections: 3 });
    const sockets: Socket[] = [];
    try {
      for (let index = 0; index < 3; index += 1) sockets.push(await openSocket(api.port));
      const extra = await openSocket(api.port);
      sockets.push(extra);
      const closedOnArrival = await Promise.race([
        new Promise<boolean>((resolve) => extra.once('close', () => resolve(true))),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000)),
      ]);
      expect(closedOnArrival).toBe(true);
      sockets[0]!.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await callApi(api.baseUrl, '/api/v1/health')).status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
      await api.stop();
    }
  });
});
