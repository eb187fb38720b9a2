import type { KeystoreStatus } from '../../shared/ipc/contract';
import type { DeviceKeystore } from './device-keystore';
import { deriveKeyEncryptionKeyBytes, KDF_FLOOR } from './key-derivation';
import { VaultDatabase } from './vault-database';
import { Vault, type VaultDependencies } from './vault';
import type { KdfCost } from './vault-keyring';

/** For unit tests only (never imported by the app): a vault over fake-indexeddb with a fake OS keystore. */

/** The OWASP floor keeps unit tests quick while still running real Argon2id. */
export const TEST_KDF_COST: KdfCost = { algorithm: 'argon2id', memoryKiB: KDF_FLOOR.memoryKiB, iterations: KDF_FLOOR.iterations, parallelism: 1 };

export class FakeKeystore implements DeviceKeystore {
  sealCalls = 0;
  failUnseal = false;
  constructor(private readonly backend: { deviceBound: boolean; backend?: string } = { deviceBound: true }) {}
  async status(): Promise<KeystoreStatus> {
    return { available: true, backend: this.backend.backend ?? 'fake', deviceBound: this.backend.deviceBound };
  }
  async seal(secret: string): Promise<string> {
    this.sealCalls++;
    return btoa(`sealed:${secret}`);
  }
  async unseal(sealed: string): Promise<string> {
    const opened = atob(sealed);
    if (this.failUnseal || !opened.startsWith('sealed:')) throw new Error('unseal failed');
    return opened.slice('sealed:'.length);
  }
}

let databaseCounter = 0;

export function uniqueDatabaseName(): string {
  databaseCounter++;
  return `casedesk-vault-test-${databaseCounter}-${crypto.randomUUID()}`;
}

export function makeTestVault(
  overrides: Partial<VaultDependencies> & { dbName?: string } = {},
): { vault: Vault; db: VaultDatabase; keystore: DeviceKeystore; dbName: string } {
  const dbName = overrides.dbName ?? uniqueDatabaseName();
  const db = overrides.db ?? new VaultDatabase(dbName);
  const keystore = overrides.keystore ?? new FakeKeystore();
  const vault = new Vault({
    deriveKek: deriveKeyEncryptionKeyBytes,
    kdfCost: TEST_KDF_COST,
    ...overrides,
    db,
    keystore,
  });
  return { vault, db, keystore, dbName };
}

/** Raw rows of one object store, read with the plain IndexedDB API (no Dexie, no middleware). */
export function readRawRows(dbName: string, storeName: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const database = open.result;
      const request = database.transaction(storeName, 'readonly').objectStore(storeName).getAll();
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        database.close();
        resolve(request.result as Record<string, unknown>[]);
      };
    };
  });
}

/** Rewrites one raw row with the plain IndexedDB API, as an attacker with the disk could. */
export function writeRawRow(dbName: string, storeName: string, row: unknown): Promise<void> {
  return changeRawStore(dbName, storeName, (store) => store.put(row));
}

/** Deletes one raw row with the plain IndexedDB API: no key is needed to delete, only the disk. */
export function deleteRawRow(dbName: string, storeName: string, key: IDBValidKey): Promise<void> {
  return changeRawStore(dbName, storeName, (store) => store.delete(key));
}

function changeRawStore(dbName: string, storeName: string, change: (store: IDBObjectStore) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const database = open.result;
      const transaction = database.transaction(storeName, 'readwrite');
      change(transaction.objectStore(storeName));
      transaction.oncomplete = () => {
        database.close();
        resolve();
      };
      transaction.onerror = () => reject(transaction.error);
    };
  });
}

/** A stand-in for the vault session's clear-on-lock registry: `lock()` empties every store registered with it. */
export function fakeLockSession(): { register: (clear: () => void) => () => void; lock: () => void } {
  const clears = new Set<() => void>();
  return {
    register: (clear) => {
      clears.add(clear);
      return () => clears.delete(clear);
    },
    lock: () => clears.forEach((clear) => clear()),
  };
}
