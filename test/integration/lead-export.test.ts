import 'fake-indexeddb/auto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIpcHandlerRegistry } from '../../electron/ipc/ipc-handler-registry';
import { createMainHandlers } from '../../electron/ipc/main-handlers';
import { writeSignedExport, type ExportProgress, type FilesPort } from '../../renderer/features/lead-export/write-signed-export';
import { MainCallError } from '../../renderer/platform/main-bridge';
import { makeTestVault } from '../../renderer/vault/vault-test-support';
import type { Vault } from '../../renderer/vault/vault';
import { callChannel } from '../../shared/ipc/channels';
import { filesContract } from '../../shared/ipc/files-contract';
import { sampleDeviceKeys, sampleExportInput } from '../../shared/lead-export/testing/sample-export';
import { verifyExportFiles } from '../../shared/lead-export/verify-export-files';
import { createStandInServices, type StandInServices } from '../harness/stand-ins/stand-in-services';
import { parse } from 'csv-parse/sync';
import type { FindingsFilter, FindingsOutcome } from '../../shared/findings/compute-findings';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import { SeededRandom } from '../../shared/synthetic-cases/seeded-random';
import { writeFindingsExport } from '../../renderer/features/findings/write-findings-export';
import { drawAnswers, expectedExportFigures, expectedFields, exportedFigures, TEMPLATE_V2, workbookRecords } from '../support/findings-truth';

/**
 * The renderer's export step over the real `files` handlers behind the real
 * IPC registry (as the browser harness bridges them), with the stand-in
 * folder dialog answering for the lead.
 */
const APP_ORIGIN = 'app://casedesk';
let parentDir: string;
let services: StandInServices;
let files: FilesPort;
let vault: Vault;

beforeEach(async () => {
  parentDir = mkdtempSync(path.join(tmpdir(), 'casedesk-lead-export-'));
  services = createStandInServices();
  const registry = createIpcHandlerRegistry(createMainHandlers(services), { appOrigin: APP_ORIGIN });
  const port: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const call of Object.keys(filesContract)) {
    port[call] = (input?: unknown) => registry.invoke(callChannel('files', call), input, { url: `${APP_ORIGIN}/index.html`, isMainFrame: true });
  }
  files = port as unknown as FilesPort;
  vault = makeTestVault().vault;
  await vault.create('correct horse battery staple');
  vault.setAuditIdentity({ userId: 'lead-1', deviceId: 'device-lead-1' });
});
afterEach(() => {
  rmSync(parentDir, { recursive: true, force: true });
  rmSync(services.mainConfigDir, { recursive: true, force: true });
});

async function disclosures() {
  return (await vault.readAuditLog()).filter((event) => event.kind === 'disclosure');
}

describe('writing a signed export through main', () => {
  it('writes a folder that verifies, reports progress, and records the disclosure per batch', async () => {
    services.dialogs.answerFolderChoices(parentDir);
    const keys = await sampleDeviceKeys();
    const input = sampleExportInput();
    const progress: ExportProgress[] = [];
    const written = await writeSignedExport({ vault, files, signingKey: keys.signingKey }, input, (step) => progress.push(step));

    expect(readdirSync(parentDir)).toEqual([path.basename(written.folderPath)]);
    expect(path.basename(written.folderPath)).toBe(`casedesk-export-2026-11-25-${input.exportId}`);
    const found = new Map(readdirSync(written.folderPath).map((name) => [name, new Uint8Array(readFileSync(path.join(written.folderPath, name)))]));
    expect((await verifyExportFiles(found, () => Promise.resolve(keys.publicKey))).problems).toEqual([]);
    expect(progress.map((step) => (step.filesBuilt ? `built:${step.filesBuilt}/3` : `${step.step}:${step.filesWritten}/${step.filesTotal}`))).toEqual([
      'building:0/4',
      'built:1/3',
      'built:2/3',
      'built:3/3',
      'choosing-folder:0/4',
      'writing:0/4',
      'writing:1/4',
      'writing:2/4',
      'writing:3/4',
      'finishing:4/4',
    ]);
    expect(await disclosures()).toEqual([
      expect.objectContaining({ batchId: 'batch-a', userId: 'lead-1', detail: `Export ${input.exportId}: 4 outcomes to ${input.recipient}. Justification: ${input.justification}` }),
      expect.objectContaining({ batchId: 'batch-b', userId: 'lead-1', detail: expect.stringContaining(input.justification) }),
    ]);
  });

  it('a closed folder dialog writes nothing and records no disclosure', async () => {
    const keys = await sampleDeviceKeys();
    const refusal = await writeSignedExport({ vault, files, signingKey: keys.signingKey }, sampleExportInput()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MainCallError);
    expect((refusal as MainCallError).code).toBe('ExportCancelled');
    expect(await disclosures()).toEqual([]);
  });

  it('a failure while writing removes the partial folder and records no disclosure', async () => {
    services.dialogs.answerFolderChoices(parentDir);
    const keys = await sampleDeviceKeys();
    // Main refuses the third file (a full disk, say): it answers with a typed failure.
    const failing: FilesPort = {
      ...files,
      writeExportFile: (input) =>
        input.name === 'outcomes.json'
          ? Promise.resolve({ ok: false, error: { code: 'ExportWriteFailed', message: 'disk full' } })
          : files.writeExportFile(input),
    };
    const refusal = await writeSignedExport({ vault, files: failing, signingKey: keys.signingKey }, sampleExportInput()).catch((error: unknown) => error);
    expect((refusal as MainCallError).code).toBe('ExportWriteFailed');
    expect(readdirSync(parentDir)).toEqual([]);
    expect(await disclosures()).toEqual([]);
  });
});

describe('findings export (#13)', () => {
  /** 36 outcomes over two batches and two template versions, three boroughs, two reviewers, both statuses. */
  function seededOutcomes(): FindingsOutcome[] {
    const random = new SeededRandom(2718);
    return Array.from({ length: 36 }, (_, index) => {
      const version = index < 24 ? 1 : 2;
      return {
        caseId: `case-${index}`,
        batchId: version === 1 ? 'batch-a' : 'batch-b',
        borough: ['Northam', 'Southby', 'Eastwick'][index % 3]!,
        periodStart: `${2008 + (index % 9)}-02-01`,
        periodEnd: `${2009 + (index % 9)}-11-28`,
        reviewerId: index % 2 === 0 ? 'alice' : 'bob',
        status: index % 4 === 0 ? 'approved' : 'submitted',
        templateId: 'cse-review',
        templateVersion: version,
        answers: drawAnswers(random, version === 1 ? DEFAULT_CSE_REVIEW_TEMPLATE : TEMPLATE_V2),
      };
    });
  }
  const filter: FindingsFilter = { batchIds: [], boroughs: ['Northam', 'Eastwick'], reviewerIds: [], statuses: [], periodFrom: '2010-01-01', periodTo: null };
  const templates = [
    { templateId: 'cse-review', version: 1, definition: DEFAULT_CSE_REVIEW_TEMPLATE },
    { templateId: 'cse-review', version: 2, definition: TEMPLATE_V2 },
  ];
  const exportInput = (outcomes: FindingsOutcome[]) => ({
    exportId: '0193a5b2-0000-7000-8000-00000000f1d0',
    createdAt: '2026-12-06T12:00:00.000Z',
    lead: { userId: 'lead-1' },
    device: { deviceId: 'device-lead-1', deviceName: 'lead laptop' },
    recipient: 'Operation Hydrant review board',
    justification: 'Quarterly findings for the oversight board.',
    outcomes,
    templates,
    batchNames: new Map([['batch-a', 'North 1'], ['batch-b', 'North 2']]),
    filter,
  });

  function expectTrueFigures(records: readonly (readonly string[])[], kept: readonly FindingsOutcome[], format: string): void {
    const { header, reports } = exportedFigures(records);
    expect(header, format).toEqual(['Template', 'Template versions', 'Changed between versions', 'Question id', 'Question', 'Figure', 'Item', 'Value', 'Share', 'Outcomes in scope']);
    expect(reports, format).toEqual(expectedExportFigures(kept));
  }

  it('writes CSV, XLSX and a one-page PDF that read back to the true figures, signed, with a disclosure per batch', async () => {
    services.dialogs.answerFolderChoices(parentDir);
    const keys = await sampleDeviceKeys();
    const outcomes = seededOutcomes();
    // The truth is counted here: Northam or Eastwick, case period reaching 2010 or later.
    const kept = outcomes.filter((outcome) => (outcome.borough === 'Northam' || outcome.borough === 'Eastwick') && outcome.periodEnd >= '2010-01-01');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(outcomes.length);

    const written = await writeFindingsExport({ vault, files, signingKey: keys.signingKey }, exportInput(outcomes));
    const names = readdirSync(written.folderPath).sort();
    expect(names).toEqual(['findings-summary.pdf', 'findings.csv', 'findings.xlsx', 'manifest.json']);
    const found = new Map(names.map((name) => [name, new Uint8Array(readFileSync(path.join(written.folderPath, name)))]));
    expect((await verifyExportFiles(found, () => Promise.resolve(keys.publicKey))).problems).toEqual([]);
    const altered = new Map(found);
    altered.set('findings.csv', new TextEncoder().encode('Template\r\n'));
    altered.set('outcomes.json', new Uint8Array(1));
    expect((await verifyExportFiles(altered, () => Promise.resolve(keys.publicKey))).problems).toEqual([
      { kind: 'UnexpectedFile', file: 'outcomes.json' },
      { kind: 'FileAltered', file: 'findings.csv' },
    ]);
    expect(written.manifest).toMatchObject({ format: 'casedesk-findings-manifest', filter, counts: { outcomesInScope: kept.length }, recipient: 'Operation Hydrant review board' });

    const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(found.get('findings.csv'));
    expect(csvText.startsWith('\uFEFF')).toBe(true);
    expectTrueFigures(parse(csvText, { bom: true }) as string[][], kept, 'csv');

    expectTrueFigures(await workbookRecords(found.get('findings.xlsx')!), kept, 'xlsx');

    // The summary: one page, its cross-reference table pointing at its objects, the figures in its text.
    const pdf = new TextDecoder('latin1').decode(found.get('findings-summary.pdf'));
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf).toContain('/Type /Pages /Kids [3 0 R] /Count 1');
    const xrefAt = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    const offsets = pdf.slice(xrefAt).split('\n').filter((line) => / 00000 n $/.test(line)).map((line) => Number(line.slice(0, 10)));
    expect(offsets).toHaveLength(6);
    offsets.forEach((offset, index) => expect(pdf.startsWith(`${index + 1} 0 obj\n`, offset)).toBe(true));
    const classification = expectedFields(kept).get('cse-review:classification:v1+2')!;
    expect(pdf).toContain(`(Classification: answered in ${classification.answered} of ${kept.length}) Tj`);
    for (const row of classification.rows!) expect(pdf).toContain(`(${row.count} \\(${row.share}\\)) Tj`);

    expect(await disclosures()).toEqual([
      expect.objectContaining({ batchId: 'batch-a', detail: expect.stringMatching(/^Findings export 0193a5b2-0000-7000-8000-00000000f1d0: figures over \d+ outcomes to Operation Hydrant review board\. Justification: Quarterly/) }),
      expect.objectContaining({ batchId: 'batch-b', detail: expect.stringContaining('Quarterly findings for the oversight board.') }),
    ]);
  });

  it('refuses before any dialog when the filter leaves no outcome, recording nothing', async () => {
    const keys = await sampleDeviceKeys();
    const input = { ...exportInput(seededOutcomes()), filter: { ...filter, reviewerIds: ['nobody'] } };
    await expect(writeFindingsExport({ vault, files, signingKey: keys.signingKey }, input)).rejects.toMatchObject({ problem: 'NoOutcomes' });
    expect(readdirSync(parentDir)).toEqual([]);
    expect(await disclosures()).toEqual([]);
  });
});
