import Dexie from 'dexie';
import type { CaseFile } from '../../../shared/domain/case-file';
import { generateSyntheticCases } from '../../../shared/synthetic-cases/generate-synthetic-cases';
import type { KdfParameters, KeyDeriver } from '../../../renderer/vault/key-derivation';
import { Vault } from '../../../renderer/vault/vault';
import { VaultDatabase } from '../../../renderer/vault/vault-database';
import type { DeviceKeystore } from '../../../renderer/vault/device-keystore';

/**
 * Bench page (browser bundle, the app's Dexie 4 and vault code): plaintext
 * Dexie import/read of the same objects (the limit), the vault's encrypted
 * import/read, and unlock at the production KDF cost with the worker.
 */
declare global {
  interface Window {
    benchCases?: unknown[];
    vaultBench?: typeof vaultBench;
  }
}

const PASSPHRASE = 'bench passphrase, entirely fictional';

/** Same as the app's deriveInWorker; the worker is bundled to /kdf-worker.js for the bench page. */
const deriveInBenchWorker: KeyDeriver = (passphrase: string, parameters: KdfParameters) =>
  new Promise((resolve, reject) => {
    const worker = new Worker('/kdf-worker.js', { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ ok: boolean; kek?: Uint8Array<ArrayBuffer> }>) => {
      worker.terminate();
      if (event.data.ok && event.data.kek) resolve(event.data.kek);
      else reject(new Error('derivation failed'));
    };
    worker.onerror = () => reject(new Error('worker failed'));
    worker.postMessage({ passphrase, parameters });
  });

/** The bench has no main process: a keystore that reports no device binding (the vault then skips sealing). */
const noKeystore: DeviceKeystore = {
  status: async () => ({ available: false, backend: 'none', deviceBound: false }),
  seal: async () => {
    throw new Error('unused');
  },
  unseal: async () => {
    throw new Error('unused');
  },
};

let cases: CaseFile[] = [];
const vaults = new Map<number, Vault>();

const plainName = (run: number) => `bench-plain-${run}`;
const vaultName = (run: number) => `bench-vault-${run}`;

class PlainDatabase extends Dexie {
  constructor(name: string) {
    super(name);
    this.version(1).stores({ cases: 'caseId' });
  }
}

function makeVault(run: number): Vault {
  return new Vault({ db: new VaultDatabase(vaultName(run)), deriveKek: deriveInBenchWorker, keystore: noKeystore });
}

const vaultBench = {
  prepare(count: number): number {
    cases = generateSyntheticCases({ seed: 9000, count });
    window.benchCases = cases;
    return new TextEncoder().encode(JSON.stringify(cases)).length;
  },
  async plaintextImport(run: number): Promise<number> {
    const db = new PlainDatabase(plainName(run));
    await db.open();
    const started = performance.now();
    await db.table('cases').bulkPut(cases);
    const elapsed = performance.now() - started;
    db.close();
    return elapsed;
  },
  async plaintextRead(run: number): Promise<number> {
    const db = new PlainDatabase(plainName(run));
    await db.open();
    const started = performance.now();
    const rows = await db.table('cases').toArray();
    const elapsed = performance.now() - started;
    if (rows.length !== cases.length) throw new Error('plaintext read lost rows');
    db.close();
    return elapsed;
  },
  async vaultImport(run: number): Promise<number> {
    const vault = makeVault(run);
    await vault.create(PASSPHRASE);
    vaults.set(run, vault);
    const started = performance.now();
    await vault.putCases('batch-bench', cases);
    return performance.now() - started;
  },
  async vaultRead(run: number): Promise<number> {
    const vault = vaults.get(run)!;
    const started = performance.now();
    const listing = await vault.listCases();
    const elapsed = performance.now() - started;
    if (listing.cases.length !== cases.length || listing.damaged.length) throw new Error('vault read lost rows');
    return elapsed;
  },
  /** Passphrase to keys ready: Argon2id in the worker (64 MiB, t=3), unwrap vault and data keys. */
  async unlock(run: number): Promise<number> {
    await vaults.get(run)?.lock('manual');
    const vault = makeVault(run);
    const started = performance.now();
    await vault.unlock(PASSPHRASE);
    const elapsed = performance.now() - started;
    vaults.set(run, vault);
    return elapsed;
  },
  async cleanup(run: number): Promise<void> {
    await vaults.get(run)?.lock('manual');
    vaults.delete(run);
    await Promise.all([Dexie.delete(plainName(run)), Dexie.delete(vaultName(run))]);
  },
};

window.vaultBench = vaultBench;
