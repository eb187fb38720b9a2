import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { rendererResponseHeaders } from '../security/content-security-policy';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: rendererResponseHeaders('text/plain; charset=utf-8') });
}

/**
 * Answers one request for a built renderer file. Used by the `app://` protocol
 * handler and by the harness's loopback server, so both send the same bytes
 * and the same headers. Only files under `rendererDir` can be reached.
 */
export async function serveRendererFile(requestUrl: string, rendererDir: string): Promise<Response> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return plainResponse(400, 'Bad request');
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const root = path.resolve(rendererDir);
  const filePath = path.resolve(root, `.${pathname}`);
  if (filePath !== root && !filePath.startsWith(root + path.sep)) {
    return plainResponse(403, 'Forbidden');
  }
  const contentType = CONTENT_TYPES[path.extname(filePath).toLowerCase()];
  if (!contentType) return plainResponse(404, 'Not found');
  try {
    const body = await readFile(filePath);
    return new Response(body, { status: 200, headers: rendererResponseHeaders(contentType) });
  } catch {
    return plainResponse(404, 'Not found');
  }
}
