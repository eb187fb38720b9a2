import 'fake-indexeddb/auto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ApiLimits } from '../../server/http/api-context';
import { createApiServer } from '../../server/http/create-api-server';
import { createEnrolmentCode, sha256Hex } from '../../server/http/device-credentials';
import { silentLog } from '../../server/http/structured-log';
import { openStorage } from '../../server/storage/open-storage';
import type { Storage } from '../../server/storage/storage';
import { seedReviewWorld } from '../../server/test-support/seed-review-world';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import { VALID_ANSWERS } from '../../server/test-support/seed-review-world';
import { enrolDevice } from '../../renderer/sync/enrol-device';
import { submitOutcome } from '../../renderer/sync/submit-outcome';
import type { NetworkPort } from '../../renderer/sync/network-port';
import { SyncEngine, type SyncEngineOptions } from '../../renderer/sync/sync-engine';
import { makeTestVault } from '../../renderer/vault/vault-test-support';
import type { Vault } from '../../renderer/vault/vault';
import { createRegistryNetworkPort } from './registry-network-port';

/**
 * A central endpoint (real HTTP server, SQLite in memory, the seeded review
 * world) and devices that talk to it as the app does: a vault over
 * fake-indexeddb, the real sync engine, and the real main-process network
 * handlers. The endpoint can be stopped and started again on its port.
 */
export interface SyncWorld {
  readonly storage: Storage;
  readonly batches: Record<string, string[]>;
  baseUrl(): string;
  stopEndpoint(): Promise<void>;
  startEndpoint(): Promise<void>;
  issueCode(userId: string): Promise<string>;
  close(): Promise<void>;
}

export async function createSyncWorld(casesPerBatch = 4, limits: Partial<ApiLimits> = {}): Promise<SyncWorld> {
  const storage = openStorage(':memory:');
  await storage.migrate(new Date().toISOString());
  const { batches } = await seedReviewWorld(storage, casesPerBatch);
  let server: Server | null = null;
  let port = 0;
  const world: SyncWorld = {
    storage,
    batches,
    baseUrl: () => `http://127.0.0.1:${port}`,
    async startEndpoint() {
      server = createApiServer({ storage, log: silentLog, limits: { enrolPerAddress: { burst: 1_000, perSecond: 1_000 }, requestsPerDevice: { burst: 10_000, perSecond: 10_000 }, ...limits } });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    },
    async stopEndpoint() {
      const closing = server;
      server = null;
      if (!closing) return;
      await new Promise<void>((resolve) => {
        closing.closeAllConnections();
        closing.close(() => resolve());
      });
    },
    async issueCode(userId) {
      const code = createEnrolmentCode();
      await storage.createEnrolmentCode(
        { codeHash: sha256Hex(code), userId, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
        new Date().toISOString(),
      );
      return code;
    },
    async close() {
      await world.stopEndpoint();
      await storage.close();
    },
  };
  await world.startEndpoint();
  return world;
}

export interface TestDevice {
  readonly vault: Vault;
  readonly network: NetworkPort;
  readonly engine: SyncEngine;
  readonly dbName: string;
  readonly revoked: { count: number };
}

export const FAST_RETRIES = { baseMs: 2, capMs: 20 };

/** A device with a created, unlocked vault, enrolled as `userId`, its engine started but not yet synced. */
export async function enrolTestDevice(
  world: Pick<SyncWorld, 'baseUrl' | 'issueCode'>,
  userId: string,
  options: Partial<SyncEngineOptions> & { network?: NetworkPort } = {},
): Promise<TestDevice> {
  const { vault, dbName } = makeTestVault();
  await vault.create('correct horse battery staple');
  const network = options.network ?? createRegistryNetworkPort().network;
  await enrolDevice(vault, network, { endpointUrl: world.baseUrl(), code: await world.issueCode(userId), deviceName: `${userId} laptop` });
  const revoked = { count: 0 };
  const engine = new SyncEngine({
    vault,
    network,
    onRevoked: async () => {
      revoked.count++;
      await vault.eraseEverything();
    },
    periodMs: 3_600_000,
    retryPolicy: FAST_RETRIES,
    ...options,
  });
  await engine.start();
  return { vault, network, engine, dbName, revoked };
}

/**
 * The world and devices of one test file, closed after each test: call
 * `useSyncWorldPerTest()` at the top of a file, then `scene.start(...)` and
 * `scene.device(userId)` inside tests.
 */
export function useSyncWorldPerTest(afterEachHook: (cleanup: () => Promise<void>) => void) {
  const devices: TestDevice[] = [];
  const scene = {
    world: null as SyncWorld | null,
    async start(casesPerBatch?: number, limits?: Partial<ApiLimits>): Promise<SyncWorld> {
      scene.world = await createSyncWorld(casesPerBatch, limits);
      return scene.world;
    },
    async device(userId: string): Promise<TestDevice> {
      const created = await enrolTestDevice(scene.world!, userId);
      devices.push(created);
      return created;
    },
  };
  afterEachHook(async () => {
    for (const device of devices.splice(0)) device.engine.stop();
    await scene.world?.close();
    scene.world = null;
  });
  return scene;
}

/** Submits an outcome of the default template from a test device, as the review form does. */
export function submitDefaultOutcome(target: TestDevice, caseId: string, answers: Record<string, unknown> = VALID_ANSWERS) {
  return submitOutcome(target.vault, target.engine.outboxOrder, {
    caseId,
    templateId: DEFAULT_CSE_REVIEW_TEMPLATE.templateId,
    templateVersion: 1,
    answers: answers as never,
  });
}
