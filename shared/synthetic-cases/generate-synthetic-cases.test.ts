import { describe, expect, it } from 'vitest';
import { caseFileSchema } from '../domain/case-file';
import { generateSyntheticCases } from './generate-synthetic-cases';

describe('generateSyntheticCases', () => {
  const cases = generateSyntheticCases({ seed: 7, count: 300 });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateSyntheticCases({ seed: 7, count: 300 })).toEqual(cases);
    expect(generateSyntheticCases({ seed: 8, count: 300 })).not.toEqual(cases);
  });

  it('produces valid case files with unique ids and 1-5 KB summaries', () => {
    for (const file of cases) {
      expect(caseFileSchema.safeParse(file).success).toBe(true);
      expect(file.summary.length).toBeGreaterThanOrEqual(1024);
      expect(file.summary.length).toBeLessThanOrEqual(5 * 1024);
      expect(file.documents.length).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(cases.map((file) => file.caseId)).size).toBe(cases.length);
  });

  it('links cases through recurring person ids', () => {
    const casesByPerson = new Map<string, number>();
    for (const file of cases) {
      for (const personId of new Set([...file.victimIds, ...file.suspectIds])) {
        casesByPerson.set(personId, (casesByPerson.get(personId) ?? 0) + 1);
      }
    }
    const recurring = [...casesByPerson.values()].filter((count) => count > 1).length;
    expect(recurring).toBeGreaterThan(10);
  });

  it('numbers batches disjointly with firstCaseNumber', () => {
    const next = generateSyntheticCases({ seed: 7, count: 5, firstCaseNumber: 301 });
    expect(next[0]!.caseId).toBe('case-000301');
  });
});
