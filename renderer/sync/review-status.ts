import type { ReviewStatus } from '../vault/vault-schema';
import type { ReviewRecord } from './sync-records';

/** Where a review stands on this device, as stored in clear beside the sealed record. */
export function reviewStatusOf(record: ReviewRecord): ReviewStatus {
  if (record.conflict || record.qcConflict) return 'conflict';
  if (record.rejection || record.qcPending?.rejection) return 'rejected';
  if (record.pending || record.qcPending) return 'pending';
  return record.server?.status ?? 'pending';
}
