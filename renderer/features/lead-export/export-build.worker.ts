import type { ExportedOutcome, ExportInput } from '../../../shared/lead-export/export-input';
import { ExportInputError } from '../../../shared/lead-export/outcome-table';
import { buildExportHere } from './write-signed-export';

/**
 * Builds and signs one export off the UI thread: the CSV, the workbook, the
 * JSON, the hashes and the signature are seconds of work for thousands of
 * outcomes. The outcomes arrive in chunks (cloning them all in one message
 * would itself block the UI); the files go back as base64, ready for the
 * `files` namespace. The signing key arrives as a CryptoKey, still
 * non-extractable: structured clone keeps it so.
 */
export type ExportWorkerRequest =
  | { readonly type: 'start'; readonly input: Omit<ExportInput, 'outcomes'>; readonly signingKey: CryptoKey; readonly outcomeCount: number }
  | { readonly type: 'outcomes'; readonly outcomes: readonly ExportedOutcome[] };

export type ExportWorkerReply =
  | { readonly type: 'built'; readonly filesBuilt: number }
  | { readonly type: 'done'; readonly result: Awaited<ReturnType<typeof buildExportHere>> }
  /** A refusal (ExportInputError) carries its code and count; anything else only that it failed. */
  | { readonly type: 'failed'; readonly refusal: { readonly problem: ExportInputError['problem']; readonly count: number } | null };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ExportWorkerRequest>) => void) | null;
  postMessage(message: ExportWorkerReply): void;
};

let started: Extract<ExportWorkerRequest, { type: 'start' }> | null = null;
let outcomes: ExportedOutcome[] = [];

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'start') {
    started = request;
    outcomes = [];
  } else {
    outcomes.push(...request.outcomes);
  }
  if (!started || outcomes.length < started.outcomeCount) return;
  const { input, signingKey } = started;
  started = null;
  buildExportHere({ ...input, outcomes }, signingKey, (filesBuilt) => scope.postMessage({ type: 'built', filesBuilt })).then(
    (result) => scope.postMessage({ type: 'done', result }),
    (error: unknown) =>
      scope.postMessage({ type: 'failed', refusal: error instanceof ExportInputError ? { problem: error.problem, count: error.count } : null }),
  );
};
