import { describe, expect, it } from 'vitest';
import { fromUtf8, randomBytes, utf8, utf8Into } from './byte-encoding';

describe('byte encoding', () => {
  it('decodes UTF-8, a genuine U+FFFD included, and throws on malformed bytes as a fatal decoder does', () => {
    const text = 'Łódź � 𝄞 plain';
    expect(fromUtf8(utf8(text))).toBe(text);
    for (const malformed of [[0xff], [0x61, 0xc3], [0xed, 0xa0, 0x80], [0xef, 0xbf, 0xbd, 0x80]]) {
      expect(() => fromUtf8(new Uint8Array(malformed))).toThrow(TypeError);
    }
  });

  it('writes UTF-8 into a buffer and refuses one that may be too short', () => {
    const target = new Uint8Array(30);
    expect(utf8Into('Łódź', target)).toBe(7);
    expect(fromUtf8(target.subarray(0, 7))).toBe('Łódź');
    expect(() => utf8Into('x'.repeat(11), target)).toThrow(RangeError);
  });

  it('draws random bytes beyond the 64 KiB one getRandomValues call allows, all of them', () => {
    const bytes = randomBytes(200_000);
    expect(bytes.length).toBe(200_000);
    // Each 64 KiB chunk is filled: a run of 64 zero bytes would be a chunk left empty (chance 2⁻⁵¹²).
    for (let offset = 0; offset < bytes.length; offset += 65_536) {
      expect(bytes.subarray(offset, offset + 64).some((byte) => byte !== 0)).toBe(true);
    }
    expect(bytes.subarray(bytes.length - 64).some((byte) => byte !== 0)).toBe(true);
  });
});
