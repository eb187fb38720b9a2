import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeNumbers, MAX_HISTOGRAM_BUCKETS } from './number-distribution';

describe('describeNumbers', () => {
  it('gives nothing for no values', () => {
    expect(describeNumbers([], true)).toBeNull();
  });

  it('interpolates quartiles as Excel QUARTILE.INC does', () => {
    // QUARTILE.INC({1,2,3,4}, 1..3) = 1.75, 2.5, 3.25; ({3,1,7,5,9}) = 3, 5, 7.
    expect(describeNumbers([4, 1, 3, 2], true)).toMatchObject({ count: 4, min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
    expect(describeNumbers([3, 1, 7, 5, 9], true)).toMatchObject({ min: 1, q1: 3, median: 5, q3: 7, max: 9 });
    expect(describeNumbers([6], true)).toMatchObject({ min: 6, q1: 6, median: 6, q3: 6, max: 6, buckets: [{ from: 6, to: 6, count: 1 }] });
  });

  it('puts whole numbers in inclusive whole-number buckets of equal width', () => {
    expect(describeNumbers([0, 1, 1, 2, 5], true)!.buckets).toEqual([0, 1, 2, 3, 4, 5].map((value) => ({ from: value, to: value, count: [1, 2, 1, 0, 0, 1][value] })));
    expect(describeNumbers([0, 9, 10, 25], true)!.buckets.slice(0, 2)).toEqual([
      { from: 0, to: 2, count: 1 },
      { from: 3, to: 5, count: 0 },
    ]);
  });

  it('counts every value in exactly one bucket that holds it, within the bucket cap', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 200 }), fc.boolean(), (values, integer) => {
        const described = describeNumbers(values, integer)!;
        expect(described.buckets.length).toBeLessThanOrEqual(MAX_HISTOGRAM_BUCKETS);
        expect(described.buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(values.length);
        described.buckets.forEach((bucket, index) => {
          const last = index === described.buckets.length - 1;
          const inside = values.filter((value) => value >= bucket.from && (integer || last ? value <= bucket.to : value < bucket.to));
          expect(bucket.count).toBe(inside.length);
        });
        expect(described.min).toBe(Math.min(...values));
        expect(described.max).toBe(Math.max(...values));
        expect(described.min <= described.q1 && described.q1 <= described.median && described.median <= described.q3 && described.q3 <= described.max).toBe(true);
      }),
    );
  });

  it('spreads fractional values over ten buckets, the maximum in the last', () => {
    const described = describeNumbers([0, 0.5, 1], false)!;
    expect(described.buckets).toHaveLength(MAX_HISTOGRAM_BUCKETS);
    expect(described.buckets[0]!.count).toBe(1);
    expect(described.buckets[5]!.count).toBe(1);
    expect(described.buckets[9]).toEqual({ from: 0.9, to: 1, count: 1 });
  });
});
