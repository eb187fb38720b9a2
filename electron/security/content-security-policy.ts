/**
 * The renderer's Content-Security-Policy and companion headers: one definition,
 * sent by the `app://` protocol handler and by the browser host harness alike.
 *
 * - No inline script and no eval. `'wasm-unsafe-eval'` is the one allowance:
 *   the Argon2id key derivation runs as WebAssembly.
 * - `connect-src 'none'`: the renderer makes no network request of its own;
 *   sync goes through the main process.
 * - Everything else is `'self'` at most, so no remote origin can be reached.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "worker-src 'self'",
  "manifest-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function rendererResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
