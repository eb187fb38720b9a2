import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';

/** Reads a JSON body of at most `limitBytes`; anything else is a 4xx, never a crash. */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'Send application/json.');
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw new HttpError(413, 'payload_too_large', `The body exceeds ${limitBytes} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new HttpError(413, 'payload_too_large', `The body exceeds ${limitBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not UTF-8.');
  }
  // No member may be called __proto__: it would reach object prototypes after parsing.
  if (text.includes('"__proto__"')) throw new HttpError(400, 'invalid_json', 'The body uses a reserved member name.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}
