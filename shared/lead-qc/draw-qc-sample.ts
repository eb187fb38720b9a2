import { z } from 'zod';
import { SeededRandom } from '../synthetic-cases/seeded-random';

/**
 * The QC sample: which submitted reviews a lead checks. Drawn with a seeded
 * PRNG (mulberry32, synthetic-cases/seeded-random.ts: the same numbers in
 * Node and in Chromium) from the case ids in code-unit order, so the same
 * seed and the same set of submitted cases give the same sample wherever and
 * in whatever order they are listed. The seed is recorded (in the export
 * manifest too), so anyone can draw the sample again and see it was not
 * picked by hand. Not for secrecy: the seed is public by design.
 */
export const qcSampleRuleSchema = z.discriminatedUnion('method', [
  /** A share of the submitted reviews, rounded up: 10% of 5 is 1, never 0. */
  z.strictObject({ method: z.literal('percentage'), value: z.number().gt(0).max(100) }),
  /** A fixed number, or all of them when fewer were submitted. */
  z.strictObject({ method: z.literal('count'), value: z.number().int().min(1).max(1_000_000) }),
]);
export type QcSampleRule = z.infer<typeof qcSampleRuleSchema>;

export const qcSeedSchema = z.number().int().min(0).max(0xffffffff);

export interface QcSample {
  readonly rule: QcSampleRule;
  readonly seed: number;
  /** How many submitted reviews the sample was drawn from. */
  readonly populationSize: number;
  /** The drawn case ids, in code-unit order. */
  readonly caseIds: readonly string[];
}

/** A fresh seed from the platform's CSPRNG, so a lead cannot steer the sample by choosing it. */
export function newQcSeed(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!;
}

export function sampleSize(rule: QcSampleRule, populationSize: number): number {
  if (populationSize === 0) return 0;
  const wanted = rule.method === 'count' ? rule.value : Math.ceil((rule.value / 100) * populationSize - 1e-9);
  return Math.min(populationSize, Math.max(1, wanted));
}

export function drawQcSample(submittedCaseIds: readonly string[], rule: QcSampleRule, seed: number): QcSample {
  const checkedRule = qcSampleRuleSchema.parse(rule);
  const checkedSeed = qcSeedSchema.parse(seed);
  const population = [...new Set(submittedCaseIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const size = sampleSize(checkedRule, population.length);
  const random = new SeededRandom(checkedSeed);
  // A partial Fisher–Yates shuffle: the first `size` places end up a uniform sample without replacement.
  for (let index = 0; index < size; index++) {
    const swapWith = index + Math.floor(random.next() * (population.length - index));
    [population[index], population[swapWith]] = [population[swapWith]!, population[index]!];
  }
  const caseIds = population.slice(0, size).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { rule: checkedRule, seed: checkedSeed, populationSize: population.length, caseIds };
}
