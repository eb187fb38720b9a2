import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { loadServerKeyFile } from '../../../server/cli/server-key-file';
import { FieldCipher } from '../../../server/storage/field-cipher';
import { openKeyedStorage, testKeyFileOf } from '../../../server/test-support/keyed-storage';
import type { AuditEvent } from '../../../shared/sync-protocol/audit';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CaseFile } from '../../../shared/domain/case-file';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import type { TemplateDefinition } from '../../../shared/review-template/template-definition';
import { generateSyntheticCases } from '../../../shared/synthetic-cases/generate-synthetic-cases';
import { createEnrolmentCode, sha256Hex } from '../../../server/http/device-credentials';
import type { Storage } from '../../../server/storage/storage';
import { startServerProcess } from '../../../server/test-support/spawn-server-process';

/**
 * The real central endpoint as a child process on a fixed loopback port (so
 * it can stop and start again at the origin the app enrolled with), over a
 * SQLite file seeded with a lead, two reviewers and a batch for alice.
 */
export interface SyncEndpoint {
  readonly url: string;
  /** The SQLite file (for the CLI's `--db`). */
  readonly database: string;
  readonly aliceCases: readonly CaseFile[];
  start(): Promise<void>;
  stop(): Promise<void>;
  issueCode(userId: string): Promise<string>;
  /** Opens the endpoint's database beside the running process (SQLite WAL allows it). */
  withStorage<Result>(use: (storage: Storage) => Promise<Result>): Promise<Result>;
  /** Every audit event the endpoint received, opened with the endpoint's key, in arrival order per device. */
  auditEvents(): AuditEvent[];
  close(): Promise<void>;
}

export async function startSyncEndpoint(
  options: {
    cases?: readonly CaseFile[];
    count?: number;
    /** Cases in a batch assigned to bob (alice cannot open them). */
    bobCases?: readonly CaseFile[];
    /** A next version of the template, set before bob's batch is made, so bob's batch answers it. */
    bobTemplate?: TemplateDefinition;
  } = {},
): Promise<SyncEndpoint> {
  const folder = mkdtempSync(path.join(tmpdir(), 'casedesk-endpoint-'));
  const database = path.join(folder, 'endpoint.sqlite');
  const aliceCases = options.cases ?? generateSyntheticCases({ seed: 4242, count: options.count ?? 20 });
  const now = new Date().toISOString();
  const seed = openKeyedStorage(database);
  await seed.migrate(new Date().toISOString());
  await seed.addUser({ userId: 'lead', displayName: 'Lead', role: 'lead' }, new Date().toISOString());
  await seed.addTeam({ teamId: 'north', name: 'North', leadId: 'lead' }, new Date().toISOString());
  await seed.addUser({ userId: 'alice', displayName: 'Alice', role: 'reviewer', teamId: 'north' }, new Date().toISOString());
  await seed.addUser({ userId: 'bob', displayName: 'Bob', role: 'reviewer', teamId: 'north' }, new Date().toISOString());
  await seed.setTemplate(DEFAULT_CSE_REVIEW_TEMPLATE, now);
  await seed.importCases(aliceCases, now);
  await seed.createBatch(
    { batchId: 'batch-alice', name: 'Batch of alice', caseIds: aliceCases.map((file) => file.caseId), assigneeId: 'alice', leadId: 'lead', templateId: 'cse-review', dueDate: '2026-12-31' },
    now,
  );
  if (options.bobCases?.length) {
    if (options.bobTemplate) await seed.setTemplate(options.bobTemplate, now);
    await seed.importCases(options.bobCases, now);
    await seed.createBatch(
      { batchId: 'batch-bob', name: 'Batch of bob', caseIds: options.bobCases.map((file) => file.caseId), assigneeId: 'bob', leadId: 'lead', templateId: 'cse-review', dueDate: '2026-12-31' },
      now,
    );
  }
  await seed.close();

  const port = await freePort();
  let process: Awaited<ReturnType<typeof startServerProcess>> | null = null;
  const endpoint: SyncEndpoint = {
    url: `http://127.0.0.1:${port}`,
    database,
    aliceCases,
    async start() {
      process = await startServerProcess(database, ['--port', String(port)]);
    },
    async stop() {
      await process?.stop();
      process = null;
    },
    async issueCode(userId) {
      const code = createEnrolmentCode();
      await endpoint.withStorage((storage) =>
        storage.createEnrolmentCode({ codeHash: sha256Hex(code), userId, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }, new Date().toISOString()),
      );
      return code;
    },
    async withStorage(use) {
      const storage = openKeyedStorage(database);
      try {
        return await use(storage);
      } finally {
        await storage.close();
      }
    },
    auditEvents() {
      const cipher = new FieldCipher(loadServerKeyFile(testKeyFileOf(database)));
      const raw = new Database(database, { readonly: true });
      try {
        const rows = raw.prepare('SELECT device_id, position, event FROM audit_events ORDER BY device_id, position').all() as { device_id: string; position: number; event: string }[];
        return rows.map((row) => JSON.parse(cipher.open('audit_events.event', `${row.device_id}/${row.position}`, row.event)) as AuditEvent);
      } finally {
        raw.close();
      }
    },
    async close() {
      await endpoint.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
  await endpoint.start();
  return endpoint;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
