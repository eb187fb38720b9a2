/**
 * The distribution of a number field's answers: minimum, quartiles, maximum
 * and a histogram. Quartiles interpolate linearly between the two nearest
 * ranks (Hyndman & Fan type 7, the method of Excel's QUARTILE.INC and R's
 * default), so a lead who checks a figure in a spreadsheet gets the same one.
 */
export interface HistogramBucket {
  /** Inclusive lower bound. */
  readonly from: number;
  /** Upper bound: inclusive for integer buckets and for the last bucket, exclusive otherwise. */
  readonly to: number;
  readonly count: number;
}

export interface NumberDistribution {
  readonly count: number;
  readonly min: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly max: number;
  readonly buckets: readonly HistogramBucket[];
}

/** At most this many bars: more would not be read at a glance. */
export const MAX_HISTOGRAM_BUCKETS = 10;

/** Null when there is no value to describe. */
export function describeNumbers(values: readonly number[], integer: boolean): NumberDistribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return {
    count: sorted.length,
    min,
    q1: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q3: quantile(sorted, 0.75),
    max,
    buckets: integer && values.every(Number.isInteger) ? integerBuckets(sorted, min, max) : continuousBuckets(sorted, min, max),
  };
}

function quantile(sorted: readonly number[], probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** Whole-number buckets of equal width (`from`..`to` both inclusive), the fewest that keep to the cap. */
function integerBuckets(sorted: readonly number[], min: number, max: number): HistogramBucket[] {
  const width = Math.ceil((max - min + 1) / MAX_HISTOGRAM_BUCKETS);
  const count = Math.ceil((max - min + 1) / width);
  const buckets = Array.from({ length: count }, (_, index) => ({ from: min + index * width, to: min + (index + 1) * width - 1, count: 0 }));
  for (const value of sorted) buckets[Math.floor((value - min) / width)]!.count++;
  return buckets;
}

/** Equal-width buckets `[from, to)`, the last one closed so the maximum is counted. */
function continuousBuckets(sorted: readonly number[], min: number, max: number): HistogramBucket[] {
  if (min === max) return [{ from: min, to: max, count: sorted.length }];
  const width = (max - min) / MAX_HISTOGRAM_BUCKETS;
  const buckets = Array.from({ length: MAX_HISTOGRAM_BUCKETS }, (_, index) => ({
    from: min + index * width,
    to: index === MAX_HISTOGRAM_BUCKETS - 1 ? max : min + (index + 1) * width,
    count: 0,
  }));
  for (const value of sorted) buckets[Math.min(MAX_HISTOGRAM_BUCKETS - 1, Math.floor((value - min) / width))]!.count++;
  return buckets;
}
