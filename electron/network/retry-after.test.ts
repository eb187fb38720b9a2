import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_SECONDS, parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const now = new Date('2026-01-15T10:00:00.000Z');
  it.each([
    [null, null],
    ['0', 0],
    ['17', 17],
    [' 30 ', 30],
    ['999999', MAX_RETRY_AFTER_SECONDS],
    ['Thu, 15 Jan 2026 10:00:45 GMT', 45],
    ['Thu, 15 Jan 2026 09:00:00 GMT', 0],
    ['Sun, 15 Mar 2026 10:00:00 GMT', MAX_RETRY_AFTER_SECONDS],
    ['-5', null],
    ['1.5', null],
    ['soon', null],
    ['2026-01-15T10:00:45Z', null],
    ['', null],
  ])('%s → %s', (header, seconds) => {
    expect(parseRetryAfter(header, now)).toBe(seconds);
  });
});
