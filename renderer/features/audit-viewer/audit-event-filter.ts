import type { AuditEvent } from '../../../shared/sync-protocol/audit';

/** One team audit event as the viewer lists it: the event and whose device it came from. */
export interface TeamAuditRow {
  readonly deviceId: string;
  readonly position: number;
  /** The event's user, or the device's owner for events recorded before enrolment. */
  readonly userId: string;
  readonly event: AuditEvent;
}

/**
 * What the lead narrows the list to. Empty strings mean "any". Dates are
 * `YYYY-MM-DD` days in UTC, both ends included, as the times are shown.
 */
export interface AuditEventFilter {
  readonly userId: string;
  readonly caseId: string;
  readonly kind: string;
  readonly fromDay: string;
  readonly toDay: string;
}

export const NO_AUDIT_FILTER: AuditEventFilter = { userId: '', caseId: '', kind: '', fromDay: '', toDay: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The events matching every filter given, newest first (ties: by device,
 * then chain position, so the order is stable). A case is matched by any part
 * of its id, ignoring case, so a lead can type the number alone.
 */
export function filterAuditEvents(rows: readonly TeamAuditRow[], filter: AuditEventFilter): TeamAuditRow[] {
  const caseNeedle = filter.caseId.trim().toLowerCase();
  // `at` is ISO 8601 UTC, so a day's bounds compare as strings.
  const from = DAY.test(filter.fromDay) ? `${filter.fromDay}T00:00:00.000Z` : null;
  const to = DAY.test(filter.toDay) ? `${filter.toDay}T23:59:59.999Z` : null;
  return rows
    .filter(
      (row) =>
        (filter.userId === '' || row.userId === filter.userId) &&
        (filter.kind === '' || row.event.kind === filter.kind) &&
        (caseNeedle === '' || (row.event.caseId?.toLowerCase().includes(caseNeedle) ?? false)) &&
        (from === null || row.event.at >= from) &&
        (to === null || row.event.at <= to),
    )
    .sort((a, b) => (a.event.at !== b.event.at ? (a.event.at < b.event.at ? 1 : -1) : a.deviceId !== b.deviceId ? (a.deviceId < b.deviceId ? -1 : 1) : a.position - b.position));
}

/** The distinct users and kinds present, sorted: the choices the filter offers. */
export function auditFilterChoices(rows: readonly TeamAuditRow[]): { users: string[]; kinds: string[] } {
  return {
    users: [...new Set(rows.map((row) => row.userId))].sort(),
    kinds: [...new Set(rows.map((row) => row.event.kind))].sort(),
  };
}

/** "From" after "to" matches nothing: said to the lead rather than shown as an empty list. */
export function dayRangeProblem(filter: AuditEventFilter): string | null {
  return DAY.test(filter.fromDay) && DAY.test(filter.toDay) && filter.fromDay > filter.toDay ? 'The "from" day is after the "to" day.' : null;
}
