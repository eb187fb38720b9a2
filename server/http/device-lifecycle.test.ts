import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_EXPIRES_HEADER, TOKEN_ROTATE_HEADER, TOKEN_ROTATE_PATH, tokenRotateResponseSchema } from '../../shared/sync-protocol/token-rotation';
import type { Storage } from '../storage/storage';
import { callApi, enrolOverHttp, startApiServer, TEST_PUBLIC_KEY } from '../test-support/api-test-server';
import { seedReviewWorld } from '../test-support/seed-review-world';
import { storageTargets } from '../test-support/storage-targets';
import { createEnrolmentCode, sha256Hex } from './device-credentials';

const DAY = 86_400_000;
const targets = await storageTargets('device lifecycle');

/** GET pull with a token; status, error code and the token-age headers. */
async function pullWith(baseUrl: string, token: string) {
  const response = await fetch(`${baseUrl}/api/v1/pull`, { headers: { authorization: `Bearer ${token}` } });
  const json = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: json.error?.code, rotate: response.headers.get(TOKEN_ROTATE_HEADER), expires: response.headers.get(TOKEN_EXPIRES_HEADER) };
}

async function rotate(baseUrl: string, token: string) {
  const reply = await callApi(baseUrl, TOKEN_ROTATE_PATH, { token, body: {} });
  expect(reply.status).toBe(200);
  return tokenRotateResponseSchema.parse(reply.json);
}

describe.each(targets)('device lifecycle over HTTP: $name', (target) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let clock: number;

  beforeEach(async () => {
    ({ storage, cleanup } = await target.open());
    await seedReviewWorld(storage);
    clock = Date.now();
    server = await startApiServer(storage, { enrolPerAddress: { burst: 100, perSecond: 100 }, tokenRotateAfterMs: 7 * DAY, tokenMaxAgeMs: 90 * DAY }, { now: () => new Date(clock) });
  });

  afterEach(async () => {
    await server.stop();
    await cleanup();
  });

  it('refuses the devices of a deactivated user with user_deactivated, and their unused codes', async () => {
    const device = await enrolOverHttp(storage, server.baseUrl, 'alice');
    const code = createEnrolmentCode();
    await storage.createEnrolmentCode({ codeHash: sha256Hex(code), userId: 'alice', expiresAt: new Date(Date.now() + DAY).toISOString() }, new Date().toISOString());
    expect((await pullWith(server.baseUrl, device.token)).status).toBe(200);

    expect(await storage.deactivateUser('alice', new Date().toISOString())).toBe(true);
    expect(await storage.deactivateUser('alice', new Date().toISOString())).toBe(false);
    expect(await pullWith(server.baseUrl, device.token)).toMatchObject({ status: 401, code: 'user_deactivated' });
    const enrol = await callApi(server.baseUrl, '/api/v1/enrol', { body: { code, deviceName: 'Laptop', publicKey: TEST_PUBLIC_KEY } });
    expect(enrol.status).toBe(400);
    expect((await storage.getUser('alice'))?.deactivatedAt).not.toBeNull();
    // Others are untouched.
    const bob = await enrolOverHttp(storage, server.baseUrl, 'bob');
    expect((await pullWith(server.baseUrl, bob.token)).status).toBe(200);
  });

  it('a revoked enrolment code cannot be redeemed; a used one is not counted as revoked', async () => {
    const used = await enrolOverHttp(storage, server.baseUrl, 'alice');
    expect(used.token).toBeTruthy();
    const codes = [createEnrolmentCode(), createEnrolmentCode(), createEnrolmentCode()];
    for (const [index, code] of codes.entries()) {
      await storage.createEnrolmentCode({ codeHash: sha256Hex(code), userId: index < 2 ? 'alice' : 'bob', expiresAt: new Date(Date.now() + DAY).toISOString() }, new Date().toISOString());
    }
    expect(await storage.revokeEnrolmentCodes({ codeHash: sha256Hex(codes[0]!) }, new Date().toISOString())).toBe(1);
    expect(await storage.revokeEnrolmentCodes({ userId: 'alice' }, new Date().toISOString())).toBe(1);
    for (const code of codes.slice(0, 2)) {
      const reply = await callApi(server.baseUrl, '/api/v1/enrol', { body: { code, deviceName: 'Laptop', publicKey: TEST_PUBLIC_KEY } });
      expect(reply.status).toBe(400);
    }
    const bob = await callApi(server.baseUrl, '/api/v1/enrol', { body: { code: codes[2], deviceName: 'Laptop', publicKey: TEST_PUBLIC_KEY } });
    expect(bob.status).toBe(201);
  });

  it('refuses a batch id of vault in any letter case', async () => {
    const [caseId] = await storage.findUnbatchedCases({ limit: 1 });
    const cases = caseId ? [caseId] : [];
    for (const batchId of ['vault', 'Vault', 'VAULT']) {
      await expect(
        storage.createBatch({ batchId, name: 'x', caseIds: cases, assigneeId: 'alice', leadId: 'lead', templateId: 'cse-review', dueDate: null }, new Date().toISOString()),
      ).rejects.toMatchObject({ code: 'reserved_id' });
    }
  });

  it('asks for rotation after the rotate-after age and keeps the old token until the new one is used', async () => {
    const device = await enrolOverHttp(storage, server.baseUrl, 'alice');
    const fresh = await pullWith(server.baseUrl, device.token);
    expect(fresh).toMatchObject({ status: 200, rotate: null });
    expect(Date.parse(fresh.expires!)).toBeGreaterThan(clock + 89 * DAY);

    clock += 8 * DAY;
    expect(await pullWith(server.baseUrl, device.token)).toMatchObject({ status: 200, rotate: 'due' });

    // The first answer is "lost": the device never stored it, and keeps using the old token.
    const lost = await rotate(server.baseUrl, device.token);
    expect((await pullWith(server.baseUrl, device.token)).status).toBe(200);
    const second = await rotate(server.baseUrl, device.token);
    expect(second.token).not.toBe(lost.token);
    expect(second.token.startsWith(`${device.deviceId}.`)).toBe(true);
    expect(Date.parse(second.expiresAt) - Date.parse(second.issuedAt)).toBe(90 * DAY);
    expect(Date.parse(second.rotateAfter) - Date.parse(second.issuedAt)).toBe(7 * DAY);
    // Only the latest rotated token is pending: the lost one never works.
    expect(await pullWith(server.baseUrl, lost.token)).toMatchObject({ status: 401, code: 'unauthorized' });

    // The first use of the new token retires the old, and the rotate header goes.
    expect(await pullWith(server.baseUrl, second.token)).toMatchObject({ status: 200, rotate: null });
    expect(await pullWith(server.baseUrl, device.token)).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await pullWith(server.baseUrl, second.token)).toMatchObject({ status: 200, rotate: null });
    expect((await storage.getDevice(device.deviceId))?.tokenIssuedAt).toBe(second.issuedAt);
  });

  it('refuses an unrotated token past its maximum age with token_expired', async () => {
    const device = await enrolOverHttp(storage, server.baseUrl, 'alice');
    clock += 90 * DAY - 1000;
    expect((await pullWith(server.baseUrl, device.token)).status).toBe(200);
    clock += 1000;
    expect(await pullWith(server.baseUrl, device.token)).toMatchObject({ status: 401, code: 'token_expired' });
    const refused = await callApi(server.baseUrl, TOKEN_ROTATE_PATH, { token: device.token, body: {} });
    expect(refused.status).toBe(401);
  });

  it('a rotated token counts its age from its own issue', async () => {
    const device = await enrolOverHttp(storage, server.baseUrl, 'alice');
    clock += 80 * DAY;
    const rotated = await rotate(server.baseUrl, device.token);
    clock += 20 * DAY;
    expect(await pullWith(server.baseUrl, device.token)).toMatchObject({ status: 401, code: 'token_expired' });
    expect((await pullWith(server.baseUrl, rotated.token)).status).toBe(200);
  });
});
