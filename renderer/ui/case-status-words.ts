import type { CaseStatus } from '../vault/vault-schema';

/** A case's status in the reviewer's words, the same in the batch progress and the case list. */
export const CASE_STATUS_WORDS: Record<CaseStatus, string> = {
  unreviewed: 'Not started',
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned',
  approved: 'Approved',
  conflict: 'Conflict',
};
