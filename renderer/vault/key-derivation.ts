import { argon2id } from 'hash-wasm';
import { base64ToBytes } from './byte-encoding';

/**
 * Passphrase → key-encryption key (KEK) with Argon2id. The parameters are
 * stored with the vault so they can be raised later; a vault whose stored
 * parameters fall below OWASP's floor is refused rather than opened weakly.
 */
export interface KdfParameters {
  readonly algorithm: 'argon2id';
  /** Memory in KiB. */
  readonly memoryKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
  /** Base64 of a random 16-byte salt. */
  readonly salt: string;
}

/** OWASP Password Storage Cheat Sheet minimum for Argon2id: m = 19 MiB, t = 2, p = 1. */
export const KDF_FLOOR = { memoryKiB: 19 * 1024, iterations: 2 } as const;

/** What new vaults use: 64 MiB, t = 3, p = 1 (≈ 0.3–0.5 s in Chromium here). */
export const DEFAULT_KDF_COST = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 1 } as const;

export const KEK_LENGTH_BYTES = 32;
export const SALT_LENGTH_BYTES = 16;

export function assertKdfAboveFloor(parameters: Omit<KdfParameters, 'salt'>): void {
  if (
    parameters.algorithm !== 'argon2id' ||
    parameters.memoryKiB < KDF_FLOOR.memoryKiB ||
    parameters.iterations < KDF_FLOOR.iterations ||
    parameters.parallelism < 1
  ) {
    throw new Error('Key derivation parameters fall below the Argon2id floor');
  }
}

/** Runs Argon2id; returns the raw KEK bytes. The caller imports and then zeroes them. */
export async function deriveKeyEncryptionKeyBytes(
  passphrase: string,
  parameters: KdfParameters,
): Promise<Uint8Array<ArrayBuffer>> {
  assertKdfAboveFloor(parameters);
  const salt = base64ToBytes(parameters.salt);
  const derived = await argon2id({
    password: passphrase,
    salt,
    parallelism: parameters.parallelism,
    iterations: parameters.iterations,
    memorySize: parameters.memoryKiB,
    hashLength: KEK_LENGTH_BYTES,
    outputType: 'binary',
  });
  return new Uint8Array(derived);
}

/** How the vault runs the derivation: in a worker in the app, directly in Node tests. */
export type KeyDeriver = (passphrase: string, parameters: KdfParameters) => Promise<Uint8Array<ArrayBuffer>>;
