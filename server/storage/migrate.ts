import { z } from 'zod';
import { ALL_MIGRATIONS } from './migrations/all-migrations';
import type { SqlDriver } from './sql-driver';
import { parseRows, sqlInteger } from './sql-row';

const appliedRow = z.object({ id: sqlInteger });

/** Applies the numbered migrations not yet applied, in one exclusive transaction. */
export async function migrate(driver: SqlDriver, now: string): Promise<void> {
  await driver.migrate(async (dialect, runScript, tx) => {
    await runScript('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set(parseRows(appliedRow, await tx.all('SELECT id FROM schema_migrations'), 'schema migration').map((row) => row.id));
    for (const migration of ALL_MIGRATIONS) {
      if (done.has(migration.id)) continue;
      await runScript(migration[dialect]);
      await tx.run('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)', [migration.id, migration.name, now]);
    }
  });
}
