import { describe, expect, it } from 'vitest';
import { writeExportFolder, type EncodedExportFile, type FilesPort } from './write-export-folder';

interface SentPiece {
  readonly name: string;
  readonly offset: number;
  readonly contentBase64: string;
  readonly last: boolean;
  /** Whether a macrotask queued at the previous piece ran before this one arrived. */
  readonly afterATask: boolean;
}

/** Main's `files` namespace as a recorder: answers at once (microtasks only), so any yielding is writeExportFolder's own. */
function recordingFiles() {
  const pieces: SentPiece[] = [];
  const calls: string[] = [];
  let taskRan = true;
  const ok = <Value>(value: Value) => Promise.resolve({ ok: true as const, value });
  const files = {
    chooseExportLocation: () => ok({ locationId: 'l'.repeat(32), folderPath: '/chosen' }),
    beginExport: () => ok({ exportId: 'e'.repeat(32) }),
    writeExportFile: ({ name, offset, contentBase64, last }) => {
      calls.push(`write ${name}`);
      pieces.push({ name, offset, contentBase64, last, afterATask: taskRan });
      taskRan = false;
      setTimeout(() => (taskRan = true), 0);
      return ok({ bytesWritten: offset + Buffer.from(contentBase64, 'base64').byteLength });
    },
    finishExport: () => {
      calls.push('finish');
      return ok({ folderPath: '/chosen/export' });
    },
    abortExport: () => ok(undefined),
  } as FilesPort;
  return { files, pieces, calls };
}

const encoded = (name: EncodedExportFile['name'], bytes: Uint8Array): EncodedExportFile => ({ name, contentBase64: Buffer.from(bytes).toString('base64') });

describe('writeExportFolder', () => {
  it('sends each file in bounded pieces, in order, with a macrotask between them, and the manifest last', async () => {
    const json = Uint8Array.from({ length: 1000 }, (_, index) => (index * 7) % 256);
    const folder = {
      kind: 'outcomes' as const,
      folderName: 'export',
      files: [encoded('outcomes.csv', new Uint8Array([1, 2])), encoded('outcomes.json', json), encoded('manifest.json', new Uint8Array([3]))],
    };
    const { files, pieces, calls } = recordingFiles();
    await writeExportFolder(files, folder, () => Promise.resolve(), () => undefined, 256);

    const jsonPieces = pieces.filter((piece) => piece.name === 'outcomes.json');
    expect(jsonPieces.map((piece) => [piece.offset, piece.contentBase64.length, piece.last])).toEqual([
      [0, 256, false],
      [192, 256, false],
      [384, 256, false],
      [576, 256, false],
      [768, 256, false],
      [960, 56, true],
    ]);
    expect(Buffer.from(jsonPieces.map((piece) => piece.contentBase64).join(''), 'base64').equals(Buffer.from(json))).toBe(true);
    expect(pieces.every((piece) => piece.afterATask)).toBe(true);
    expect(calls.at(-2)).toBe('write manifest.json');
    expect(calls.at(-1)).toBe('finish');
    expect(pieces.filter((piece) => piece.last).map((piece) => piece.name)).toEqual(['outcomes.csv', 'outcomes.json', 'manifest.json']);
  });
});
