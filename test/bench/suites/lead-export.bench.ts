import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createFilesHandlers } from '../../../electron/files/files-handlers';
import { exportFilePieces } from '../../../shared/ipc/export-file-pieces';
import { buildSignedExport } from '../../../shared/lead-export/build-signed-export';
import { sampleDeviceKeys, sampleExportInput } from '../../../shared/lead-export/testing/sample-export';
import { median, type BenchFigure, type BenchSuite } from '../bench-suite';

const OUTCOMES = 9000;
const RUNS = 3;

/**
 * The lead's export of 9,000 outcomes in Node: build the four files and sign
 * the manifest (what the renderer does), then write them through the real
 * `files` handlers (what main does). Not issue 9's `lead.export9000Ms`, which
 * is to be measured in the app with its progress UI; this is the work under it.
 */
const suite: BenchSuite = {
  name: 'lead-export',
  async run(): Promise<BenchFigure[]> {
    const keys = await sampleDeviceKeys();
    const input = sampleExportInput(OUTCOMES);
    const buildTimes: number[] = [];
    const writeTimes: number[] = [];
    let totalBytes = 0;
    for (let run = 0; run < RUNS; run++) {
      const parentDir = mkdtempSync(path.join(tmpdir(), 'casedesk-export-bench-'));
      try {
        const started = performance.now();
        const { files } = await buildSignedExport({ ...input, exportId: `${input.exportId.slice(0, -1)}${run}` }, keys.signingKey);
        const built = performance.now();
        const handlers = createFilesHandlers({ dialogs: { confirm: () => Promise.resolve(false), chooseFolder: () => Promise.resolve(parentDir) } });
        const { locationId } = await handlers.chooseExportLocation(undefined);
        const { exportId } = await handlers.beginExport({ locationId, folderName: `export-${run}` });
        for (const file of files) {
          let offset = 0;
          for (const piece of exportFilePieces(Buffer.from(file.bytes).toString('base64'))) {
            ({ bytesWritten: offset } = await handlers.writeExportFile({ exportId, name: file.name, offset, ...piece }));
          }
        }
        await handlers.finishExport({ exportId });
        buildTimes.push(built - started);
        writeTimes.push(performance.now() - built);
        totalBytes = files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
      } finally {
        rmSync(parentDir, { recursive: true, force: true });
      }
    }
    const note = `median of ${RUNS}; ${(totalBytes / 1024 / 1024).toFixed(1)} MiB in four files`;
    return [
      { name: 'lead.exportBuildSign9000Ms', value: median(buildTimes), unit: 'ms', note: `Node: CSV + XLSX + JSON + signed manifest; ${note}` },
      { name: 'lead.exportWrite9000Ms', value: median(writeTimes), unit: 'ms', note: `files handlers: base64 decode, temp + fsync + rename per file, folder rename; ${note}` },
    ];
  },
};

export default suite;
