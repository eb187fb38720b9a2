import { describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../../shared/synthetic-cases/generate-synthetic-cases';
import type { StoredCase } from '../../vault/vault';
import type { CaseStatus } from '../../vault/vault-schema';
import { DEFAULT_CASE_LIST_VIEW, filterCases, sortCases, visibleCases } from './case-list-view';

const STATUSES: CaseStatus[] = ['unreviewed', 'draft', 'submitted', 'returned', 'approved', 'conflict'];
const stored: StoredCase[] = generateSyntheticCases({ seed: 5, count: 30 }).map((caseFile, index) => ({
  caseFile,
  batchId: index < 20 ? 'batch-a' : 'batch-b',
  status: STATUSES[index % STATUSES.length]!,
  updatedAt: 1_000 + ((index * 7) % 30),
}));
const ids = (list: readonly StoredCase[]) => list.map((item) => item.caseFile.caseId);
const always = () => true;

describe('visibleCases', () => {
  it('filters by batch and by any of the chosen statuses', () => {
    const shown = visibleCases(stored, { ...DEFAULT_CASE_LIST_VIEW, batchId: 'batch-a', statuses: new Set(['draft', 'returned']) }, null, always);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((item) => item.batchId === 'batch-a' && ['draft', 'returned'].includes(item.status))).toBe(true);
    const expected = stored.filter((item) => item.batchId === 'batch-a' && ['draft', 'returned'].includes(item.status));
    expect(new Set(ids(shown))).toEqual(new Set(ids(expected)));
  });

  it('keeps only search hits and connected cases when asked', () => {
    const hits = new Set([stored[2]!.caseFile.caseId, stored[9]!.caseFile.caseId, stored[25]!.caseFile.caseId]);
    expect(new Set(ids(visibleCases(stored, DEFAULT_CASE_LIST_VIEW, hits, always)))).toEqual(hits);
    const connected = (caseId: string) => caseId === stored[9]!.caseFile.caseId;
    expect(ids(visibleCases(stored, { ...DEFAULT_CASE_LIST_VIEW, connectedOnly: true }, hits, connected))).toEqual([stored[9]!.caseFile.caseId]);
  });

  it('sorts by reference (numeric-aware), period, work-first status and most recent change', () => {
    const byReference = visibleCases(stored, DEFAULT_CASE_LIST_VIEW, null, always).map((item) => item.caseFile.reference);
    expect(byReference).toEqual([...byReference].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })));
    const byPeriod = visibleCases(stored, { ...DEFAULT_CASE_LIST_VIEW, sort: 'periodStart' }, null, always).map((item) => item.caseFile.periodStart);
    expect(byPeriod).toEqual([...byPeriod].sort());
    const byStatus = visibleCases(stored, { ...DEFAULT_CASE_LIST_VIEW, sort: 'status' }, null, always).map((item) => item.status);
    expect(byStatus[0]).toBe('conflict');
    expect(byStatus.at(-1)).toBe('approved');
    expect(byStatus.indexOf('unreviewed')).toBeLessThan(byStatus.indexOf('submitted'));
    const byChange = visibleCases(stored, { ...DEFAULT_CASE_LIST_VIEW, sort: 'recentlyChanged' }, null, always).map((item) => item.updatedAt);
    expect(byChange).toEqual([...byChange].sort((a, b) => b - a));
  });

  it('does not reorder the array it was given', () => {
    const before = ids(stored);
    visibleCases(stored, { ...DEFAULT_CASE_LIST_VIEW, sort: 'borough' }, null, always);
    expect(ids(stored)).toEqual(before);
  });
});

describe('sortCases and filterCases', () => {
  it('filtering a sorted list keeps its order and equals visibleCases', () => {
    const view = { ...DEFAULT_CASE_LIST_VIEW, sort: 'borough' as const, statuses: new Set<CaseStatus>(['draft', 'unreviewed']) };
    const sorted = sortCases(stored, view.sort);
    expect(ids(filterCases(sorted, view, null, always))).toEqual(ids(visibleCases(stored, view, null, always)));
  });
});
