import Dexie from 'dexie';
import { applyEncryptionMiddleware, clearAllTables, cryptoOptions } from 'dexie-encrypted';

/**
 * Bench page (browser bundle, Dexie 3): the import the vault is compared
 * with — dexie-encrypted 2.x encrypting every non-indexed field
 * (tweetnacl secretbox, synchronous, inside Dexie's hooks).
 */
declare global {
  interface Window {
    benchCases?: unknown[];
    dexieEncryptedBench?: { importRun(run: number): Promise<number>; cleanup(run: number): Promise<void> };
  }
}

const databaseName = (run: number) => `bench-dexie-encrypted-${run}`;

window.dexieEncryptedBench = {
  async importRun(run) {
    const cases = window.benchCases;
    if (!cases) throw new Error('benchCases not prepared');
    const db = new Dexie(databaseName(run)) as Dexie & { cases: Dexie.Table<unknown, string> };
    const key = crypto.getRandomValues(new Uint8Array(32));
    applyEncryptionMiddleware(db, key, { cases: cryptoOptions.NON_INDEXED_FIELDS }, clearAllTables);
    db.version(1).stores({ cases: 'caseId' });
    await db.open();
    const started = performance.now();
    await db.table('cases').bulkPut(cases);
    const elapsed = performance.now() - started;
    db.close();
    return elapsed;
  },
  async cleanup(run) {
    await Dexie.delete(databaseName(run));
  },
};
