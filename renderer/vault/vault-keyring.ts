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

async function openVaultKeyBytes(passphrase: string, row: VaultKeysRow, deps: KeyringDependencies) {
  if (row.formatVersion !== VAULT_FORMAT_VERSION) throw new VaultError('VaultMissing', 'Unknown vault format');
  const [wrapped, kek] = await Promise.all([
    loadWrappedVaultKey(row, deps.keystore),
    deriveKek(passphrase, row.kdf, deps),
  ]);
  try {
    return await unwrapKeyBytes(kek, wrapped, keyWrapAad('vault-key', VAULT_FORMAT_VERSION, row.vaultId));
  } catch {
    throw new VaultError('WrongPassphrase', 'The passphrase did not open the vault');
  }
}

export async function createVaultKeys(
  passphrase: string,
  deps: KeyringDependencies,
  now: number,
): Promise<{ row: VaultKeysRow; vaultKey: CryptoKey }> {
  const vaultId = `vault-${bytesToHex(randomBytes(12))}`;
  const kdf = freshKdf(deps);
  const [kek, status] = await Promise.all([deriveKek(passphrase, kdf, deps), deps.keystore.status()]);
  const keyBinding = status.available && status.deviceBound ? 'os-keystore' : 'none';
  const raw = generateRawKey();
  const wrappedVaultKey = await storeWrappedVaultKey(raw, kek, vaultId, keyBinding, deps.keystore);
  const vaultKey = await importAesKey(raw);
  return {
    row: { name: 'keys', formatVersion: VAULT_FORMAT_VERSION, vaultId, kdf, wrappedVaultKey, keyBinding, createdAt: now },
    vaultKey,
  };
}

/** Passphrase → KEK → vault key. WrongPassphrase if the KEK does not open the wrapped key. */
export async function openVaultKey(passphrase: string, row: VaultKeysRow, deps: KeyringDependencies): Promise<CryptoKey> {
  return importAesKey(await openVaultKeyBytes(passphrase, row, deps));
}

function kdfBelowCurrentCost(stored: KdfParameters, deps: KeyringDependencies): boolean {
  const cost = deps.kdfCost ?? { algorithm: 'argon2id' as const, ...DEFAULT_KDF_COST };
  return stored.memoryKiB < cost.memoryKiB || stored.iterations < cost.iterations || stored.parallelism < cost.parallelism;
}

/**
 * Unlock: the vault key, and — when the stored KDF cost is below what this
 * version uses — the same key re-wrapped under the current cost and a fresh
 * salt, for the caller to store. This is how raised parameters reach old vaults.
 */
export async function openVaultKeyRaisingKdf(
  passphrase: string,
  row: VaultKeysRow,
  deps: KeyringDependencies,
): Promise<{ vaultKey: CryptoKey; upgradedRow: VaultKeysRow | null }> {
  const raw = await openVaultKeyBytes(passphrase, row, deps);
  if (!kdfBelowCurrentCost(row.kdf, deps)) return { vaultKey: await importAesKey(raw), upgradedRow: null };
  try {
    const kdf = freshKdf(deps);
    const kek = await deriveKek(passphrase, kdf, deps);
    const wrappedVaultKey = await storeWrappedVaultKey(raw, kek, row.vaultId, row.keyBinding, deps.keystore);
    return { vaultKey: await importAesKey(raw), upgradedRow: { ...row, kdf, wrappedVaultKey } };
  } finally {
    raw.fill(0);
  }
}

/**
 * Change of passphrase: the same vault key, wrapped under a KEK from the new
 * passphrase with a fresh salt (and the current KDF cost). Data is not touched.
 */
export async function rewrapVaultKey(
  currentPassphrase: string,
  nextPassphrase: string,
  row: VaultKeysRow,
  deps: KeyringDependencies,
): Promise<VaultKeysRow> {
  const raw = await openVaultKeyBytes(currentPassphrase, row, deps);
  try {
    const kdf = freshKdf(deps);
    const kek = await deriveKek(nextPassphrase, kdf, deps);
    const wrappedVaultKey = await storeWrappedVaultKey(raw, kek, row.vaultId, row.keyBinding, deps.keystore);
    return { ...row, kdf, wrappedVaultKey };
  } finally {
    raw.fill(0);
  }
}
