import { describe, expect, it } from 'vitest';
import { assertKdfAboveFloor, deriveKeyEncryptionKeyBytes, KDF_FLOOR, type KdfParameters } from './key-derivation';
import { TEST_KDF_COST } from './vault-test-support';

const salt = (byte: number) => btoa(String.fromCharCode(...new Array(16).fill(byte)));

describe('Argon2id key derivation', () => {
  it('is deterministic for one passphrase and salt, and differs with the salt or the passphrase', async () => {
    const parameters: KdfParameters = { ...TEST_KDF_COST, salt: salt(1) };
    const first = await deriveKeyEncryptionKeyBytes('correct horse battery', parameters);
    const again = await deriveKeyEncryptionKeyBytes('correct horse battery', parameters);
    const otherSalt = await deriveKeyEncryptionKeyBytes('correct horse battery', { ...parameters, salt: salt(2) });
    const otherPassphrase = await deriveKeyEncryptionKeyBytes('correct horse batterz', parameters);
    expect(first).toHaveLength(32);
    expect(again).toEqual(first);
    expect(otherSalt).not.toEqual(first);
    expect(otherPassphrase).not.toEqual(first);
  });

  it('refuses parameters below the OWASP floor', async () => {
    expect(() => assertKdfAboveFloor({ ...TEST_KDF_COST, memoryKiB: KDF_FLOOR.memoryKiB - 1 })).toThrow();
    expect(() => assertKdfAboveFloor({ ...TEST_KDF_COST, iterations: 1 })).toThrow();
    await expect(
      deriveKeyEncryptionKeyBytes('correct horse battery', { ...TEST_KDF_COST, iterations: 1, salt: salt(1) }),
    ).rejects.toThrow(/floor/);
  });
});
