import { describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../../shared/synthetic-cases/generate-synthetic-cases';
import { parseCaseBatchFile } from './case-batch-file';

const cases = generateSyntheticCases({ seed: 3, count: 4 });

describe('case batch file', () => {
  it('accepts a JSON array of valid case files', () => {
    expect(parseCaseBatchFile(JSON.stringify(cases))).toEqual({ ok: true, cases });
  });

  it('names the position and field of a bad entry but never its value', () => {
    const bad = structuredClone(cases);
    (bad[2] as { reference: unknown }).reference = 42;
    (bad[2] as { summary: string }).summary = '';
    const result = parseCaseBatchFile(JSON.stringify(bad));
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) {
      expect(result.problem).toMatch(/^Case file 3: the field "(reference|summary)"/);
      expect(result.problem).not.toContain(cases[2]!.caseId);
    }
  });

  it('refuses non-JSON, a non-array, an empty array and duplicate case ids', () => {
    expect(parseCaseBatchFile('{oops')).toMatchObject({ ok: false, problem: /not valid JSON/ });
    expect(parseCaseBatchFile('{}')).toMatchObject({ ok: false, problem: /array/ });
    expect(parseCaseBatchFile('[]')).toMatchObject({ ok: false, problem: /no case files/ });
    expect(parseCaseBatchFile(JSON.stringify([cases[0], cases[0]]))).toMatchObject({ ok: false, problem: /twice/ });
  });
});
