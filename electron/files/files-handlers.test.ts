import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_FILE_NAMES, MAX_EXPORT_FILE_BYTES } from '../../shared/ipc/files-contract';
import { createIpcHandlerRegistry, type IpcHandlerRegistry, type IpcHandlers } from '../ipc/ipc-handler-registry';
import type { FolderQuestion } from '../services/main-services';
import { createFilesHandlers } from './files-handlers';

const APP = 'app://casedesk';
const fromApp = { url: 'app://casedesk/index.html', isMainFrame: true };

class FolderDialogs {
  readonly asked: FolderQuestion[] = [];
  choice: string | null = null;
  confirm(): Promise<boolean> {
    return Promise.resolve(false);
  }
  chooseFolder(question: FolderQuestion): Promise<string | null> {
    this.asked.push(question);
    return Promise.resolve(this.choice);
  }
}

let parentDir: string;
let dialogs: FolderDialogs;
let registry: IpcHandlerRegistry;

/** The files handlers behind the real registry (input schemas, error codes); the other namespaces are never called here. */
beforeEach(() => {
  parentDir = mkdtempSync(path.join(tmpdir(), 'casedesk-files-handlers-'));
  dialogs = new FolderDialogs();
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not under test')) });
  const handlers = { app: unused, keystore: unused, network: unused, files: createFilesHandlers({ dialogs }) } as unknown as IpcHandlers;
  registry = createIpcHandlerRegistry(handlers, { appOrigin: APP });
});
afterEach(() => rmSync(parentDir, { recursive: true, force: true }));

async function call(channel: string, input?: unknown) {
  return (await registry.invoke(`files.${channel}`, input, fromApp)) as
    | { ok: true; value: Record<string, unknown> }
    | { ok: false; error: { code: string; message: string } };
}

async function valueOf(channel: string, input?: unknown): Promise<Record<string, unknown>> {
  const result = await call(channel, input);
  if (!result.ok) throw new Error(`files.${channel} failed: ${result.error.code}`);
  return result.value;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

async function beginIn(folder: string, folderName: string): Promise<string> {
  dialogs.choice = folder;
  const { locationId } = await valueOf('chooseExportLocation');
  const { exportId } = await valueOf('beginExport', { locationId, folderName });
  return exportId as string;
}

describe('files IPC namespace', () => {
  it('writes an export into the folder chosen in the dialog, under its final name only at finish', async () => {
    dialogs.choice = parentDir;
    const location = await valueOf('chooseExportLocation');
    expect(location.folderPath).toBe(parentDir);
    expect(dialogs.asked).toHaveLength(1);
    const { exportId } = await valueOf('beginExport', { locationId: location.locationId, folderName: 'casedesk-export-1' });
    for (const name of EXPORT_FILE_NAMES) {
      await expect(valueOf('writeExportFile', { exportId, name, contentBase64: base64(`bytes of ${name}`) })).resolves.toEqual({
        bytesWritten: `bytes of ${name}`.length,
      });
      expect(readdirSync(parentDir)).not.toContain('casedesk-export-1');
    }
    const { folderPath } = await valueOf('finishExport', { exportId });
    expect(folderPath).toBe(path.join(parentDir, 'casedesk-export-1'));
    expect(readFileSync(path.join(parentDir, 'casedesk-export-1', 'outcomes.csv'), 'utf8')).toBe('bytes of outcomes.csv');
    // The export id is used up.
    expect(await call('finishExport', { exportId })).toMatchObject({ ok: false, error: { code: 'ExportUnknown' } });
  });

  it('a closed dialog is ExportCancelled and nothing is written', async () => {
    expect(await call('chooseExportLocation')).toMatchObject({ ok: false, error: { code: 'ExportCancelled' } });
    expect(readdirSync(parentDir)).toEqual([]);
  });

  it('a location id serves one export only, and an invented one serves none', async () => {
    dialogs.choice = parentDir;
    const { locationId } = await valueOf('chooseExportLocation');
    await valueOf('beginExport', { locationId, folderName: 'first' });
    expect(await call('beginExport', { locationId, folderName: 'second' })).toMatchObject({ ok: false, error: { code: 'ExportUnknown' } });
    expect(await call('beginExport', { locationId: 'a'.repeat(32), folderName: 'third' })).toMatchObject({ ok: false, error: { code: 'ExportUnknown' } });
  });

  it.each([
    ['a path in the folder name', { folderName: '../outside' }],
    ['a hidden folder name', { folderName: '.hidden' }],
    ['a file name off the allow-list', { name: 'run.sh' }],
    ['a path as the file name', { name: '../outcomes.csv' }],
    ['content that is not base64', { contentBase64: 'not base64!' }],
    ['content over the size cap', { contentBase64: 'A'.repeat(Math.ceil(MAX_EXPORT_FILE_BYTES / 3) * 4 + 4) }],
  ])('refuses %s before touching the disk', async (_label, change) => {
    const exportId = await beginIn(parentDir, 'checked');
    const before = readdirSync(parentDir);
    const { folderName, ...fileChange } = change as Record<string, string>;
    if (folderName !== undefined) {
      dialogs.choice = parentDir;
      const { locationId } = await valueOf('chooseExportLocation');
      expect(await call('beginExport', { locationId, folderName })).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    } else {
      const input = { exportId, name: 'outcomes.csv', contentBase64: base64('x'), ...fileChange };
      expect(await call('writeExportFile', input)).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    }
    expect(readdirSync(parentDir)).toEqual(before);
    expect(readdirSync(path.join(parentDir, before[0]!))).toEqual([]);
  });

  it('finishing early is ExportIncomplete and the export can still be completed', async () => {
    const exportId = await beginIn(parentDir, 'early');
    await valueOf('writeExportFile', { exportId, name: 'outcomes.csv', contentBase64: base64('a') });
    expect(await call('finishExport', { exportId })).toMatchObject({ ok: false, error: { code: 'ExportIncomplete' } });
    for (const name of EXPORT_FILE_NAMES.filter((name) => name !== 'outcomes.csv')) {
      await valueOf('writeExportFile', { exportId, name, contentBase64: base64('b') });
    }
    await expect(valueOf('finishExport', { exportId })).resolves.toEqual({ folderPath: path.join(parentDir, 'early') });
  });

  it('an existing name is ExportFolderExists, and abort leaves the parent as it was', async () => {
    writeFileSync(path.join(parentDir, 'taken'), 'someone else’s file');
    dialogs.choice = parentDir;
    const { locationId } = await valueOf('chooseExportLocation');
    expect(await call('beginExport', { locationId, folderName: 'taken' })).toMatchObject({ ok: false, error: { code: 'ExportFolderExists' } });

    const exportId = await beginIn(parentDir, 'abandoned');
    await valueOf('writeExportFile', { exportId, name: 'outcomes.json', contentBase64: base64('{}') });
    await valueOf('abortExport', { exportId });
    expect(readdirSync(parentDir)).toEqual(['taken']);
  });

  it('a chosen path that is not a folder is refused', async () => {
    writeFileSync(path.join(parentDir, 'a-file'), 'x');
    dialogs.choice = path.join(parentDir, 'a-file');
    expect(await call('chooseExportLocation')).toMatchObject({ ok: false, error: { code: 'ExportWriteFailed' } });
  });
});
