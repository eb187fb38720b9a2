import { describe, expect, it } from 'vitest';
import { isOnOrigin, parseEndpointOrigin } from './endpoint-origin';

describe('parseEndpointOrigin', () => {
  it.each([
    ['https://sync.example.org', 'https://sync.example.org'],
    ['https://Sync.Example.ORG/', 'https://sync.example.org'],
    ['https://sync.example.org:443', 'https://sync.example.org'],
    ['https://sync.example.org:8443/', 'https://sync.example.org:8443'],
    ['  https://sync.example.org  ', 'https://sync.example.org'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['http://LOCALHOST:80', 'http://localhost'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['https://[2001:db8::1]', 'https://[2001:db8::1]'],
  ])('accepts %s as %s', (raw, origin) => {
    expect(parseEndpointOrigin(raw)).toEqual({ ok: true, origin });
  });

  it.each([
    ['not a url', 'not-a-url'],
    ['sync.example.org', 'not-a-url'],
    ['ftp://sync.example.org', 'scheme-not-allowed'],
    ['file:///etc/passwd', 'scheme-not-allowed'],
    ['javascript:alert(1)', 'scheme-not-allowed'],
    ['http://sync.example.org', 'plain-http-off-loopback'],
    ['http://10.0.0.5:8080', 'plain-http-off-loopback'],
    ['http://127.0.0.2', 'plain-http-off-loopback'],
    ['http://localhost.evil.example', 'plain-http-off-loopback'],
    ['http://127.0.0.1.nip.io', 'plain-http-off-loopback'],
    ['https://user:pass@sync.example.org', 'credentials-in-url'],
    ['http://user@127.0.0.1', 'credentials-in-url'],
    ['https://sync.example.org/api/v1', 'path-query-or-fragment'],
    ['https://sync.example.org/?a=1', 'path-query-or-fragment'],
    ['https://sync.example.org?', 'path-query-or-fragment'],
    ['https://sync.example.org#top', 'path-query-or-fragment'],
    ['https://sync.example.org#', 'path-query-or-fragment'],
  ])('refuses %s (%s)', (raw, reason) => {
    expect(parseEndpointOrigin(raw)).toEqual({ ok: false, reason });
  });
});

describe('isOnOrigin', () => {
  const origin = 'https://sync.example.org';
  it.each([
    ['https://sync.example.org/api/v1/pull?cursor=c1', true],
    ['https://sync.example.org:443/api/v1/health', true],
    ['https://sync.example.org.evil.example/api/v1/health', false],
    ['https://evil.example/api/v1/health', false],
    ['http://sync.example.org/api/v1/health', false],
    ['https://sync.example.org:8443/api/v1/health', false],
    ['https://x@sync.example.org/api/v1/health', false],
    ['garbage', false],
  ])('%s → %s', (url, expected) => {
    expect(isOnOrigin(url, origin)).toBe(expected);
  });
});
