import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FieldCipher, SealedValueError } from '../storage/field-cipher';
import { openStorage } from '../storage/open-storage';
import { runCli } from './run-cli';
import { loadServerKeyFile, SERVER_KEY_FILE_ENV } from './server-key-file';

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (line: string) => lines.out.push(line), err: (line: string) => lines.err.push(line) } };
}

const SEALED_COLUMNS = [
  ['cases', 'content'],
  ['cases', 'reference'],
  ['cases', 'linked_references'],
  ['review_versions', 'answers'],
  ['audit_events', 'event'],
] as const;

/** The key ids of every stored sealed value ('clear' for one not sealed), read raw from the file. */
function storedKeyIds(database: string): Set<string> {
  const raw = new Database(database, { readonly: true });
  try {
    const ids = new Set<string>();
    for (const [table, column] of SEALED_COLUMNS) {
      for (const row of raw.prepare(`SELECT ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL`).all() as { value: string }[]) {
        ids.add(FieldCipher.keyIdOf(row.value) ?? 'clear');
      }
    }
    return ids;
  } finally {
    raw.close();
  }
}

describe('server key file', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-server-key-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('init creates it 0600 beside the database; every command refuses one missing or open to others', async () => {
    const database = path.join(directory, 'a', 'casedesk.sqlite');
    const init = capture();
    expect(await runCli(['init', '--db', database], init.io)).toBe(0);
    const keyFile = `${database}.key`;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(init.lines.out.join('\n')).toContain(keyFile);
    const keys = loadServerKeyFile(keyFile);
    expect(keys.currentKeyId).toBe('k1');
    // A second init keeps the key: replacing it would make every stored value unreadable.
    expect(await runCli(['init', '--db', database], capture().io)).toBe(0);
    expect(loadServerKeyFile(keyFile).keys.get('k1')).toEqual(keys.keys.get('k1'));

    chmodSync(keyFile, 0o644);
    const exposed = capture();
    expect(await runCli(['users', 'list', '--db', database], exposed.io)).toBe(1);
    expect(exposed.lines.err.join('\n')).toMatch(/open to other users.*chmod 600/);
    chmodSync(keyFile, 0o600);

    renameSync(keyFile, `${keyFile}.moved`);
    const missing = capture();
    expect(await runCli(['users', 'list', '--db', database], missing.io)).toBe(1);
    expect(missing.lines.err.join('\n')).toMatch(/no server key file at .*CASEDESK_SERVER_KEY_FILE/);
    expect(existsSync(keyFile)).toBe(false);

    process.env[SERVER_KEY_FILE_ENV] = `${keyFile}.moved`;
    try {
      expect(await runCli(['users', 'list', '--db', database], capture().io)).toBe(0);
    } finally {
      delete process.env[SERVER_KEY_FILE_ENV];
    }
  });

  it('rotate-key re-seals every stored value under a new key id, then drops the old key', async () => {
    const database = path.join(directory, 'rotate.sqlite');
    expect(await runCli(['demo', '--db', database], capture().io)).toBe(0);
    expect(storedKeyIds(database)).toEqual(new Set(['k1']));
    const keyFile = `${database}.key`;
    const before = loadServerKeyFile(keyFile);

    const rotate = capture();
    expect(await runCli(['rotate-key', '--db', database, '--batch', '7'], rotate.io)).toBe(0);
    expect(rotate.lines.out.join('\n')).toMatch(/Done: \d+ values re-sealed under k2/);
    expect(storedKeyIds(database)).toEqual(new Set(['k2']));
    const after = loadServerKeyFile(keyFile);
    expect([...after.keys.keys()]).toEqual(['k2']);
    expect(after.keys.get('k2')).not.toEqual(before.keys.get('k1'));
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    // Everything reads back under the new key, links included.
    const storage = openStorage(database, { keys: after });
    try {
      const batches = await storage.listBatches();
      const batch = batches[0]!;
      const caseFile = await storage.getCase(batch.caseIds[0]!);
      expect(caseFile?.caseId).toBe(batch.caseIds[0]);
      const assigned = batches.filter((other) => other.assigneeId === batch.assigneeId).flatMap((other) => other.caseIds);
      const page = await storage.pullChanges(batch.assigneeId, 0, 500);
      expect(page.changes.filter((change) => change.kind === 'case').length).toBe(assigned.length);
    } finally {
      await storage.close();
    }
    // The old key opens nothing any more.
    const old = openStorage(database, { keys: before });
    try {
      const [batch] = await old.listBatches();
      await expect(old.getCase(batch!.caseIds[0]!)).rejects.toThrow(SealedValueError);
    } finally {
      await old.close();
    }
  }, 30_000);

  it('init seals the values of a database written before encryption, person ids included', async () => {
    const database = path.join(directory, 'legacy.sqlite');
    expect(await runCli(['demo', '--db', database], capture().io)).toBe(0);
    const keys = loadServerKeyFile(`${database}.key`);
    const cipher = new FieldCipher(keys);
    // Put the database back as a release before encryption wrote it: every value in clear.
    const raw = new Database(database);
    const cases = raw.prepare('SELECT case_id, content FROM cases').all() as { case_id: string; content: string }[];
    const clearPersonIds = new Set<string>();
    const clearSummaries: string[] = [];
    for (const row of cases) {
      const content = cipher.open('cases.content', row.case_id, row.content);
      const file = JSON.parse(content) as { reference: string; summary: string; victimIds: string[]; suspectIds: string[] };
      clearSummaries.push(file.summary.slice(0, 60));
      raw.prepare('UPDATE cases SET content = ?, reference = ?, linked_references = NULL WHERE case_id = ?').run(content, file.reference, row.case_id);
      raw.prepare('DELETE FROM person_links WHERE case_id = ?').run(row.case_id);
      for (const personId of new Set([...file.victimIds, ...file.suspectIds])) {
        raw.prepare('INSERT INTO person_links (person_id, case_id) VALUES (?, ?)').run(personId, row.case_id);
        clearPersonIds.add(personId);
      }
    }
    raw.close();
    expect(storedKeyIds(database)).toEqual(new Set(['clear']));

    const init = capture();
    expect(await runCli(['init', '--db', database], init.io)).toBe(0);
    expect(init.lines.out.join('\n')).toMatch(/Sealed \d+ stored values/);
    expect(storedKeyIds(database)).toEqual(new Set(['k1']));
    const bytes = readFileSync(database).toString('latin1');
    expect([...clearPersonIds].filter((personId) => bytes.includes(personId))).toEqual([]);
    expect(clearSummaries.filter((summary) => bytes.includes(summary))).toEqual([]);
  }, 30_000);
});
