import { describe, expect, it } from 'vitest';
import { AUDIT_PLAINTEXT_BYTES, padmeLength, padPlaintext, paddedPlaintextLength, unpadPlaintext } from './record-padding';

describe('record padding (ISO/IEC 7816-4 marker, PADMÉ buckets, fixed-size audit events)', () => {
  it('rounds lengths as PADMÉ does: only the top ⌊log₂ ⌊log₂ L⌋⌋ + 1 bits may be set', () => {
    // Worked by hand from the paper's definition.
    expect(padmeLength(9)).toBe(10); // E=3, S=2: step 2
    expect(padmeLength(1000)).toBe(1024); // E=9, S=4: step 32
    expect(padmeLength(1025)).toBe(1088); // E=10, S=4: step 64
    expect(padmeLength(5000)).toBe(5120); // E=12, S=4: step 256
    for (let length = 1; length < 100_000; length += 7) {
      const padded = padmeLength(length);
      expect(padded).toBeGreaterThanOrEqual(length);
      expect(padded / length).toBeLessThanOrEqual(1.12);
    }
  });

  it('pads audit events to a multiple of the fixed size and everything else to a PADMÉ bucket', () => {
    expect(paddedPlaintextLength('auditLog', 280)).toBe(AUDIT_PLAINTEXT_BYTES);
    expect(paddedPlaintextLength('auditLog', 400)).toBe(AUDIT_PLAINTEXT_BYTES);
    expect(paddedPlaintextLength('cases', 4999)).toBe(5120);
  });

  it('strips exactly what it added, even when the content ends in zero bytes or 0x80', () => {
    for (const content of [new Uint8Array([]), new Uint8Array([1, 0, 0]), new Uint8Array([0x80, 0x80]), new Uint8Array(999).fill(7)]) {
      const padded = padPlaintext('cases', content);
      expect(padded[content.length]).toBe(0x80);
      expect(unpadPlaintext(padded)).toEqual(content);
    }
  });

  it('refuses a plaintext without the marker', () => {
    expect(unpadPlaintext(new Uint8Array([1, 2, 3, 0, 0]))).toBeNull();
    expect(unpadPlaintext(new Uint8Array(8))).toBeNull();
  });
});
