import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/storage';
import { dropSchemaOf, freshSchemaUrl, probePostgres } from './postgres-for-tests';

/** A database a suite runs against: SQLite in memory always, PostgreSQL (a fresh schema each) where reachable. */
export interface StorageTarget {
  readonly name: 'sqlite' | 'postgres';
  readonly open: () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>;
}

/** `migratedAt`: when the schema is migrated (migrations date what they backfill, e.g. token ages). */
export async function storageTargets(suite: string, migratedAt: string = new Date().toISOString()): Promise<StorageTarget[]> {
  const postgres = await probePostgres();
  const targets: StorageTarget[] = [
    {
      name: 'sqlite',
      open: async () => {
        const storage = openStorage(':memory:');
        await storage.migrate(migratedAt);
        return { storage, cleanup: () => storage.close() };
      },
    },
  ];
  if (postgres.available) {
    targets.push({
      name: 'postgres',
      open: async () => {
        const url = freshSchemaUrl(postgres.baseUrl);
        const storage = openStorage(url, { poolSize: 4 });
        await storage.migrate(migratedAt);
        return {
          storage,
          cleanup: async () => {
            await storage.close();
            await dropSchemaOf(url);
          },
        };
      },
    });
  } else console.log(`${suite}: skipping PostgreSQL — ${postgres.reason}`);
  return targets;
}
