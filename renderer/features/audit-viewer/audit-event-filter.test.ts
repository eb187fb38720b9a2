import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../shared/sync-protocol/audit';
import { auditFilterChoices, dayRangeProblem, filterAuditEvents, NO_AUDIT_FILTER, type TeamAuditRow } from './audit-event-filter';

let counter = 0;
function row(userId: string, kind: AuditEvent['kind'], at: string, caseId?: string, deviceId = `dev_${userId}`): TeamAuditRow {
  counter += 1;
  const event: AuditEvent = {
    eventId: `01890a5d-ac96-774b-bcce-${String(counter).padStart(12, '0')}`,
    kind,
    at,
    userId,
    deviceId,
    ...(caseId ? { caseId } : {}),
    prevHash: '0'.repeat(64),
    hash: 'a'.repeat(64),
  };
  return { deviceId, position: counter, userId, event };
}

const rows = [
  row('alice', 'consultation', '2026-01-14T23:59:59.999Z', 'case-000001'),
  row('alice', 'alteration', '2026-01-15T00:00:00.000Z', 'case-000012'),
  row('bob', 'consultation', '2026-01-15T12:30:00.000Z', 'case-000002'),
  row('bob', 'vault-unlocked', '2026-01-16T08:00:00.000Z'),
  row('alice', 'disclosure', '2026-01-17T09:00:00.000Z'),
];
const ids = (matched: readonly TeamAuditRow[]) => matched.map((entry) => `${entry.userId}:${entry.event.kind}`);

describe('filterAuditEvents', () => {
  it('lists everything newest first when no filter is set', () => {
    expect(ids(filterAuditEvents(rows, NO_AUDIT_FILTER))).toEqual(['alice:disclosure', 'bob:vault-unlocked', 'bob:consultation', 'alice:alteration', 'alice:consultation']);
  });

  it('narrows by user, by action and by both', () => {
    expect(ids(filterAuditEvents(rows, { ...NO_AUDIT_FILTER, userId: 'bob' }))).toEqual(['bob:vault-unlocked', 'bob:consultation']);
    expect(ids(filterAuditEvents(rows, { ...NO_AUDIT_FILTER, kind: 'consultation' }))).toEqual(['bob:consultation', 'alice:consultation']);
    expect(ids(filterAuditEvents(rows, { ...NO_AUDIT_FILTER, userId: 'alice', kind: 'consultation' }))).toEqual(['alice:consultation']);
  });

  it('matches a case by any part of its id, ignoring case and spaces around it; events without a case never match', () => {
    expect(ids(filterAuditEvents(rows, { ...NO_AUDIT_FILTER, caseId: '  CASE-000001 ' }))).toEqual(['alice:consultation']);
    expect(ids(filterAuditEvents(rows, { ...NO_AUDIT_FILTER, caseId: '00001' }))).toEqual(['alice:alteration', 'alice:consultation']);
    expect(filterAuditEvents(rows, { ...NO_AUDIT_FILTER, caseId: 'case-9' })).toEqual([]);
  });

  it('takes date bounds as whole UTC days, both ends included', () => {
    expect(ids(filterAuditEvents(rows, { ...NO_AUDIT_FILTER, fromDay: '2026-01-15', toDay: '2026-01-15' }))).toEqual(['bob:consultation', 'alice:alteration']);
    expect(ids(filterAuditEvents(rows, { ...NO_AUDIT_FILTER, fromDay: '2026-01-16' }))).toEqual(['alice:disclosure', 'bob:vault-unlocked']);
    expect(ids(filterAuditEvents(rows, { ...NO_AUDIT_FILTER, toDay: '2026-01-14' }))).toEqual(['alice:consultation']);
    // A half-typed day is no bound at all rather than a wrong one.
    expect(filterAuditEvents(rows, { ...NO_AUDIT_FILTER, fromDay: '2026-01' })).toHaveLength(rows.length);
  });

  it('orders events of the same instant by device, then chain position', () => {
    const same = [row('bob', 'consultation', '2026-01-15T10:00:00.000Z'), row('alice', 'consultation', '2026-01-15T10:00:00.000Z'), row('alice', 'alteration', '2026-01-15T10:00:00.000Z')];
    expect(ids(filterAuditEvents(same, NO_AUDIT_FILTER))).toEqual(['alice:consultation', 'alice:alteration', 'bob:consultation']);
  });

  it('offers the users and actions present, and says when the day range is upside down', () => {
    expect(auditFilterChoices(rows)).toEqual({ users: ['alice', 'bob'], kinds: ['alteration', 'consultation', 'disclosure', 'vault-unlocked'] });
    expect(dayRangeProblem({ ...NO_AUDIT_FILTER, fromDay: '2026-01-16', toDay: '2026-01-15' })).toMatch(/after/);
    expect(dayRangeProblem({ ...NO_AUDIT_FILTER, fromDay: '2026-01-15', toDay: '2026-01-15' })).toBeNull();
  });
});
