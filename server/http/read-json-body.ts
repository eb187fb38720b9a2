import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';
import { parseRequestJson } from './parse-request-json';

/** Reads a JSON body of at most `limitBytes`; anything else is a 4xx, never a crash. */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'Send application/json.');
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw new HttpError(413, 'payload_too_large', `The body exceeds ${limitBytes} bytes.`);
  // Events, not for-await: leaving a for-await early destroys the socket before the 413 is sent.
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        chunks.length = 0;
        reject(new HttpError(413, 'payload_too_large', `The body exceeds ${limitBytes} bytes.`, undefined, { Connection: 'close' }));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    request.on('error', () => {
      if (!failed) reject(new HttpError(400, 'invalid_json', 'The body could not be read.'));
      failed = true;
    });
  });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not UTF-8.');
  }
  return parseRequestJson(text);
}
