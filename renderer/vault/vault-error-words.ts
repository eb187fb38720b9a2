import { isVaultError } from './vault-error';
import { MIN_PASSPHRASE_LENGTH } from './vault';

/** Plain words for each vault error code. Only ids ever appear: never case content. */
export function describeVaultError(error: unknown, now: number = Date.now()): string {
  if (!isVaultError(error)) return 'Something went wrong. Try again; if it keeps happening, tell your team lead.';
  switch (error.code) {
    case 'WrongPassphrase':
      return error.retryAt
        ? `That passphrase did not unlock the vault. Wait ${secondsUntil(error.retryAt, now)} seconds before the next try.`
        : 'That passphrase did not unlock the vault.';
    case 'UnlockThrottled':
      return `Too many wrong passphrases. Try again in ${secondsUntil(error.retryAt ?? now, now)} seconds.`;
    case 'VaultLocked':
      return 'The vault is locked. Unlock it to continue.';
    case 'RecordTampered':
      return `Record ${error.record?.id ?? '?'} (${error.record?.table ?? '?'}) is damaged and cannot be opened. Every other record is unaffected.`;
    case 'RecordUnsupported':
      return `Record ${error.record?.id ?? '?'} (${error.record?.table ?? '?'}) was saved by a newer version of CaseDesk. Update CaseDesk to open it.`;
    case 'StorageFull':
      return 'The disk is full. Nothing was saved, and nothing already stored was lost. Free some space and try again.';
    case 'PassphraseTooWeak':
      return `Choose a passphrase that is harder to guess: at least ${MIN_PASSPHRASE_LENGTH} characters, rated Strong (Very strong when device binding is off).`;
    case 'KeystoreUnsealFailed':
      return "This computer's keystore could not open the vault. A vault opens only for the computer and account that created it.";
    case 'VaultExists':
      return 'A vault already exists on this computer.';
    case 'VaultMissing':
      return 'There is no vault on this computer yet.';
    case 'UnknownDataKey':
      return 'A key of the vault is missing or damaged.';
  }
}

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}
