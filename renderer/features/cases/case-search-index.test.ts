import { describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../../shared/synthetic-cases/generate-synthetic-cases';
import { buildCaseSearchIndex } from './case-search-index';

const cases = generateSyntheticCases({ seed: 11, count: 60 });

describe('case search index', () => {
  it('finds a case by a phrase taken from the middle of its summary', async () => {
    const index = await buildCaseSearchIndex(cases);
    const target = cases[17]!;
    const words = target.summary.split(/\s+/);
    const phrase = words.slice(5, 11).join(' ');
    const hits = index.search(phrase)!;
    expect(hits.has(target.caseId)).toBe(true);
    for (const caseId of hits) {
      const found = cases.find((candidate) => candidate.caseId === caseId)!;
      const text = [found.summary, found.reference, found.borough, found.originalOutcome, ...found.offences, ...found.documents.flatMap((d) => [d.title, d.excerpt])]
        .join(' ')
        .toLowerCase();
      for (const word of phrase.toLowerCase().match(/[\p{L}\p{N}]+/gu)!) expect(text).toContain(word);
    }
  });

  it('matches every word (AND), by reference, by person id, and by a prefix while typing', async () => {
    const unusual = { ...cases[0]!, caseId: 'case-unusual', summary: 'Quartermaster zygomorphic lantern report.', reference: 'REF-UNIQUE-1' };
    const index = await buildCaseSearchIndex([...cases, unusual]);
    expect([...index.search('zygomorphic lantern')!]).toEqual(['case-unusual']);
    expect(index.search('zygomorphic nonexistentword')!.size).toBe(0);
    expect([...index.search('zygomor')!]).toEqual(['case-unusual']);
    expect([...index.search('lantern zygomor')!]).toEqual(['case-unusual']);
    // Earlier words are whole words: a prefix of one does not match.
    expect(index.search('zygomor lantern')!.size).toBe(0);
    expect(index.search('REF-UNIQUE-1')!.has('case-unusual')).toBe(true);
    const person = cases[3]!.suspectIds[0] ?? cases[3]!.victimIds[0]!;
    const withPerson = cases.filter((file) => [...file.victimIds, ...file.suspectIds].includes(person)).map((file) => file.caseId);
    expect([...index.search(person)!]).toEqual(expect.arrayContaining(withPerson));
  });

  it('treats a query without words as no search', async () => {
    const index = await buildCaseSearchIndex(cases);
    expect(index.search('')).toBeNull();
    expect(index.search('  — ')).toBeNull();
  });
});
