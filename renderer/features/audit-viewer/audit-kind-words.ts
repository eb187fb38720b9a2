import type { AuditEvent } from '../../../shared/sync-protocol/audit';

/** Each recorded action in the words a lead reads (the DPA 2018 s.62 categories first). */
export const AUDIT_KIND_WORDS: Record<AuditEvent['kind'], string> = {
  collection: 'Collection (batch received)',
  consultation: 'Consultation (case opened)',
  alteration: 'Alteration (draft, submission, amendment)',
  disclosure: 'Disclosure (export)',
  combination: 'Combination',
  erasure: 'Erasure',
  'vault-created': 'Vault created',
  'vault-unlocked': 'Vault unlocked',
  'vault-unlock-failed': 'Failed unlock',
  'vault-locked': 'Vault locked',
  'vault-passphrase-changed': 'Passphrase changed',
};

const LOCK_REASON_WORDS: Record<NonNullable<AuditEvent['reason']>, string> = {
  manual: 'locked by the user',
  idle: 'locked after idle time',
  'os-lock': 'locked with the computer',
  suspend: 'locked on sleep',
};

export function lockReasonWords(reason: AuditEvent['reason']): string | null {
  return reason ? LOCK_REASON_WORDS[reason] : null;
}
