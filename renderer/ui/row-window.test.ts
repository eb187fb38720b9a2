import { describe, expect, it } from 'vitest';
import { rowWindow, scrollOffsetToShow } from './row-window';

describe('rowWindow', () => {
  it('draws the rows in view plus the overscan, with spacers for the rest', () => {
    expect(rowWindow(0, 320, 32, 10_000, 5)).toEqual({ first: 0, end: 16, spaceBefore: 0, spaceAfter: (10_000 - 16) * 32 });
    const middle = rowWindow(32 * 5_000 + 10, 320, 32, 10_000, 5);
    expect(middle.first).toBe(4_995);
    expect(middle.end).toBe(5_016);
    expect(middle.spaceBefore + (middle.end - middle.first) * 32 + middle.spaceAfter).toBe(10_000 * 32);
  });

  it('stays within the list at its end, when short, and when empty', () => {
    expect(rowWindow(32 * 9_990, 320, 32, 10_000, 5)).toMatchObject({ end: 10_000, spaceAfter: 0 });
    expect(rowWindow(0, 320, 32, 3, 5)).toEqual({ first: 0, end: 3, spaceBefore: 0, spaceAfter: 0 });
    expect(rowWindow(500, 320, 32, 0, 5)).toEqual({ first: 0, end: 0, spaceBefore: 0, spaceAfter: 0 });
    // A list shortened by a filter while scrolled far down still draws its rows from the top of what is left.
    expect(rowWindow(32 * 9_000, 320, 32, 4, 5)).toEqual({ first: 4, end: 4, spaceBefore: 128, spaceAfter: 0 });
  });

  it('never draws more than a screenful and the overscan, however long the list', () => {
    for (const scrollTop of [0, 1_000, 123_456, 319_000]) {
      const { first, end } = rowWindow(scrollTop, 600, 32, 10_000, 8);
      expect(end - first).toBeLessThanOrEqual(Math.ceil(600 / 32) + 1 + 16);
    }
  });
});

describe('scrollOffsetToShow', () => {
  it('scrolls up or down just enough to show a row, and not at all when it is in view', () => {
    expect(scrollOffsetToShow(9, 0, 320, 32)).toBeNull();
    expect(scrollOffsetToShow(10, 0, 320, 32)).toBe(32);
    expect(scrollOffsetToShow(2, 320, 320, 32)).toBe(64);
    expect(scrollOffsetToShow(20, 0, 320, 32)).toBe(21 * 32 - 320);
    expect(scrollOffsetToShow(8, 0, 320, 32, 40)).toBe(9 * 32 + 40 - 320);
  });
});
