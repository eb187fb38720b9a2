import { describe, expect, it } from 'vitest';
import { deriveKeyEncryptionKeyBytes } from './key-derivation';
import { checkPassphrase, createVaultKeys, freshKek, openVaultKey, wrapNewVaultKey, type KeyringDependencies } from './vault-keyring';
import { FakeKeystore, TEST_KDF_COST } from './vault-test-support';
import { isVaultError } from './vault-error';

const passphrase = 'a long enough passphrase';

function deps(keystore = new FakeKeystore()): KeyringDependencies & { keystore: FakeKeystore } {
  return { deriveKek: deriveKeyEncryptionKeyBytes, kdfCost: TEST_KDF_COST, keystore };
}

async function roundTrips(created: CryptoKey, opened: CryptoKey): Promise<boolean> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, created, new TextEncoder().encode('probe'));
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, opened, sealed);
  return new TextDecoder().decode(plain) === 'probe';
}

describe('vault key hierarchy', () => {
  it('wraps a random vault key under the KEK, seals it with the OS keystore, and opens it again', async () => {
    const dependencies = deps();
    const { row, vaultKey } = await createVaultKeys(passphrase, dependencies, 0);
    expect(row.keyBinding).toBe('os-keystore');
    expect(dependencies.keystore.sealCalls).toBe(1);
    expect(row.kdf).toMatchObject({ algorithm: 'argon2id', memoryKiB: TEST_KDF_COST.memoryKiB });
    expect(vaultKey.extractable).toBe(false);
    const opened = await openVaultKey(passphrase, row, dependencies);
    expect(await roundTrips(vaultKey, opened)).toBe(true);
  });

  it('rejects a wrong passphrase with WrongPassphrase', async () => {
    const dependencies = deps();
    const { row } = await createVaultKeys(passphrase, dependencies, 0);
    const failure = await openVaultKey('a long enough passphrasf', row, dependencies).catch((error: unknown) => error);
    expect(isVaultError(failure, 'WrongPassphrase')).toBe(true);
  });

  it('does not seal with an OS keystore that is not bound to the device (Linux basic_text)', async () => {
    const keystore = new FakeKeystore({ deviceBound: false, backend: 'basic_text' });
    const { row, vaultKey } = await createVaultKeys(passphrase, deps(keystore), 0);
    expect(row.keyBinding).toBe('none');
    expect(keystore.sealCalls).toBe(0);
    expect(await roundTrips(vaultKey, await openVaultKey(passphrase, row, deps(keystore)))).toBe(true);
  });

  it('reports KeystoreUnsealFailed when the OS keystore cannot open the sealed key (profile copied elsewhere)', async () => {
    const keystore = new FakeKeystore();
    const { row } = await createVaultKeys(passphrase, deps(keystore), 0);
    keystore.failUnseal = true;
    const failure = await openVaultKey(passphrase, row, deps(keystore)).catch((error: unknown) => error);
    expect(isVaultError(failure, 'KeystoreUnsealFailed')).toBe(true);
  });

  it('rotation wraps a new vault key under a KEK from a fresh salt; the old passphrase does not open it', async () => {
    const dependencies = deps();
    const { row, vaultKey } = await createVaultKeys(passphrase, dependencies, 0);
    const { kek, kdf } = await freshKek('another long passphrase', dependencies);
    const rotated = await wrapNewVaultKey(kek, row, dependencies);
    const next = { ...row, kdf, wrappedVaultKey: rotated.wrappedVaultKey };
    expect(next.kdf.salt).not.toBe(row.kdf.salt);
    expect(await roundTrips(rotated.vaultKey, await openVaultKey('another long passphrase', next, dependencies))).toBe(true);
    expect(await roundTrips(vaultKey, rotated.vaultKey).catch(() => false)).toBe(false);
    const old = await openVaultKey(passphrase, next, dependencies).catch((error: unknown) => error);
    expect(isVaultError(old, 'WrongPassphrase')).toBe(true);
  });

  describe('passphrases are NFC-normalised before derivation (RFC 8265 OpaqueString)', () => {
    // "Émilie café naïve" typed with precomposed letters, and with base letters plus combining marks.
    const composed = '\u00c9milie caf\u00e9 na\u00efve';
    const decomposed = 'E\u0301milie cafe\u0301 nai\u0308ve';

    it('a vault made with one form opens with the other, both ways', async () => {
      expect(composed).not.toBe(decomposed);
      const dependencies = deps();
      const fromDecomposed = await createVaultKeys(decomposed, dependencies, 0);
      expect(await roundTrips(fromDecomposed.vaultKey, await openVaultKey(composed, fromDecomposed.row, dependencies))).toBe(true);
      const fromComposed = await createVaultKeys(composed, dependencies, 0);
      expect(await roundTrips(fromComposed.vaultKey, await openVaultKey(decomposed, fromComposed.row, dependencies))).toBe(true);
      // A no-break space (U+00A0) from another layout counts as a space.
      expect(await roundTrips(fromComposed.vaultKey, await openVaultKey(composed.replace(' ', '\u00a0'), fromComposed.row, dependencies))).toBe(true);
    });

    it('a change of passphrase accepts the current one in either form and sets the next one for both', async () => {
      const dependencies = deps();
      const { row } = await createVaultKeys(composed, dependencies, 0);
      await checkPassphrase(decomposed, row, dependencies);
      const { kek, kdf } = await freshKek('Zo\u0308e and the new passphrase', dependencies);
      const rotated = await wrapNewVaultKey(kek, row, dependencies);
      const next = { ...row, kdf, wrappedVaultKey: rotated.wrappedVaultKey };
      expect(await roundTrips(rotated.vaultKey, await openVaultKey('Z\u00f6e and the new passphrase', next, dependencies))).toBe(true);
    });
  });
});
