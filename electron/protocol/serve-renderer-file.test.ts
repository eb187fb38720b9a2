import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../security/content-security-policy';
import { serveRendererFile } from './serve-renderer-file';

let root: string;

beforeAll(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'casedesk-serve-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'export {}');
  writeFileSync(path.join(base, 'secret.json'), '{"outside":true}');
});

describe('serveRendererFile', () => {
  it('serves index.html for / with the CSP and nosniff', async () => {
    const response = await serveRendererFile('app://casedesk/', root);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>x</title>');
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves scripts with a JavaScript type', async () => {
    const response = await serveRendererFile('app://casedesk/assets/app.js', root);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('never leaves the renderer folder', async () => {
    for (const url of [
      'app://casedesk/%2e%2e/secret.json',
      'app://casedesk/assets/%2e%2e/%2e%2e/secret.json',
      'app://casedesk/..%2fsecret.json',
    ]) {
      const response = await serveRendererFile(url, root);
      // The URL parser may already fold `..` away (404), or the decoded path
      // escapes the root (403): either way the outside file is never read.
      expect([403, 404], url).toContain(response.status);
      expect(await response.text()).not.toContain('outside');
    }
    expect((await serveRendererFile('app://casedesk/..%2fsecret.json', root)).status).toBe(403);
  });

  it('answers 404 for missing files and unknown types', async () => {
    expect((await serveRendererFile('app://casedesk/nope.js', root)).status).toBe(404);
    expect((await serveRendererFile('app://casedesk/index.exe', root)).status).toBe(404);
  });
});
