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
    vault.idleLockMinutes = readSetting;
  });

  it('a lock shows at once but keeps the keys until a draft typed a moment ago is sealed and committed', async () => {
    (globalThis as { window?: EventTarget }).window ??= new EventTarget();
    const { currentVault, registerPendingWrite, registerDecryptedCache, useVaultSession } = await import('./vault-session');
    await useVaultSession.getState().unlock(passphrase);
    const vault = currentVault();
    let decrypted: string | null = 'decrypted case text';
    const unregisterCache = registerDecryptedCache(() => (decrypted = null));
    let typed: string | null = 'typed a moment ago';
    let committed = false;
    const unregister = registerPendingWrite(() => {
      if (typed === null) return null;
      const answers = { rationale: typed };
      typed = null;
      return (async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await vault.commit([await vault.table('drafts').seal([{ id: 'case-1', clear: { batchId: 'batch-1', updatedAt: 1 }, value: { answers } }])]);
        committed = true;
      })();
    });
    try {
      useVaultSession.getState().lock('idle');
      // The screen is locked and the decrypted data gone before the write lands.
      expect(useVaultSession.getState().status).toBe('locked');
      expect(decrypted).toBeNull();
      expect(committed).toBe(false);
      expect(vault.isUnlocked()).toBe(true);
      await vi.waitFor(() => expect(vault.isUnlocked()).toBe(false), { timeout: 2_000 });
      expect(committed).toBe(true);

      await useVaultSession.getState().unlock(passphrase);
      expect((await vault.table('drafts').get('case-1'))?.value).toEqual({ answers: { rationale: 'typed a moment ago' } });
    } finally {
      unregister();
      unregisterCache();
    }
  });

  it('a lock with nothing pending drops the keys at once, and a write that never finishes holds them no longer than the bound', async () => {
    (globalThis as { window?: EventTarget }).window ??= new EventTarget();
    const { currentVault, registerPendingWrite, useVaultSession, PENDING_WRITE_BOUND_MS } = await import('./vault-session');
    const vault = currentVault();
    if (!vault.isUnlocked()) await useVaultSession.getState().unlock(passphrase);
    const idle = registerPendingWrite(() => null);
    useVaultSession.getState().lock('manual');
    expect(vault.isUnlocked()).toBe(false);
    idle();

    await useVaultSession.getState().unlock(passphrase);
    const stuck = registerPendingWrite(() => new Promise<void>(() => undefined));
    try {
      const lockedAt = Date.now();
      useVaultSession.getState().lock('manual');
      expect(vault.isUnlocked()).toBe(true);
      await vi.waitFor(() => expect(vault.isUnlocked()).toBe(false), { timeout: PENDING_WRITE_BOUND_MS + 2_000, interval: 20 });
      expect(Date.now() - lockedAt).toBeGreaterThanOrEqual(PENDING_WRITE_BOUND_MS - 50);
      // An unlock right after waits for that lock to finish, then opens the vault.
      await useVaultSession.getState().unlock(passphrase);
      expect(useVaultSession.getState().status).toBe('unlocked');
    } finally {
      stuck();
    }
  });
});
