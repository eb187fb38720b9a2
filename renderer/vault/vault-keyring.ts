import { base64ToBytes, bytesToBase64, bytesToHex, randomBytes } from './byte-encoding';
import type { DeviceKeystore } from './device-keystore';
import {
  DEFAULT_KDF_COST,
  SALT_LENGTH_BYTES,
  assertKdfAboveFloor,
  type KdfParameters,
  type KeyDeriver,
} from './key-derivation';
import { generateRawKey, importAesKey, keyWrapAad, unwrapKeyBytes, wrapKeyBytes } from './key-hierarchy';
import type { VaultKeysRow } from './vault-database';
import { VaultError } from './vault-error';

/** The vault's key format: raise it (and migrate) when the hierarchy changes. */
export const VAULT_FORMAT_VERSION = 1;

export type KdfCost = Omit<KdfParameters, 'salt'>;

export interface KeyringDependencies {
  readonly deriveKek: KeyDeriver;
  readonly keystore: DeviceKeystore;
  readonly kdfCost?: KdfCost;
}

/**
 * The passphrase as Argon2id sees it, after RFC 8265's OpaqueString profile:
 * every non-ASCII space (Unicode Zs) becomes U+0020, then Unicode NFC. So "é"
 * typed precomposed on one keyboard and as "e" plus a combining accent on
 * another derive the same key. Creation, unlock and change all derive here.
 */
export function normalisePassphrase(passphrase: string): string {
  return passphrase.replace(/\p{Zs}/gu, ' ').normalize('NFC');
}

async function deriveKek(passphrase: string, kdf: KdfParameters, deps: KeyringDependencies): Promise<CryptoKey> {
  return importAesKey(await deps.deriveKek(normalisePassphrase(passphrase), kdf));
}

function freshKdf(deps: KeyringDependencies): KdfParameters {
  const cost = deps.kdfCost ?? { algorithm: 'argon2id' as const, ...DEFAULT_KDF_COST };
  assertKdfAboveFloor(cost);
  return { ...cost, salt: bytesToBase64(randomBytes(SALT_LENGTH_BYTES)) };
}

/** Wraps under the KEK and, where the OS keystore binds to the device, seals the result with it. */
async function storeWrappedVaultKey(
  raw: Uint8Array<ArrayBuffer>,
  kek: CryptoKey,
  vaultId: string,
  keyBinding: VaultKeysRow['keyBinding'],
  keystore: DeviceKeystore,
): Promise<string> {
  const wrapped = bytesToBase64(await wrapKeyBytes(kek, raw, keyWrapAad('vault-key', VAULT_FORMAT_VERSION, vaultId)));
  return keyBinding === 'os-keystore' ? keystore.seal(wrapped) : wrapped;
}

async function loadWrappedVaultKey(row: VaultKeysRow, keystore: DeviceKeystore): Promise<Uint8Array<ArrayBuffer>> {
  if (row.keyBinding === 'none') return base64ToBytes(row.wrappedVaultKey);
  try {
    return base64ToBytes(await keystore.unseal(row.wrappedVaultKey));
  } catch {
    throw new VaultError(
      'KeystoreUnsealFailed',
      "This computer's keystore could not open the vault key (another device or user?)",
    );
  }
}

/** The raw vault key and the KEK that opened it; the caller zeroes `raw`. */
async function openVaultKeyWithKek(
  passphrase: string,
  row: VaultKeysRow,
  deps: KeyringDependencies,
): Promise<{ raw: Uint8Array<ArrayBuffer>; kek: CryptoKey }> {
  if (row.formatVersion !== VAULT_FORMAT_VERSION) throw new VaultError('VaultMissing', 'Unknown vault format');
  const [wrapped, kek] = await Promise.all([
    loadWrappedVaultKey(row, deps.keystore),
    deriveKek(passphrase, row.kdf, deps),
  ]);
  try {
    return { raw: await unwrapKeyBytes(kek, wrapped, keyWrapAad('vault-key', VAULT_FORMAT_VERSION, row.vaultId)), kek };
  } catch {
    throw new VaultError('WrongPassphrase', 'The passphrase did not open the vault');
  }
}

async function openVaultKeyBytes(passphrase: string, row: VaultKeysRow, deps: KeyringDependencies) {
  return (await openVaultKeyWithKek(passphrase, row, deps)).raw;
}

/** A KEK and the fresh derivation parameters (current cost, new salt) it came from. */
export interface FreshKek {
  readonly kek: CryptoKey;
  readonly kdf: KdfParameters;
}

export async function createVaultKeys(
  passphrase: string,
  deps: KeyringDependencies,
  now: number,
): Promise<{ row: VaultKeysRow; vaultKey: CryptoKey; kek: CryptoKey }> {
  const vaultId = `vault-${bytesToHex(randomBytes(12))}`;
  const kdf = freshKdf(deps);
  const [kek, status] = await Promise.all([deriveKek(passphrase, kdf, deps), deps.keystore.status()]);
  const keyBinding = status.available && status.deviceBound ? 'os-keystore' : 'none';
  const raw = generateRawKey();
  const wrappedVaultKey = await storeWrappedVaultKey(raw, kek, vaultId, keyBinding, deps.keystore);
  const vaultKey = await importAesKey(raw);
  return {
    row: {
      name: 'keys',
      formatVersion: VAULT_FORMAT_VERSION,
      vaultId,
      kdf,
      wrappedVaultKey,
      keyBinding,
      createdAt: now,
      rotation: 0,
    },
    vaultKey,
    kek,
  };
}

/** Passphrase → KEK → vault key. WrongPassphrase if the KEK does not open the wrapped key. */
export async function openVaultKey(passphrase: string, row: VaultKeysRow, deps: KeyringDependencies): Promise<CryptoKey> {
  return importAesKey(await openVaultKeyBytes(passphrase, row, deps));
}

/** Resolves when `passphrase` opens the stored vault key; WrongPassphrase otherwise. */
export async function checkPassphrase(passphrase: string, row: VaultKeysRow, deps: KeyringDependencies): Promise<void> {
  (await openVaultKeyBytes(passphrase, row, deps)).fill(0);
}

function kdfBelowCurrentCost(stored: KdfParameters, deps: KeyringDependencies): boolean {
  const cost = deps.kdfCost ?? { algorithm: 'argon2id' as const, ...DEFAULT_KDF_COST };
  return stored.memoryKiB < cost.memoryKiB || stored.iterations < cost.iterations || stored.parallelism < cost.parallelism;
}

/**
 * Unlock: the vault key and the KEK (kept while unlocked, so a batch erase
 * can rotate the vault key without asking for the passphrase) and — when the
 * stored KDF cost is below what this version uses — the same vault key
 * re-wrapped under the current cost and a fresh salt, for the caller to
 * store. This is how raised parameters reach old vaults.
 */
export async function openVaultKeyRaisingKdf(
  passphrase: string,
  row: VaultKeysRow,
  deps: KeyringDependencies,
): Promise<{ vaultKey: CryptoKey; kek: CryptoKey; upgradedRow: VaultKeysRow | null }> {
  const { raw, kek: storedKek } = await openVaultKeyWithKek(passphrase, row, deps);
  try {
    if (!kdfBelowCurrentCost(row.kdf, deps)) return { vaultKey: await importAesKey(raw.slice()), kek: storedKek, upgradedRow: null };
    const { kek, kdf } = await freshKek(passphrase, deps);
    const wrappedVaultKey = await storeWrappedVaultKey(raw, kek, row.vaultId, row.keyBinding, deps.keystore);
    return { vaultKey: await importAesKey(raw.slice()), kek, upgradedRow: { ...row, kdf, wrappedVaultKey } };
  } finally {
    raw.fill(0);
  }
}

/** A KEK from `passphrase` under the current KDF cost and a fresh salt (creation, change of passphrase). */
export async function freshKek(passphrase: string, deps: KeyringDependencies): Promise<FreshKek> {
  const kdf = freshKdf(deps);
  return { kek: await deriveKek(passphrase, kdf, deps), kdf };
}

/**
 * Key rotation: a new random vault key, wrapped under `kek` (and sealed by
 * the OS keystore when the vault is device-bound), to replace the stored one.
 */
export async function wrapNewVaultKey(
  kek: CryptoKey,
  row: VaultKeysRow,
  deps: KeyringDependencies,
): Promise<{ wrappedVaultKey: string; vaultKey: CryptoKey }> {
  const raw = generateRawKey();
  const wrappedVaultKey = await storeWrappedVaultKey(raw, kek, row.vaultId, row.keyBinding, deps.keystore);
  return { wrappedVaultKey, vaultKey: await importAesKey(raw) };
}
