import Database from 'better-sqlite3';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../shared/sync-protocol/audit';
import { openStorage } from '../open-storage';
import { ALL_MIGRATIONS } from './all-migrations';

describe('migration 004 on a database with enrolled devices', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'casedesk-migration-004-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('counts existing tokens from the upgrade, so old devices are not locked out at once', async () => {
    const database = path.join(folder, 'old.sqlite');
    const raw = new Database(database);
    raw.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const migration of ALL_MIGRATIONS.filter((step) => step.id < 4)) {
      raw.exec(migration.sqlite);
      raw.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(migration.id, migration.name, '2024-01-01T00:00:00.000Z');
    }
    raw.prepare("INSERT INTO users (user_id, display_name, role, created_at) VALUES ('old', 'Old', 'reviewer', '2024-01-01T00:00:00.000Z')").run();
    raw
      .prepare('INSERT INTO devices (device_id, user_id, name, public_key, token_hash, enrolled_at, last_seen_at, audit_last_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run('dev-old', 'old', 'laptop', '{}', 'h', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', GENESIS_HASH);
    raw.close();
    chmodSync(database, 0o600);

    const before = Date.now();
    const storage = openStorage(database);
    try {
      await storage.migrate(new Date().toISOString());
      const device = await storage.getDevice('dev-old');
      expect(device?.tokenIssuedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(device!.tokenIssuedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(device?.enrolledAt).toBe('2024-01-01T00:00:00.000Z');
    } finally {
      await storage.close();
    }
  });
});
