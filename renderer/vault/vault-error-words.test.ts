import { describe, expect, it } from 'vitest';
import { describeVaultError } from './vault-error-words';
import { recordTampered, VaultError, type VaultErrorCode } from './vault-error';

const CODES: VaultErrorCode[] = [
  'VaultMissing',
  'VaultExists',
  'VaultLocked',
  'WrongPassphrase',
  'UnlockThrottled',
  'PassphraseTooWeak',
  'KeystoreUnsealFailed',
  'RecordTampered',
  'StorageFull',
  'UnknownDataKey',
];

describe('vault error words', () => {
  it('gives every code its own plain words', () => {
    const words = CODES.map((code) => describeVaultError(new VaultError(code, 'developer text')));
    expect(new Set(words).size).toBe(CODES.length);
    for (const sentence of words) expect(sentence).toMatch(/^[A-Z].*\.$/);
  });

  it('names a damaged record by table and id only, and counts down a throttle', () => {
    expect(describeVaultError(recordTampered({ table: 'cases', id: 'case-000042' }))).toBe(
      'Record case-000042 (cases) is damaged and cannot be opened. Every other record is unaffected.',
    );
    const throttled = new VaultError('UnlockThrottled', 'x', undefined, 10_500);
    expect(describeVaultError(throttled, 2_000)).toBe('Too many wrong passphrases. Try again in 9 seconds.');
  });

  it('never repeats the text of an unknown error, which could hold anything', () => {
    expect(describeVaultError(new Error('OP-2011-00042 Camden'))).not.toContain('OP-2011');
  });
});
