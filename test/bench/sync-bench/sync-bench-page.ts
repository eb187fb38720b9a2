import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import type { OutcomeAnswers } from '../../../shared/review-template/validate-outcome';
import { createUuidV7 } from '../../../shared/sync-protocol/uuid-v7';
import { enrolDevice } from '../../../renderer/sync/enrol-device';
import type { NetworkPort } from '../../../renderer/sync/network-port';
import { sealOutboxEntries } from '../../../renderer/sync/outbox';
import { sealReview } from '../../../renderer/sync/submit-outcome';
import { SyncEngine, type SyncPhase } from '../../../renderer/sync/sync-engine';
import { syncTables } from '../../../renderer/sync/sync-records';
import { mainProcessKeystore } from '../../../renderer/vault/device-keystore';
import { deriveKeyEncryptionKeyBytes, KDF_FLOOR } from '../../../renderer/vault/key-derivation';
import { Vault } from '../../../renderer/vault/vault';
import { VaultDatabase } from '../../../renderer/vault/vault-database';

/**
 * The sync bench's page: the real renderer sync engine and vault in
 * Chromium, talking to the endpoint through `window.casedesk.network` (the
 * harness bridge to main's real handlers), as the app does.
 */
let vault: Vault;
let engine: SyncEngine;
/**
 * Time spent waiting on main (IPC + HTTP + the endpoint), so the vault's
 * share can be told apart: the time at least one call was on its way (calls
 * overlap when a push continuation follows the call in flight).
 */
let networkMs = 0;
let callsOnTheirWay = 0;
let waitingSince = 0;

function timedNetwork(): NetworkPort {
  const real = window.casedesk.network as unknown as Record<string, (input?: unknown) => Promise<unknown>>;
  const timed: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const [call, invoke] of Object.entries(real)) {
    timed[call] = async (input?: unknown) => {
      if (callsOnTheirWay++ === 0) waitingSince = performance.now();
      try {
        return await invoke(input);
      } finally {
        if (--callsOnTheirWay === 0) networkMs += performance.now() - waitingSince;
      }
    };
  }
  return timed as unknown as NetworkPort;
}

/** Resolves with the time each phase began, once the run ends. */
function timeOneRun(start: () => void): Promise<Partial<Record<SyncPhase | 'end', number>>> {
  const marks: Partial<Record<SyncPhase | 'end', number>> = {};
  return new Promise((resolve) => {
    const unsubscribe = engine.subscribe((status) => {
      if (status.phase !== 'idle' && marks[status.phase] === undefined) marks[status.phase] = performance.now();
      if (status.phase === 'idle' && marks.probing !== undefined) {
        marks.end = performance.now();
        unsubscribe();
        resolve(marks);
      }
    });
    start();
  });
}

const bench = {
  async setup(endpointUrl: string, code: string): Promise<void> {
    vault = new Vault({
      db: new VaultDatabase(`sync-bench-${crypto.randomUUID()}`),
      deriveKek: deriveKeyEncryptionKeyBytes,
      kdfCost: { algorithm: 'argon2id', memoryKiB: KDF_FLOOR.memoryKiB, iterations: KDF_FLOOR.iterations, parallelism: 1 },
      keystore: mainProcessKeystore,
    });
    await vault.create('sync bench passphrase 2026');
    await enrolDevice(vault, window.casedesk.network, { endpointUrl, code, deviceName: 'bench laptop' });
    engine = new SyncEngine({ vault, network: timedNetwork(), onRevoked: async () => undefined, periodMs: 3_600_000 });
  },

  /** A fresh device's first sync: everything assigned is pulled into the vault. */
  async pullEverything(): Promise<{ pullMs: number; cases: number; networkMs: number }> {
    networkMs = 0;
    const marks = await timeOneRun(() => void engine.start());
    const cases = await vault.table('cases').count();
    return { pullMs: (marks.end ?? 0) - (marks.pulling ?? 0), cases, networkMs };
  },

  /** Queues one outcome per held case as a submission would (review record + outbox entry), in chunks. */
  async queueOutcomes(answers: OutcomeAnswers): Promise<number> {
    const tables = syncTables(vault);
    const { cases } = await vault.listCases();
    for (let start = 0; start < cases.length; start += 500) {
      const chunk = cases.slice(start, start + 500);
      const submittedAt = new Date().toISOString();
      const items = chunk.map((stored) => ({
        batchId: stored.batchId,
        mutation: {
          mutationId: createUuidV7(),
          type: 'review.submit' as const,
          caseId: stored.caseFile.caseId,
          baseVersion: 0,
          payload: { templateId: DEFAULT_CSE_REVIEW_TEMPLATE.templateId, templateVersion: 1, answers },
        },
      }));
      const reviewWrites = await Promise.all(
        items.map((item) =>
          sealReview(tables, item.batchId, {
            caseId: item.mutation.caseId,
            server: null,
            pending: { mutationId: item.mutation.mutationId, ...item.mutation.payload, baseVersion: 0, submittedAt },
            conflict: null,
            rejection: null,
          }),
        ),
      );
      await vault.commit([...reviewWrites, await sealOutboxEntries(tables, items, engine.outboxOrder, submittedAt)]);
    }
    await engine.refreshCounts();
    return engine.snapshot().waiting;
  },

  /** One sync run; the push phase is timed on its own (the run then pulls the new review versions). */
  async pushOutbox(): Promise<{ pushMs: number; waiting: number; networkMs: number }> {
    networkMs = 0;
    let pushNetworkMs = 0;
    const marks = await timeOneRun(() => {
      engine.subscribe((status) => {
        if (status.phase === 'uploading-audit' && pushNetworkMs === 0) pushNetworkMs = networkMs;
      });
      void engine.requestSync();
    });
    return { pushMs: (marks['uploading-audit'] ?? 0) - (marks.pushing ?? 0), waiting: engine.snapshot().waiting, networkMs: pushNetworkMs };
  },
};

(window as unknown as { syncBench: typeof bench }).syncBench = bench;
