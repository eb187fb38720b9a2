/** Byte plumbing the vault needs in the browser and in Node tests alike. */

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** getRandomValues fills at most this many bytes per call. */
const RANDOM_BYTES_PER_CALL = 65_536;

/** Random bytes of any length (one draw per 64 KiB: many IVs at once cost one call, not one each). */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += RANDOM_BYTES_PER_CALL) {
    crypto.getRandomValues(bytes.subarray(offset, offset + RANDOM_BYTES_PER_CALL));
  }
  return bytes;
}

const utf8Encoder = new TextEncoder();
const strictUtf8Decoder = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8Decoder = new TextDecoder('utf-8');
const REPLACEMENT_CHARACTER = '\uFFFD';

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return utf8Encoder.encode(text);
}

/**
 * UTF-8 of `text` written into `target` from its start; answers the byte
 * count. `target` must hold `text.length * 3` bytes (the most UTF-8 needs
 * per UTF-16 code unit), so the whole text is always written.
 */
export function utf8Into(text: string, target: Uint8Array): number {
  if (target.length < text.length * 3) throw new RangeError('The buffer is too short for the UTF-8 of this text');
  return utf8Encoder.encodeInto(text, target).written;
}

/**
 * Decodes UTF-8 and throws on malformed bytes, as a fatal TextDecoder does.
 * A lenient decode goes first because Chromium's fatal decoder is several
 * times slower; a lenient decoder turns malformed bytes into U+FFFD, so only
 * text containing U+FFFD (rare: it may also be a genuine character) is
 * decoded again strictly, which throws exactly when the bytes are malformed.
 */
export function fromUtf8(bytes: BufferSource): string {
  const text = lenientUtf8Decoder.decode(bytes);
  return text.includes(REPLACEMENT_CHARACTER) ? strictUtf8Decoder.decode(bytes) : text;
}
