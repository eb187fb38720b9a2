import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { FilesErrorCode } from '../../shared/ipc/files-contract';
import { IpcHandlerError } from '../../shared/ipc/ipc-result';
import type { IpcHandlers } from '../ipc/ipc-handler-registry';
import type { DialogService } from '../services/main-services';
import { beginExportFolder, ExportWriteError, type ExportFolderWriter } from './export-folder-writer';

/** Plain words per code; none names a file's content. */
const FILES_ERROR_WORDS: Record<FilesErrorCode, string> = {
  ExportCancelled: 'No folder was chosen: nothing was exported',
  ExportUnknown: 'That export is not one this window started, or it has already ended',
  ExportFolderExists: 'The chosen folder already holds an export of that name',
  ExportFileRepeated: 'The same file was sent twice in one export',
  ExportIncomplete: 'The export is missing files and was not finished',
  ExportPieceOutOfOrder: 'A piece of an export file arrived out of order and was not written',
  ExportWriteFailed: 'The export could not be written to the chosen folder; nothing was left there',
};

export interface FilesHandlerDependencies {
  readonly dialogs: DialogService;
  /** Per export file; MAX_EXPORT_FILE_BYTES unless a test narrows it. */
  readonly maxExportFileBytes?: number;
}

/**
 * The `files` namespace. The renderer holds only ids: a location id stands for
 * the folder the person chose in main's dialog, an export id for one export
 * being written. Neither can name any other path.
 */
export function createFilesHandlers({ dialogs, maxExportFileBytes }: FilesHandlerDependencies): IpcHandlers['files'] {
  const locations = new Map<string, string>();
  const exports = new Map<string, ExportFolderWriter>();

  const fail = (code: FilesErrorCode): never => {
    throw new IpcHandlerError(code, FILES_ERROR_WORDS[code]);
  };
  const asFilesErrors = <Value>(work: () => Value): Value => {
    try {
      return work();
    } catch (error) {
      if (error instanceof ExportWriteError) return fail(error.problem);
      throw error;
    }
  };
  const openExport = (exportId: string): ExportFolderWriter => exports.get(exportId) ?? fail('ExportUnknown');

  return {
    async chooseExportLocation() {
      const folderPath = await dialogs.chooseFolder({
        title: 'Choose where to save the export',
        buttonLabel: 'Save export here',
      });
      if (folderPath === null) return fail('ExportCancelled');
      if (!path.isAbsolute(folderPath) || !isDirectory(folderPath)) return fail('ExportWriteFailed');
      const locationId = newHandle();
      locations.set(locationId, folderPath);
      return { locationId, folderPath };
    },
    beginExport({ locationId, folderName, kind }) {
      const parentDir = locations.get(locationId) ?? fail('ExportUnknown');
      // One export per choice: a location id cannot be replayed into a second export.
      locations.delete(locationId);
      const partialsInUse = new Set([...exports.values()].map((writer) => writer.partialPath));
      const writer = asFilesErrors(() => beginExportFolder(parentDir, folderName, {
          partialsInUse,
          kind: kind ?? 'outcomes',
          ...(maxExportFileBytes === undefined ? {} : { maxFileBytes: maxExportFileBytes }),
        }),);
      const exportId = newHandle();
      exports.set(exportId, writer);
      return { exportId };
    },
    writeExportFile({ exportId, name, offset, contentBase64, last }) {
      const writer = openExport(exportId);
      try {
        const bytesWritten = asFilesErrors(() => writer.writeFilePiece(name, offset, Buffer.from(contentBase64, 'base64'), last));
        return { bytesWritten };
      } catch (error) {
        // A repeated file or a stray piece is the caller's mistake, refused before a byte was written:
        // the export stays open. Any other failure has removed it.
        const callersSlip = error instanceof IpcHandlerError && (error.code === 'ExportFileRepeated' || error.code === 'ExportPieceOutOfOrder');
        if (!callersSlip) exports.delete(exportId);
        throw error;
      }
    },
    finishExport({ exportId }) {
      const writer = openExport(exportId);
      try {
        const folderPath = asFilesErrors(() => writer.finish());
        exports.delete(exportId);
        return { folderPath };
      } catch (error) {
        // Missing files can still be sent; any other failure has ended the export.
        if (!(error instanceof IpcHandlerError && error.code === 'ExportIncomplete')) {
          writer.abort();
          exports.delete(exportId);
        }
        throw error;
      }
    },
    abortExport({ exportId }) {
      openExport(exportId).abort();
      exports.delete(exportId);
    },
  };
}

function newHandle(): string {
  return randomBytes(16).toString('hex');
}

function isDirectory(folderPath: string): boolean {
  try {
    return statSync(folderPath).isDirectory();
  } catch {
    return false;
  }
}
