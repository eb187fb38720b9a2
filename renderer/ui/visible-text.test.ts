import { describe, expect, it } from 'vitest';
import { displayedText, hasHiddenCharacters, segmentVisibleText } from './visible-text';

describe('visible text', () => {
  it('leaves ordinary text, including right-to-left letters, tabs and line breaks, as one run', () => {
    for (const text of ['Plain summary, 12 lines.', 'שלום עולם and مرحبا', 'line one\nline two\tindented', 'Ünïcödé – “quotes”']) {
      expect(segmentVisibleText(text)).toEqual([{ kind: 'text', text }]);
      expect(hasHiddenCharacters(text)).toBe(false);
      expect(displayedText(text)).toBe(text);
    }
  });

  it('isolates U+202E so the text after it keeps its logical order, and names it', () => {
    const text = 'invoice\u202Efdp.exe';
    expect(segmentVisibleText(text)).toEqual([
      { kind: 'text', text: 'invoice' },
      { kind: 'hidden', codePoint: 0x202e, code: 'U+202E', name: 'RIGHT-TO-LEFT OVERRIDE' },
      { kind: 'text', text: 'fdp.exe' },
    ]);
    expect(displayedText(text)).toBe('invoice[U+202E]fdp.exe');
  });

  it.each([
    ['\u202A', 'LEFT-TO-RIGHT EMBEDDING'],
    ['\u202B', 'RIGHT-TO-LEFT EMBEDDING'],
    ['\u202C', 'POP DIRECTIONAL FORMATTING'],
    ['\u202D', 'LEFT-TO-RIGHT OVERRIDE'],
    ['\u2066', 'LEFT-TO-RIGHT ISOLATE'],
    ['\u2067', 'RIGHT-TO-LEFT ISOLATE'],
    ['\u2068', 'FIRST STRONG ISOLATE'],
    ['\u2069', 'POP DIRECTIONAL ISOLATE'],
    ['\u200E', 'LEFT-TO-RIGHT MARK'],
    ['\u200F', 'RIGHT-TO-LEFT MARK'],
    ['\u061C', 'ARABIC LETTER MARK'],
    ['\u200B', 'ZERO WIDTH SPACE'],
    ['\u200D', 'ZERO WIDTH JOINER'],
    ['\uFEFF', 'ZERO WIDTH NO-BREAK SPACE'],
    ['\u00AD', 'SOFT HYPHEN'],
    ['\u3164', 'HANGUL FILLER'],
    ['\u{E0041}', 'TAG CHARACTER'],
    ['\u0007', 'CONTROL CHARACTER'],
    ['\u2028', 'LINE SEPARATOR'],
  ])('makes %j visible as a named marker', (character, name) => {
    const segments = segmentVisibleText(`a${character}b`);
    expect(segments).toHaveLength(3);
    expect(segments[1]).toMatchObject({ kind: 'hidden', name, codePoint: character.codePointAt(0) });
    expect(hasHiddenCharacters(`a${character}b`)).toBe(true);
  });

  it('keeps adjacent hidden characters apart and handles text made only of them', () => {
    expect(displayedText('\u202E\u202E')).toBe('[U+202E][U+202E]');
    expect(displayedText('x\u{E0041}y')).toBe('x[U+E0041]y');
    expect(segmentVisibleText('')).toEqual([]);
  });

  it('never lets a hidden character through into displayed text', () => {
    const nasty = 'a\u202Eb\u2066c\u200Bd\uFEFFe\u{E0020}f\u0000g';
    expect(hasHiddenCharacters(displayedText(nasty))).toBe(false);
  });
});
