import type { CaseDocument, CaseFile } from '../domain/case-file';
import { BOROUGHS, DOCUMENT_TITLES, OFFENCES, ORIGINAL_OUTCOMES, SUMMARY_SENTENCES } from './case-vocabulary';
import { SeededRandom } from './seeded-random';

export interface SyntheticCaseOptions {
  readonly seed: number;
  readonly count: number;
  /** First case number, so several calls can produce disjoint batches. */
  readonly firstCaseNumber?: number;
}

const SUMMARY_MIN_BYTES = 1024;
const SUMMARY_MAX_BYTES = 5 * 1024;

function padded(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${padded(month, 2)}-${padded(day, 2)}`;
}

function prose(random: SeededRandom, targetBytes: number): string {
  const sentences: string[] = [];
  let length = 0;
  while (length < targetBytes) {
    let sentence = random.pick(SUMMARY_SENTENCES);
    // A sentence never follows itself: real files do not stutter.
    while (sentence === sentences.at(-1)) sentence = random.pick(SUMMARY_SENTENCES);
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  return sentences.join(' ');
}

/**
 * Deterministic, entirely fictional case files shaped like the historical
 * files under review. Persons are drawn from a shared pool, and a small
 * "network" of suspects recurs often, so cases link to each other through
 * shared person ids as real ones do.
 */
export function generateSyntheticCases(options: SyntheticCaseOptions): CaseFile[] {
  const random = new SeededRandom(options.seed);
  const firstNumber = options.firstCaseNumber ?? 1;
  const personPool = Math.max(8, Math.ceil(options.count * 1.5));
  const recurringSuspects = Array.from({ length: Math.max(3, Math.ceil(options.count / 25)) }, (_, index) =>
    `P${padded(900_000 + index, 6)}`,
  );
  const person = () => `P${padded(random.integer(1, personPool), 6)}`;

  return Array.from({ length: options.count }, (_, index): CaseFile => {
    const caseNumber = firstNumber + index;
    const startYear = random.integer(2005, 2019);
    const startMonth = random.integer(1, 12);
    const endYear = Math.min(2020, startYear + random.integer(0, 2));
    const endMonth = endYear === startYear ? random.integer(startMonth, 12) : random.integer(1, 12);
    const victimIds = [...new Set(Array.from({ length: random.integer(1, 3) }, person))];
    const suspectIds = [
      ...new Set([
        ...Array.from({ length: random.integer(0, 3) }, person),
        ...random.sample(recurringSuspects, random.integer(random.next() < 0.4 ? 1 : 0, 3)),
      ]),
    ];
    if (suspectIds.length === 0) suspectIds.push(person());
    const documents: CaseDocument[] = Array.from({ length: random.integer(2, 5) }, (_, documentIndex) => ({
      documentId: `doc-${padded(caseNumber, 6)}-${documentIndex + 1}`,
      title: random.pick(DOCUMENT_TITLES),
      excerpt: prose(random, random.integer(200, 700)),
    }));
    return {
      caseId: `case-${padded(caseNumber, 6)}`,
      reference: `OP-${startYear}-${padded(random.integer(1, 99_999), 5)}`,
      periodStart: isoDate(startYear, startMonth, random.integer(1, 28)),
      periodEnd: isoDate(endYear, endMonth, 28),
      borough: random.pick(BOROUGHS),
      summary: prose(random, random.integer(SUMMARY_MIN_BYTES, SUMMARY_MAX_BYTES - 200)),
      offences: random.sample(OFFENCES, random.integer(1, 3)),
      victimIds,
      suspectIds,
      originalOutcome: random.pick(ORIGINAL_OUTCOMES),
      documents,
    };
  });
}
