import 'fake-indexeddb/auto';
import { openKeyedStorage } from '../../server/test-support/keyed-storage';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import { createEnrolmentCode, sha256Hex } from '../../server/http/device-credentials';
import type { Storage } from '../../server/storage/storage';
import { startServerProcess } from '../../server/test-support/spawn-server-process';
import { seedReviewWorld, VALID_ANSWERS } from '../../server/test-support/seed-review-world';
import { enrolDevice } from '../../renderer/sync/enrol-device';
import { SyncEngine } from '../../renderer/sync/sync-engine';
import { submitOutcome } from '../../renderer/sync/submit-outcome';
import { syncTables } from '../../renderer/sync/sync-records';
import { makeTestVault } from '../../renderer/vault/vault-test-support';
import { openEndpointConfigStore } from '../../electron/network/endpoint-config-store';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { createRegistryNetworkPort } from '../support/registry-network-port';
import { FAST_RETRIES } from '../support/sync-world';

/**
 * Chaos: the real endpoint process behind a fault-injecting proxy that drops
 * 20% of connections, answers 10% with 503, drops 10% of responses after the
 * endpoint committed, and adds latency. 2,000 outcomes from one device's
 * outbox must land exactly once each, and the outbox must empty, in bounded time.
 */
const OUTCOMES = 2_000;

describe('sync through a faulty network', () => {
  let folder: string;
  let database: string;
  let endpoint: Awaited<ReturnType<typeof startServerProcess>>;
  let proxy: FaultProxy;
  let caseIds: string[];
  let code: string;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'casedesk-chaos-'));
    database = path.join(folder, 'chaos.sqlite');
    const storage: Storage = openKeyedStorage(database);
    await storage.migrate(new Date().toISOString());
    caseIds = (await seedReviewWorld(storage, OUTCOMES)).batches.alice!;
    code = createEnrolmentCode();
    await storage.createEnrolmentCode({ codeHash: sha256Hex(code), userId: 'alice', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }, new Date().toISOString());
    await storage.close();
    endpoint = await startServerProcess(database);
    proxy = await startFaultProxy({
      target: endpoint.baseUrl,
      seed: 7,
      dropConnection: 0.2,
      serviceUnavailable: 0.1,
      dropResponse: 0.1,
      latencyMs: { min: 0, max: 15 },
    });
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await endpoint?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('delivers 2,000 outcomes exactly once each and empties the outbox', async () => {
    const { vault } = makeTestVault();
    await vault.create('correct horse battery staple');
    const { network } = createRegistryNetworkPort();
    // Enrolment too goes through the faulty link; a lost 201 burns the code, so enrol directly.
    await enrolDevice(vault, network, { endpointUrl: endpoint.baseUrl, code, deviceName: 'chaos laptop' });
    const engine = new SyncEngine({ vault, network, onRevoked: async () => undefined, periodMs: 3_600_000, retryPolicy: FAST_RETRIES, triesPerRequest: 8 });
    await engine.start();
    await engine.requestSync();
    expect((await vault.listCases()).cases).toHaveLength(OUTCOMES);

    for (const caseId of caseIds) {
      await submitOutcome(vault, engine.outboxOrder, { caseId, templateId: DEFAULT_CSE_REVIEW_TEMPLATE.templateId, templateVersion: 1, answers: VALID_ANSWERS });
    }
    await engine.refreshCounts();
    expect(engine.snapshot().waiting).toBe(OUTCOMES);

    // The same device, now behind the faulty link: main's saved endpoint is the proxy's origin.
    engine.stop();
    const chaosConfigDir = mkdtempSync(path.join(folder, 'main-'));
    openEndpointConfigStore(chaosConfigDir, () => undefined).save({ origin: proxy.url, spkiPin: null });
    const chaosEngine = new SyncEngine({
      vault,
      network: createRegistryNetworkPort({ mainConfigDir: chaosConfigDir }).network,
      onRevoked: async () => undefined,
      periodMs: 3_600_000,
      retryPolicy: FAST_RETRIES,
      triesPerRequest: 8,
    });
    await chaosEngine.start();
    const deadline = Date.now() + 240_000;
    for (let run = 0; run < 200 && chaosEngine.snapshot().waiting > 0 && Date.now() < deadline; run++) {
      await chaosEngine.requestSync();
    }
    chaosEngine.stop();

    expect(chaosEngine.snapshot().waiting).toBe(0);
    expect(await syncTables(vault).outbox.count()).toBe(0);
    const counts = proxy.counts();
    expect(counts.connectionsDropped).toBeGreaterThan(0);
    expect(counts.responsesDropped).toBeGreaterThan(0);
    expect(counts.serviceUnavailable).toBeGreaterThan(0);

    const check = openKeyedStorage(database);
    try {
      for (const caseId of caseIds) {
        const versions = await check.listReviewVersions(caseId);
        expect(versions, caseId).toHaveLength(1);
        expect((await check.getReview(caseId))?.version).toBe(1);
      }
    } finally {
      await check.close();
    }
  }, 300_000);
});
