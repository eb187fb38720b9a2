import { ExportInputError } from '../../../shared/lead-export/outcome-table';
import type { ExportWorkerReply, ExportWorkerRequest } from './export-build.worker';
import type { ExportBuilder } from './write-signed-export';

/** Outcomes per message: a chunk clones in well under a frame. */
const OUTCOMES_PER_MESSAGE = 250;

export class ExportBuildFailed extends Error {
  constructor() {
    super('The export could not be built');
    this.name = 'ExportBuildFailed';
  }
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The app's ExportBuilder: a fresh module worker per export, terminated after. */
export const buildExportInWorker: ExportBuilder = async (input, signingKey, onFileBuilt) => {
  const worker = new Worker(new URL('./export-build.worker.ts', import.meta.url), { type: 'module' });
  try {
    const answer = new Promise<Extract<ExportWorkerReply, { type: 'done' }>['result']>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<ExportWorkerReply>) => {
        const reply = event.data;
        if (reply.type === 'built') onFileBuilt(reply.filesBuilt);
        else if (reply.type === 'done') resolve(reply.result);
        else reject(reply.refusal ? new ExportInputError(reply.refusal.problem, reply.refusal.count) : new ExportBuildFailed());
      };
      worker.onerror = () => reject(new ExportBuildFailed());
    });
    answer.catch(() => undefined); // awaited below; a refusal may land while chunks are still being sent
    const { outcomes, ...rest } = input;
    const post = (request: ExportWorkerRequest) => worker.postMessage(request);
    post({ type: 'start', input: rest, signingKey, outcomeCount: outcomes.length });
    for (let index = 0; index < outcomes.length; index += OUTCOMES_PER_MESSAGE) {
      post({ type: 'outcomes', outcomes: outcomes.slice(index, index + OUTCOMES_PER_MESSAGE) });
      await nextTask();
    }
    return await answer;
  } finally {
    worker.terminate();
  }
};
