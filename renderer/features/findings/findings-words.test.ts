import { describe, expect, it } from 'vitest';
import { versionsWords } from './findings-words';

describe('findings words', () => {
  it('names versions in words', () => {
    expect(versionsWords([2])).toBe('version 2');
    expect(versionsWords([1, 2, 3])).toBe('versions 1, 2 and 3');
  });
});
