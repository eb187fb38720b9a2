/**
 * Every failure the vault reports is one of these codes. Messages are plain
 * words for a developer and never carry case content: a damaged record is
 * named by its table and opaque id only.
 */
export type VaultErrorCode =
  | 'VaultMissing'
  | 'VaultExists'
  | 'VaultLocked'
  | 'WrongPassphrase'
  | 'UnlockThrottled'
  | 'PassphraseTooWeak'
  | 'KeystoreUnsealFailed'
  | 'RecordTampered'
  | 'RecordUnsupported'
  | 'StorageFull'
  | 'UnknownDataKey';

export interface RecordLocation {
  readonly table: string;
  readonly id: string;
}

export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    message: string,
    /** RecordTampered: which record failed to open. */
    readonly record?: RecordLocation,
    /** UnlockThrottled: epoch milliseconds when the next attempt is allowed. */
    readonly retryAt?: number,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

export function recordTampered(location: RecordLocation): VaultError {
  return new VaultError(
    'RecordTampered',
    `Record ${location.id} in ${location.table} failed its integrity check`,
    location,
  );
}

/** A record written by a newer CaseDesk (a format version this one does not know): not damage. */
export function recordUnsupported(location: RecordLocation): VaultError {
  return new VaultError(
    'RecordUnsupported',
    `Record ${location.id} in ${location.table} was written by a newer version of CaseDesk`,
    location,
  );
}

export function isVaultError(error: unknown, code?: VaultErrorCode): error is VaultError {
  return error instanceof VaultError && (code === undefined || error.code === code);
}

/** IndexedDB reports a full disk as QuotaExceededError, sometimes wrapped by Dexie. */
export function isQuotaExceeded(error: unknown): boolean {
  for (let current: unknown = error; current; current = (current as { inner?: unknown }).inner) {
    if ((current as { name?: unknown }).name === 'QuotaExceededError') return true;
  }
  return false;
}
