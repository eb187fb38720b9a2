import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_FILE_NAMES, FINDINGS_EXPORT_FILE_NAMES } from '../../shared/ipc/files-contract';
import { verifyExportFiles } from '../../shared/lead-export/verify-export-files';
import type { DevicePublicKey } from '../../shared/sync-protocol/enrol';
import { beginExportFolder, ExportWriteError } from './export-folder-writer';

let parentDir: string;
const bytes = (text: string) => new TextEncoder().encode(text);
const isPosix = process.platform !== 'win32';

beforeEach(() => {
  parentDir = mkdtempSync(path.join(tmpdir(), 'casedesk-export-parent-'));
});
afterEach(() => {
  rmSync(parentDir, { recursive: true, force: true });
});

function writeAll(folderName: string) {
  const writer = beginExportFolder(parentDir, folderName);
  for (const name of EXPORT_FILE_NAMES) writer.writeFile(name, bytes(`content of ${name}`));
  return writer;
}

function problemOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return error instanceof ExportWriteError ? error.problem : `unexpected ${String(error)}`;
  }
  return undefined;
}

describe('export folder writer', () => {
  it('shows nothing under the final name until finish, then exactly the files, 0700 and 0600', () => {
    const writer = writeAll('export-1');
    expect(readdirSync(parentDir)).toEqual([path.basename(writer.partialPath)]);
    expect(path.basename(writer.partialPath)).toMatch(/^\./);

    const finalPath = writer.finish();
    expect(finalPath).toBe(path.join(parentDir, 'export-1'));
    expect(readdirSync(parentDir)).toEqual(['export-1']);
    expect(readdirSync(finalPath).sort()).toEqual([...EXPORT_FILE_NAMES].sort());
    for (const name of EXPORT_FILE_NAMES) expect(readFileSync(path.join(finalPath, name), 'utf8')).toBe(`content of ${name}`);
    if (isPosix) {
      expect(statSync(finalPath).mode & 0o777).toBe(0o700);
      for (const name of EXPORT_FILE_NAMES) expect(statSync(path.join(finalPath, name)).mode & 0o777).toBe(0o600);
    }
  });

  it('refuses to finish with a file missing, and the caller can still send it', () => {
    const writer = beginExportFolder(parentDir, 'export-2');
    writer.writeFile('outcomes.csv', bytes('a'));
    expect(problemOf(() => writer.finish())).toBe('ExportIncomplete');
    expect(readdirSync(parentDir)).not.toContain('export-2');
    for (const name of EXPORT_FILE_NAMES.filter((name) => name !== 'outcomes.csv')) writer.writeFile(name, bytes('b'));
    expect(writer.finish()).toBe(path.join(parentDir, 'export-2'));
  });

  it('a findings export takes its own files only, and needs every one of them', () => {
    const writer = beginExportFolder(parentDir, 'findings', { kind: 'findings' });
    expect(problemOf(() => writer.writeFile('outcomes.json', bytes('x')))).toBe('ExportWriteFailed');
    const findings = beginExportFolder(parentDir, 'findings-2', { kind: 'findings' });
    for (const name of FINDINGS_EXPORT_FILE_NAMES.filter((name) => name !== 'findings-summary.pdf')) findings.writeFile(name, bytes(name));
    expect(problemOf(() => findings.finish())).toBe('ExportIncomplete');
    findings.writeFile('findings-summary.pdf', bytes('%PDF'));
    expect(readdirSync(findings.finish()).sort()).toEqual([...FINDINGS_EXPORT_FILE_NAMES].sort());
    expect(problemOf(() => beginExportFolder(parentDir, 'outcomes').writeFile('findings.csv', bytes('x')))).toBe('ExportWriteFailed');
  });

  it('refuses a file sent twice', () => {
    const writer = beginExportFolder(parentDir, 'export-3');
    writer.writeFile('manifest.json', bytes('{}'));
    expect(problemOf(() => writer.writeFile('manifest.json', bytes('{"again":1}')))).toBe('ExportFileRepeated');
  });

  it('never replaces what is already there under the name, even an empty folder', () => {
    mkdirSync(path.join(parentDir, 'taken'));
    expect(problemOf(() => beginExportFolder(parentDir, 'taken'))).toBe('ExportFolderExists');

    // Created while the export was being written: rename(2) would replace an empty folder silently.
    const writer = writeAll('late');
    mkdirSync(path.join(parentDir, 'late'));
    expect(problemOf(() => writer.finish())).toBe('ExportFolderExists');
    expect(readdirSync(path.join(parentDir, 'late'))).toEqual([]);
    expect(readdirSync(parentDir).sort()).toEqual(['late', 'taken']);
  });

  it('refuses a name that is not one plain segment', () => {
    for (const name of ['../escape', 'a/b', '.', '..']) expect(problemOf(() => beginExportFolder(parentDir, name))).toBe('ExportWriteFailed');
    expect(readdirSync(parentDir)).toEqual([]);
  });

  it('abort removes the partial folder and everything in it', () => {
    const writer = beginExportFolder(parentDir, 'export-4');
    writer.writeFile('outcomes.csv', bytes('a'));
    writer.abort();
    expect(readdirSync(parentDir)).toEqual([]);
  });

  it('a disk that refuses a write leaves nothing behind', () => {
    const writer = beginExportFolder(parentDir, 'export-5');
    writer.writeFile('outcomes.csv', bytes('a'));
    // A folder where the file must go makes the rename fail, as a full or read-only disk would, even for root.
    mkdirSync(path.join(writer.partialPath, 'outcomes.json'));
    writeFileSync(path.join(writer.partialPath, 'outcomes.json', 'blocker'), 'x');
    expect(problemOf(() => writer.writeFile('outcomes.json', bytes('b')))).toBe('ExportWriteFailed');
    expect(readdirSync(parentDir)).toEqual([]);
    expect(problemOf(() => writer.finish())).toBe('ExportWriteFailed');
  });

  it.each([1, 2, 3])(
    'a process killed after %i of 4 files leaves no folder under the final name and nothing that verifies',
    async (filesBeforeKill) => {
      const script = path.join(import.meta.dirname, '..', 'testing', 'export-then-hang.ts');
      const child = spawn(process.execPath, ['--import', 'tsx', script, parentDir, 'killed-export', String(filesBeforeKill)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const publicKey = await new Promise<DevicePublicKey>((resolve, reject) => {
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const line = /between-files (\{.*\})\n/.exec(stdout);
          if (line) resolve(JSON.parse(line[1]!) as DevicePublicKey);
        });
        child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const left = readdirSync(parentDir);
      expect(left).not.toContain('killed-export');
      expect(left).toHaveLength(1);
      expect(left[0]).toMatch(/^\.casedesk-export-[0-9a-f]{12}\.partial$/);
      const partial = path.join(parentDir, left[0]!);
      const written = readdirSync(partial).sort();
      expect(written).toEqual(EXPORT_FILE_NAMES.slice(0, filesBeforeKill).toSorted());
      // Even the hidden leftover fails verification with the very key that signed it: the manifest comes last.
      const found = new Map(written.map((name) => [name, new Uint8Array(readFileSync(path.join(partial, name)))]));
      const { problems } = await verifyExportFiles(found, () => Promise.resolve(publicKey));
      expect(problems).toContainEqual({ kind: 'ManifestMissing' });

      const next = writeAll('next-export');
      expect(readdirSync(parentDir)).toEqual([path.basename(next.partialPath)]);
      next.finish();
      expect(readdirSync(parentDir)).toEqual(['next-export']);
    },
    30_000,
  );

  it('keeps a partial folder that another export in this process is still writing', () => {
    const first = beginExportFolder(parentDir, 'first');
    first.writeFile('outcomes.csv', bytes('a'));
    const second = beginExportFolder(parentDir, 'second', { partialsInUse: new Set([first.partialPath]) });
    expect(readdirSync(parentDir).sort()).toEqual([path.basename(first.partialPath), path.basename(second.partialPath)].sort());
    writeFileSync(path.join(parentDir, 'unrelated.txt'), 'kept');
    for (const name of EXPORT_FILE_NAMES.filter((name) => name !== 'outcomes.csv')) first.writeFile(name, bytes('b'));
    first.finish();
    expect(readdirSync(parentDir)).toContain('unrelated.txt');
  });
});
