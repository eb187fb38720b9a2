import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { openKeyedStorage } from '../test-support/keyed-storage';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli';

const posix = process.platform !== 'win32';
const modeOf = (file: string) => statSync(file).mode & 0o777;

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (line: string) => lines.out.push(line), err: (line: string) => lines.err.push(line) } };
}

describe.skipIf(!posix)('SQLite files on disk (POSIX modes; Windows relies on ACLs)', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-modes-'));
  let previousUmask = 0;
  // The usual desktop and server umask: without care SQLite would create 0644 files in a 0755 folder.
  beforeAll(() => {
    previousUmask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(previousUmask);
    rmSync(directory, { recursive: true, force: true });
  });

  it('init creates the data folder 0700 and the database, WAL and SHM files 0600', async () => {
    const database = path.join(directory, 'data', 'casedesk.sqlite');
    const init = capture();
    expect(await runCli(['init', '--db', database], init.io)).toBe(0);
    expect(modeOf(path.dirname(database))).toBe(0o700);
    expect(modeOf(database)).toBe(0o600);
    // The WAL and SHM files exist only while a connection is open.
    const storage = openKeyedStorage(database);
    await storage.migrate(new Date().toISOString());
    await storage.addUser({ userId: 'mode-check', displayName: 'Mode check', role: 'reviewer' }, new Date().toISOString());
    try {
      expect(modeOf(`${database}-wal`)).toBe(0o600);
      expect(modeOf(`${database}-shm`)).toBe(0o600);
    } finally {
      await storage.close();
    }
  });

  it.each([
    ['the database file', ''],
    ['a leftover WAL file', '-wal'],
  ])('refuses to start when %s can be read by others, saying what to do', async (_label, suffix) => {
    const database = path.join(directory, `exposed${suffix || '-db'}`, 'casedesk.sqlite');
    expect(await runCli(['init', '--db', database], capture().io)).toBe(0);
    writeFileSync(`${database}${suffix}`, '', { flag: 'a' });
    chmodSync(`${database}${suffix}`, 0o644);
    const serve = capture();
    expect(await runCli(['serve', '--db', database, '--port', '0'], serve.io)).toBe(1);
    expect(serve.lines.err.join('\n')).toMatch(/open to other users \(mode 0644\).*chmod 600/);
  });
});
