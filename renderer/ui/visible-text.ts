/**
 * Case text is data, not layout. Unicode bidirectional controls (U+202E
 * RIGHT-TO-LEFT OVERRIDE and friends) can make a line display in another
 * order than it reads, and invisible format characters (zero-width spaces,
 * joiners, soft hyphens, tag characters) can hide or split words. Case text
 * is split here into plain runs and such characters, which the UI shows as
 * visible, named markers instead of letting them act.
 */
export type TextSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'hidden'; readonly codePoint: number; readonly code: string; readonly name: string };

const NAMES: Readonly<Record<number, string>> = {
  0x00ad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x3164: 'HANGUL FILLER',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
};

/**
 * Format characters (Cf: every bidi control, zero-width and tag character),
 * control characters other than tab and line breaks (Cc), invisible fillers
 * that render as nothing, and line/paragraph separators that break a line
 * without looking like a break.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are made visible.
const HIDDEN = /[\p{Cf}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u115F\u1160\u3164\uFFA0\u2028\u2029]/u;
const HIDDEN_GLOBAL = new RegExp(HIDDEN.source, 'gu');

function hexCode(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

function nameOf(codePoint: number): string {
  if (NAMES[codePoint]) return NAMES[codePoint];
  if (codePoint >= 0xe0000 && codePoint <= 0xe007f) return 'TAG CHARACTER';
  if (codePoint === 0x2028) return 'LINE SEPARATOR';
  if (codePoint === 0x2029) return 'PARAGRAPH SEPARATOR';
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return 'CONTROL CHARACTER';
  return 'INVISIBLE FORMAT CHARACTER';
}

export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN.test(text);
}

export function segmentVisibleText(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(HIDDEN_GLOBAL)) {
    if (match.index > last) segments.push({ kind: 'text', text: text.slice(last, match.index) });
    const codePoint = match[0].codePointAt(0)!;
    segments.push({ kind: 'hidden', codePoint, code: hexCode(codePoint), name: nameOf(codePoint) });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/** The marker shown in place of a hidden character: plain ASCII, so it cannot reorder anything itself. */
export function markerFor(segment: Extract<TextSegment, { kind: 'hidden' }>): string {
  return `[${segment.code}]`;
}

/** The text as displayed: hidden characters replaced by their markers (what a reader sees, in logical order). */
export function displayedText(text: string): string {
  return segmentVisibleText(text)
    .map((segment) => (segment.kind === 'text' ? segment.text : markerFor(segment)))
    .join('');
}
