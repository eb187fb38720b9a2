import { describe, expect, it } from 'vitest';
import { placeholders, selectIn } from './sql-lists';

describe('IN lists', () => {
  it('chunks long value lists and gathers more rows than one call could take as arguments', async () => {
    const values = Array.from({ length: 20_000 }, (_, index) => `id-${index}`);
    const chunkSizes: number[] = [];
    const rows = await selectIn(values, async (list, chunk) => {
      chunkSizes.push(chunk.length);
      expect(list).toBe(placeholders(chunk.length));
      // A link query can return far more rows than ids asked about.
      return Array.from({ length: chunk.length * 20 }, (_, index) => index);
    });
    expect(chunkSizes.reduce((sum, size) => sum + size, 0)).toBe(values.length);
    expect(Math.max(...chunkSizes)).toBeLessThanOrEqual(8_000);
    expect(rows).toHaveLength(values.length * 20);
  });
});
