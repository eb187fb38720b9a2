/**
 * Padding of format-v2 plaintexts, so a ciphertext's length does not tell
 * what it holds: which kind of audit event, how long a case's summary is.
 *
 * The padded plaintext is `content ‖ 0x80 ‖ 0x00…` (ISO/IEC 7816-4 padding:
 * unambiguous for any content, so a reader strips it without knowing the
 * target length), and its total length is
 * - `auditLog`: the next multiple of AUDIT_PLAINTEXT_BYTES, so every event
 *   of today's kinds seals to one and the same length;
 * - every other table: PADMÉ (Nikitin et al., "Reducing Metadata Leakage
 *   from Encrypted Files and Communication with PURBs", PETS 2019) of
 *   `content + 1`: at most 12 % overhead, and a length reveals only
 *   O(log log n) bits.
 * The whole padded plaintext is encrypted and authenticated by AES-GCM; the
 * format version `v` in the AAD names this scheme.
 */
export const AUDIT_PLAINTEXT_BYTES = 1024;
const PADDING_MARKER = 0x80;

/** PADMÉ: round `length` up so only its top ⌊log₂ ⌊log₂ length⌋⌋ + 1 bits may be non-zero. */
export function padmeLength(length: number): number {
  if (!Number.isSafeInteger(length) || length < 1) throw new RangeError('PADMÉ needs a positive length');
  if (length < 4) return length;
  const exponent = Math.floor(Math.log2(length));
  const significantBits = Math.floor(Math.log2(exponent)) + 1;
  const step = 2 ** (exponent - significantBits);
  return Math.ceil(length / step) * step;
}

/** The padded plaintext length for `contentLength` bytes of JSON in `table`. */
export function paddedPlaintextLength(table: string, contentLength: number): number {
  const withMarker = contentLength + 1;
  if (table === 'auditLog') return Math.ceil(withMarker / AUDIT_PLAINTEXT_BYTES) * AUDIT_PLAINTEXT_BYTES;
  return padmeLength(withMarker);
}

/** Pads `content` for `table` into a new array; the caller zeroes both when done. */
export function padPlaintext(table: string, content: Uint8Array): Uint8Array<ArrayBuffer> {
  const padded = new Uint8Array(paddedPlaintextLength(table, content.length));
  padded.set(content, 0);
  padInPlace(table, padded, content.length);
  return padded;
}

/**
 * Pads where the content already lies: `buffer` holds `contentLength` bytes
 * of content followed by zeros up to at least the padded length (the
 * sealer's scratch buffer). Writes the marker; answers the padded length.
 */
export function padInPlace(table: string, buffer: Uint8Array, contentLength: number): number {
  const length = paddedPlaintextLength(table, contentLength);
  if (buffer.length < length) throw new RangeError('The buffer is too short for the padded plaintext');
  buffer[contentLength] = PADDING_MARKER;
  return length;
}

/** The content without its padding, or null when the padding is malformed. */
export function unpadPlaintext(padded: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> | null {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== PADDING_MARKER) return null;
  return padded.subarray(0, end);
}
