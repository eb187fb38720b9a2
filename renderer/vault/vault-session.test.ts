import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';

// The session's vault runs Argon2id directly here (no worker in Node) and seals with a fake OS keystore.
vi.mock('./derive-in-worker', async () => ({ deriveInWorker: (await import('./key-derivation')).deriveKeyEncryptionKeyBytes }));
vi.mock('./device-keystore', async () => ({ mainProcessKeystore: new (await import('./vault-test-support')).FakeKeystore() }));

const passphrase = 'session race passphrase';

describe('vault session', () => {
  it('a lock that arrives while the unlocked workspace is being entered wins in the UI state too', async () => {
    (globalThis as { window?: EventTarget }).window ??= new EventTarget();
    const { currentVault, useVaultSession } = await import('./vault-session');
    await useVaultSession.getState().create(passphrase);
    expect(useVaultSession.getState().status).toBe('unlocked');
    useVaultSession.getState().lock('manual');
    expect(useVaultSession.getState().status).toBe('locked');

    // The OS locks the screen just after the vault opened, while the session reads its settings.
    const vault = currentVault();
    const readSetting = vault.idleLockMinutes.bind(vault);
    vault.idleLockMinutes = async () => {
      useVaultSession.getState().lock('os-lock');
      return readSetting();
    };
    await useVaultSession.getState().unlock(passphrase).catch(() => undefined);
    expect(vault.isUnlocked()).toBe(false);
    expect(useVaultSession.getState().status).toBe('locked');
    expect(useVaultSession.getState().lastLockReason).toBe('os-lock');
  });
});
