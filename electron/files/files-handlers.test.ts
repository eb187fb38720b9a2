import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { exportFilePieces } from '../../shared/ipc/export-file-pieces';
import { EXPORT_FILE_NAMES, MAX_EXPORT_PIECE_BASE64 } from '../../shared/ipc/files-contract';
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
  registry = registryWith(createFilesHandlers({ dialogs }));
});

function registryWith(files: IpcHandlers['files']): IpcHandlerRegistry {
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not under test')) });
  return createIpcHandlerRegistry({ app: unused, keystore: unused, network: unused, files } as unknown as IpcHandlers, { appOrigin: APP });
}
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
/** A whole small file in one piece. */
const wholeFile = (exportId: unknown, name: string, text: string) => ({ exportId, name, offset: 0, contentBase64: base64(text), last: true });

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
      await expect(valueOf('writeExportFile', wholeFile(exportId, name, `bytes of ${name}`))).resolves.toEqual({
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
    ['a piece over the size cap', { contentBase64: 'A'.repeat(MAX_EXPORT_PIECE_BASE64 + 4) }],
    ['a padded piece before the last', { contentBase64: base64('xy'), last: false }],
    ['a piece before the last that is not whole quads', { contentBase64: 'QUJD' + 'QQ', last: false }],
    ['a negative offset', { offset: -1 }],
  ])('refuses %s before touching the disk', async (_label, change) => {
    const exportId = await beginIn(parentDir, 'checked');
    const before = readdirSync(parentDir);
    const { folderName, ...fileChange } = change as Record<string, unknown>;
    if (folderName !== undefined) {
      dialogs.choice = parentDir;
      const { locationId } = await valueOf('chooseExportLocation');
      expect(await call('beginExport', { locationId, folderName })).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    } else {
      const input = { ...wholeFile(exportId, 'outcomes.csv', 'x'), ...fileChange };
      expect(await call('writeExportFile', input)).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    }
    expect(readdirSync(parentDir)).toEqual(before);
    expect(readdirSync(path.join(parentDir, before[0]!))).toEqual([]);
  });

  it('finishing early is ExportIncomplete and the export can still be completed', async () => {
    const exportId = await beginIn(parentDir, 'early');
    await valueOf('writeExportFile', wholeFile(exportId, 'outcomes.csv', 'a'));
    expect(await call('finishExport', { exportId })).toMatchObject({ ok: false, error: { code: 'ExportIncomplete' } });
    for (const name of EXPORT_FILE_NAMES.filter((name) => name !== 'outcomes.csv')) {
      await valueOf('writeExportFile', wholeFile(exportId, name, 'b'));
    }
    await expect(valueOf('finishExport', { exportId })).resolves.toEqual({ folderPath: path.join(parentDir, 'early') });
  });

  it('an existing name is ExportFolderExists, and abort leaves the parent as it was', async () => {
    writeFileSync(path.join(parentDir, 'taken'), 'someone else’s file');
    dialogs.choice = parentDir;
    const { locationId } = await valueOf('chooseExportLocation');
    expect(await call('beginExport', { locationId, folderName: 'taken' })).toMatchObject({ ok: false, error: { code: 'ExportFolderExists' } });

    const exportId = await beginIn(parentDir, 'abandoned');
    await valueOf('writeExportFile', wholeFile(exportId, 'outcomes.json', '{}'));
    await valueOf('abortExport', { exportId });
    expect(readdirSync(parentDir)).toEqual(['taken']);
  });

  it('a chosen path that is not a folder is refused', async () => {
    writeFileSync(path.join(parentDir, 'a-file'), 'x');
    dialogs.choice = path.join(parentDir, 'a-file');
    expect(await call('chooseExportLocation')).toMatchObject({ ok: false, error: { code: 'ExportWriteFailed' } });
  });
});

describe('files IPC namespace: a file in pieces', () => {
  const PIECE = 4096;

  async function sendPieces(exportId: string, name: string, content: Buffer) {
    const answers = [];
    let offset = 0;
    for (const piece of exportFilePieces(content.toString('base64'), PIECE)) {
      const answer = await valueOf('writeExportFile', { exportId, name, offset, ...piece });
      answers.push(answer);
      offset = answer.bytesWritten as number;
    }
    return answers;
  }

  async function sendTheOtherFiles(exportId: string, except: string) {
    for (const name of EXPORT_FILE_NAMES.filter((name) => name !== except)) await valueOf('writeExportFile', wholeFile(exportId, name, name));
  }

  it('pieces sent in order make the file byte for byte, and it is closed only by the last', async () => {
    const content = randomBytes(10_000);
    const exportId = await beginIn(parentDir, 'pieces');
    const answers = await sendPieces(exportId, 'outcomes.json', content);
    expect(answers.map((answer) => answer.bytesWritten)).toEqual([3072, 6144, 9216, 10_000]);
    await sendTheOtherFiles(exportId, 'outcomes.json');
    const { folderPath } = await valueOf('finishExport', { exportId });
    expect(readFileSync(path.join(folderPath as string, 'outcomes.json')).equals(content)).toBe(true);
    // No temp file is left beside the export's files.
    expect(readdirSync(folderPath as string).sort()).toEqual([...EXPORT_FILE_NAMES].sort());
  });

  it('a file still open is not written: finish is ExportIncomplete', async () => {
    const exportId = await beginIn(parentDir, 'open-file');
    await sendTheOtherFiles(exportId, 'outcomes.json');
    await valueOf('writeExportFile', { exportId, name: 'outcomes.json', offset: 0, contentBase64: base64('abc'), last: false });
    expect(await call('finishExport', { exportId })).toMatchObject({ ok: false, error: { code: 'ExportIncomplete' } });
    await valueOf('writeExportFile', { exportId, name: 'outcomes.json', offset: 3, contentBase64: base64('def'), last: true });
    const { folderPath } = await valueOf('finishExport', { exportId });
    expect(readFileSync(path.join(folderPath as string, 'outcomes.json'), 'utf8')).toBe('abcdef');
  });

  it('a missing, repeated or out-of-order piece is ExportPieceOutOfOrder, nothing is written and the export stays open', async () => {
    const exportId = await beginIn(parentDir, 'disorder');
    const piece = (offset: number, text: string, last = false) => ({ exportId, name: 'outcomes.csv', offset, contentBase64: base64(text), last });
    const outOfOrder = { ok: false, error: { code: 'ExportPieceOutOfOrder' } };
    // A first piece that claims bytes before it.
    expect(await call('writeExportFile', piece(3, 'def'))).toMatchObject(outOfOrder);
    await valueOf('writeExportFile', piece(0, 'abc'));
    // A piece skipped, the first piece again, and the second piece again after it was written.
    expect(await call('writeExportFile', piece(6, 'ghi'))).toMatchObject(outOfOrder);
    expect(await call('writeExportFile', piece(0, 'abc'))).toMatchObject(outOfOrder);
    await valueOf('writeExportFile', piece(3, 'def'));
    expect(await call('writeExportFile', piece(3, 'def'))).toMatchObject(outOfOrder);
    await expect(valueOf('writeExportFile', piece(6, 'ghi', true))).resolves.toEqual({ bytesWritten: 9 });
    await sendTheOtherFiles(exportId, 'outcomes.csv');
    const { folderPath } = await valueOf('finishExport', { exportId });
    expect(readFileSync(path.join(folderPath as string, 'outcomes.csv'), 'utf8')).toBe('abcdefghi');
  });

  it('a piece after its file was closed is ExportFileRepeated; after finish, ExportUnknown', async () => {
    const exportId = await beginIn(parentDir, 'closed');
    await valueOf('writeExportFile', wholeFile(exportId, 'outcomes.csv', 'abc'));
    const late = { exportId, name: 'outcomes.csv', offset: 3, contentBase64: base64('def'), last: true };
    expect(await call('writeExportFile', late)).toMatchObject({ ok: false, error: { code: 'ExportFileRepeated' } });
    await sendTheOtherFiles(exportId, 'outcomes.csv');
    const { folderPath } = await valueOf('finishExport', { exportId });
    expect(await call('writeExportFile', late)).toMatchObject({ ok: false, error: { code: 'ExportUnknown' } });
    expect(readFileSync(path.join(folderPath as string, 'outcomes.csv'), 'utf8')).toBe('abc');
  });

  it('pieces that grow a file past the cap end the export and remove its folder', async () => {
    registry = registryWith(createFilesHandlers({ dialogs, maxExportFileBytes: 8 }));
    const exportId = await beginIn(parentDir, 'too-big');
    await valueOf('writeExportFile', { exportId, name: 'outcomes.json', offset: 0, contentBase64: base64('abcdef'), last: false });
    const over = { exportId, name: 'outcomes.json', offset: 6, contentBase64: base64('ghi'), last: true };
    expect(await call('writeExportFile', over)).toMatchObject({ ok: false, error: { code: 'ExportWriteFailed' } });
    expect(readdirSync(parentDir)).toEqual([]);
    expect(await call('writeExportFile', over)).toMatchObject({ ok: false, error: { code: 'ExportUnknown' } });
  });

  it('abort in the middle of a file removes the folder with its half-written file', async () => {
    const exportId = await beginIn(parentDir, 'half');
    await valueOf('writeExportFile', { exportId, name: 'outcomes.json', offset: 0, contentBase64: base64('abc'), last: false });
    expect(readdirSync(parentDir)).toHaveLength(1);
    await valueOf('abortExport', { exportId });
    expect(readdirSync(parentDir)).toEqual([]);
  });
});
