import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENDPOINT_CONFIG_FILE, openEndpointConfigStore } from './endpoint-config-store';

const PIN = 'A'.repeat(43) + '=';
let directory: string;
let logged: string[];
const log = (line: string) => logged.push(line);

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'casedesk-main-config-'));
  logged = [];
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('endpoint config store', () => {
  it('starts not enrolled, without a log line, when there is no file', () => {
    expect(openEndpointConfigStore(directory, log).current()).toBeNull();
    expect(logged).toEqual([]);
  });

  it('saves atomically with mode 0600 and reads the same config at the next start', () => {
    const store = openEndpointConfigStore(directory, log);
    store.save({ origin: 'https://sync.example.org', spkiPin: PIN });
    expect(store.current()).toEqual({ origin: 'https://sync.example.org', spkiPin: PIN });
    expect(readdirSync(directory)).toEqual([ENDPOINT_CONFIG_FILE]);
    if (process.platform !== 'win32') expect(statSync(path.join(directory, ENDPOINT_CONFIG_FILE)).mode & 0o777).toBe(0o600);
    expect(openEndpointConfigStore(directory, log).current()).toEqual({ origin: 'https://sync.example.org', spkiPin: PIN });

    store.save({ origin: 'http://127.0.0.1:8080', spkiPin: null });
    expect(openEndpointConfigStore(directory, log).current()).toEqual({ origin: 'http://127.0.0.1:8080', spkiPin: null });
    expect(readdirSync(directory)).toEqual([ENDPOINT_CONFIG_FILE]);
  });

  it('clear forgets the endpoint, on disk too', () => {
    const store = openEndpointConfigStore(directory, log);
    store.save({ origin: 'https://sync.example.org', spkiPin: null });
    store.clear();
    expect(store.current()).toBeNull();
    expect(openEndpointConfigStore(directory, log).current()).toBeNull();
    store.clear();
  });

  it.each([
    ['not JSON', '{"version":1,"origin":"https://sync.exa'],
    ['a wrong shape', JSON.stringify({ version: 1, origin: 'https://sync.example.org', spkiPin: null, extra: 'SECRET-CANARY' })],
    ['an unknown version', JSON.stringify({ version: 2, origin: 'https://sync.example.org', spkiPin: null })],
    ['plain http to another machine', JSON.stringify({ version: 1, origin: 'http://SECRET-CANARY.example', spkiPin: null })],
    ['an origin with a path', JSON.stringify({ version: 1, origin: 'https://sync.example.org/SECRET-CANARY', spkiPin: null })],
    ['a bad pin', JSON.stringify({ version: 1, origin: 'https://sync.example.org', spkiPin: 'SECRET-CANARY' })],
  ])('treats a file with %s as not enrolled and logs one line without its contents', (_label, contents) => {
    writeFileSync(path.join(directory, ENDPOINT_CONFIG_FILE), contents);
    expect(openEndpointConfigStore(directory, log).current()).toBeNull();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(ENDPOINT_CONFIG_FILE);
    expect(logged[0]).not.toMatch(/CANARY|sync\.example/);
  });

  it('a damaged file is replaced by the next enrolment', () => {
    writeFileSync(path.join(directory, ENDPOINT_CONFIG_FILE), '\u0000garbage');
    const store = openEndpointConfigStore(directory, log);
    store.save({ origin: 'https://sync.example.org', spkiPin: null });
    expect(JSON.parse(readFileSync(path.join(directory, ENDPOINT_CONFIG_FILE), 'utf8'))).toEqual({
      version: 1,
      origin: 'https://sync.example.org',
      spkiPin: null,
    });
  });
});
