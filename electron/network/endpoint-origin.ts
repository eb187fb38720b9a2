/**
 * Which endpoints main may talk to. The reviewer types a URL; main keeps only
 * its origin, normalised by the WHATWG URL parser (lower-case host, default
 * port dropped, IPv6 in brackets), so the saved origin and every request URL
 * built from it compare as plain strings.
 */

/** Plain HTTP is tolerated only where the traffic never leaves the machine. */
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', '[::1]', 'localhost']);

export type EndpointOriginVerdict =
  | { readonly ok: true; readonly origin: string }
  | { readonly ok: false; readonly reason: EndpointRefusal };

export type EndpointRefusal =
  | 'not-a-url'
  | 'scheme-not-allowed'
  | 'plain-http-off-loopback'
  | 'credentials-in-url'
  | 'path-query-or-fragment';

/** Plain words for each refusal: none of them repeats the URL. */
export const ENDPOINT_REFUSAL_WORDS: Record<EndpointRefusal, string> = {
  'not-a-url': 'The endpoint address is not a valid URL',
  'scheme-not-allowed': 'The endpoint address must start with https://',
  'plain-http-off-loopback': 'Plain http:// is allowed only to this computer (127.0.0.1, ::1, localhost); use https://',
  'credentials-in-url': 'The endpoint address must not contain a user name or password',
  'path-query-or-fragment': 'The endpoint address must be only scheme, host and port, without a path, query or fragment',
};

export function parseEndpointOrigin(rawUrl: string): EndpointOriginVerdict {
  let url: URL;
  try {
    url = new URL(rawUrl.trim());
  } catch {
    return { ok: false, reason: 'not-a-url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme-not-allowed' };
  if (url.hostname === '') return { ok: false, reason: 'not-a-url' };
  if (url.protocol === 'http:' && !LOOPBACK_HOSTNAMES.has(url.hostname)) {
    return { ok: false, reason: 'plain-http-off-loopback' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials-in-url' };
  // `https://host` and `https://host/` both parse to pathname "/"; anything
  // more would make the saved origin differ from what the reviewer typed.
  // A bare `?` or `#` leaves search and hash empty, so the raw text is checked too.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[?#]/.test(rawUrl)) {
    return { ok: false, reason: 'path-query-or-fragment' };
  }
  return { ok: true, origin: url.origin };
}

/** True when `url` (absolute) is on exactly `origin`; the one check every request passes. */
export function isOnOrigin(url: string, origin: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.origin === origin && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
