import { describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../../shared/synthetic-cases/generate-synthetic-cases';
import type { CaseFile } from '../../../shared/domain/case-file';
import { buildCaseSearchIndex, type LiveCaseSearchIndex } from './case-search-index';

const cases = generateSyntheticCases({ seed: 11, count: 60 });

async function built(files: readonly CaseFile[]): Promise<LiveCaseSearchIndex> {
  const index = await buildCaseSearchIndex(files, { sliceMs: 0 });
  if (!index) throw new Error('the build was not stopped, so it must give an index');
  return index;
}

describe('case search index', () => {
  it('finds a case by a phrase taken from the middle of its summary', async () => {
    const index = (await built(cases)).snapshot();
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
    const index = (await built([...cases, unusual])).snapshot();
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
    const index = (await built(cases)).snapshot();
    expect(index.search('')).toBeNull();
    expect(index.search('  — ')).toBeNull();
  });

  it('finds a reference whole or by its parts, but a whole reference only matches itself', async () => {
    const first = { ...cases[0]!, caseId: 'case-a', reference: 'OP-2021-01234' };
    const second = { ...cases[1]!, caseId: 'case-b', reference: 'OP-2021-98765' };
    const index = (await built([...cases.slice(2), first, second])).snapshot();
    expect([...index.search('OP-2021-01234')!]).toEqual(['case-a']);
    expect([...index.search('op-2021-01234')!]).toEqual(['case-a']);
    expect([...index.search('01234')!]).toEqual(['case-a']);
    expect(index.search('OP-2021')!).toEqual(new Set(['case-a', 'case-b']));
  });

  it('takes changed cases in and removed cases out, without a rebuild', async () => {
    const live = await built(cases);
    const changed = { ...cases[5]!, summary: 'Quartermaster xylophonic note.' };
    live.upsert([changed]);
    live.remove([cases[6]!.caseId]);
    const index = live.snapshot();
    expect([...index.search('xylophonic')!]).toEqual([changed.caseId]);
    expect(index.search(cases[5]!.reference)!.has(changed.caseId)).toBe(true);
    expect(index.search(cases[6]!.reference)!.has(cases[6]!.caseId)).toBe(false);
    expect(index.search(cases[5]!.summary.split(/\s+/).slice(3, 8).join(' '))!.has(changed.caseId)).toBe(false);
  });

  it('a build asked to stop (a lock) gives no index', async () => {
    let slices = 0;
    const index = await buildCaseSearchIndex(cases, { sliceMs: 0, shouldStop: () => ++slices > 3 });
    expect(index).toBeNull();
    expect(slices).toBe(4);
  });
});
