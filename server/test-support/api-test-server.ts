import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createEnrolmentCode, sha256Hex } from '../http/device-credentials';
import { createApiServer } from '../http/create-api-server';
import { silentLog, type StructuredLog } from '../http/structured-log';
import type { ApiLimits } from '../http/api-context';
import type { Storage } from '../storage/storage';

export interface ApiCall {
  readonly method?: string;
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is instead of JSON.stringify(body). */
  readonly rawBody?: string | Uint8Array<ArrayBuffer>;
  readonly headers?: Record<string, string>;
}

export interface ApiReply {
  readonly status: number;
  readonly json: unknown;
  readonly contentType: string | null;
}

export const TEST_PUBLIC_KEY = { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) };

export async function callApi(baseUrl: string, path: string, call: ApiCall = {}): Promise<ApiReply> {
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  const response = await fetch(`${baseUrl}${path}`, {
    method: call.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
      ...call.headers,
    },
    body,
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = { unparsable: text.slice(0, 200) };
  }
  return { status: response.status, json, contentType: response.headers.get('content-type') };
}

/** Issues a code through storage and redeems it over HTTP, as the app would. */
export async function enrolOverHttp(storage: Storage, baseUrl: string, userId: string): Promise<{ token: string; deviceId: string }> {
  const code = createEnrolmentCode();
  await storage.createEnrolmentCode({ codeHash: sha256Hex(code), userId, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }, new Date().toISOString());
  const reply = await callApi(baseUrl, '/api/v1/enrol', { body: { code, deviceName: `${userId} laptop`, publicKey: TEST_PUBLIC_KEY } });
  if (reply.status !== 201) throw new Error(`enrolment failed with ${reply.status}`);
  return reply.json as { token: string; deviceId: string };
}

export async function startApiServer(
  storage: Storage,
  limits: Partial<ApiLimits> = {},
  options: { now?: () => Date; log?: StructuredLog } = {},
): Promise<{ baseUrl: string; server: Server; stop: () => Promise<void> }> {
  const server = createApiServer({ storage, log: options.log ?? silentLog, limits, now: options.now });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
