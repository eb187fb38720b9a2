import { describe, expect, it } from 'vitest';
import { shortcutFor, steppedIndex, type KeyPress } from './keyboard-shortcuts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({ key, altKey: false, ctrlKey: false, metaKey: false, inTextField: false, ...extra });

describe('shortcutFor', () => {
  it('maps the single keys outside text fields', () => {
    expect(shortcutFor(press('j'))).toBe('nextCase');
    expect(shortcutFor(press('k'))).toBe('previousCase');
    expect(shortcutFor(press('/'))).toBe('focusSearch');
    expect(shortcutFor(press('e'))).toBe('focusForm');
    expect(shortcutFor(press('?'))).toBe('showShortcuts');
    expect(shortcutFor(press('3'))).toBe('chooseOption');
    expect(shortcutFor(press('0'))).toBeNull();
    expect(shortcutFor(press('x'))).toBeNull();
  });

  it('never takes a typed letter or digit from a text field', () => {
    for (const key of ['j', 'k', '/', 'e', '?', '1', '9']) expect(shortcutFor(press(key, { inTextField: true }))).toBeNull();
  });

  it('keeps the modified shortcuts working inside text fields', () => {
    expect(shortcutFor(press('Enter', { ctrlKey: true, inTextField: true }))).toBe('submitAndNext');
    expect(shortcutFor(press('Enter', { metaKey: true }))).toBe('submitAndNext');
    expect(shortcutFor(press('ArrowDown', { altKey: true, inTextField: true }))).toBe('nextCase');
    expect(shortcutFor(press('ArrowUp', { altKey: true }))).toBe('previousCase');
    expect(shortcutFor(press('Enter'))).toBeNull();
    expect(shortcutFor(press('j', { ctrlKey: true }))).toBeNull();
  });
});

describe('steppedIndex', () => {
  it('steps within the list and stops at its ends', () => {
    expect(steppedIndex(0, 3, 1)).toBe(1);
    expect(steppedIndex(2, 3, 1)).toBe(2);
    expect(steppedIndex(0, 3, -1)).toBe(0);
    expect(steppedIndex(-1, 3, 1)).toBe(0);
    expect(steppedIndex(-1, 3, -1)).toBe(2);
    expect(steppedIndex(0, 0, 1)).toBeNull();
  });
});
