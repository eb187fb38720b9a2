import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { runCli } from '../../server/cli/run-cli';
import { exportManifestSchema } from '../../shared/lead-export/export-manifest';
import { outcomesJsonSchema } from '../../shared/lead-export/outcomes-json';
import { drawQcSample } from '../../shared/lead-qc/draw-qc-sample';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { launchBrowserHost, type BrowserHost } from '../harness/browser-host';
import { VALID_ANSWERS } from '../../server/test-support/seed-review-world';
import { enrolTestDevice, submitDefaultOutcome, type TestDevice } from '../support/sync-world';
import { openQueuedReview, queueRow, standingCount, syncNow } from './support/lead-page';
import { enrolInApp, expectSynced, fillOutcome, openCase, submitOutcomeInApp, waitingCount } from './support/review-page';
import { startSyncEndpoint, type SyncEndpoint } from './support/sync-endpoint';
import { createVault } from './support/vault-page';

/**
 * The team lead end to end, against the real endpoint on loopback: alice
 * reviews in the app, bob on a device of the same engine in Node; the lead
 * enrols, sees both, samples, returns one review, approves after alice's
 * amendment, and exports the batch.
 */

const hosts: BrowserHost[] = [];
let endpoint: SyncEndpoint | undefined;
/** The Node-side reviewer device of a test, stopped after it. */
let nodeReviewer: TestDevice | undefined;
const cleanups: (() => void)[] = [];

test.afterEach(async () => {
  nodeReviewer?.engine.stop();
  nodeReviewer = undefined;
  for (const host of hosts.splice(0)) await host.close();
  await endpoint?.close();
  endpoint = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function seriousViolations(page: Page, include: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(include).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

const RETURN_COMMENT = 'Question 3 needs the date of the referral.';
const RECIPIENT = 'DI Morgan, Operation Harbour';
const JUSTIFICATION = 'Reinvestigation of linked offending under Operation Harbour.';

test('a lead sees two reviewers, samples, returns one review, approves after the amendment, and exports the batch', async () => {
  test.setTimeout(240_000);
  const bobCases = generateSyntheticCases({ seed: 77, count: 3, firstCaseNumber: 101 });
  endpoint = await startSyncEndpoint({ count: 4, bobCases });
  const aliceCases = endpoint.aliceCases;

  // alice reviews every case of her batch in the app.
  const aliceHost = await launchBrowserHost();
  hosts.push(aliceHost);
  const alice = aliceHost.page;
  await createVault(alice);
  await enrolInApp(alice, endpoint.url, await endpoint.issueCode('alice'));
  await expectSynced(alice, 4);
  for (const [index, caseFile] of aliceCases.entries()) await submitOutcomeInApp(alice, caseFile.caseId, index + 1);
  await expect(waitingCount(alice)).toHaveText('0', { timeout: 30_000 });

  // bob submits two of his three.
  const bob = await enrolTestDevice({ baseUrl: () => endpoint!.url, issueCode: endpoint.issueCode }, 'bob');
  nodeReviewer = bob;
  await bob.engine.requestSync();
  await submitDefaultOutcome(bob, bobCases[0]!.caseId);
  await submitDefaultOutcome(bob, bobCases[1]!.caseId);
  await bob.engine.requestSync();
  expect(bob.engine.snapshot()).toMatchObject({ waiting: 0, problem: null });

  // The lead enrols and sees where both reviewers stand.
  const leadHost = await launchBrowserHost();
  hosts.push(leadHost);
  const lead = leadHost.page;
  await createVault(lead);
  await enrolInApp(lead, endpoint.url, await endpoint.issueCode('lead'));
  await expect(lead.getByTestId('lead-workspace')).toBeVisible({ timeout: 20_000 });
  await expect(standingCount(lead, 'batch-alice', 'submitted')).toHaveText('4', { timeout: 30_000 });
  await expect(standingCount(lead, 'batch-bob', 'submitted')).toHaveText('2');
  await expect(standingCount(lead, 'batch-bob', 'not-started')).toHaveText('1');
  await expect(lead.locator('[data-testid="batch-standing"][data-batch-id="batch-bob"] [data-testid="standing-complete"]')).toHaveText('66%');
  await expect(lead.locator('[data-testid="reviewer-row"][data-reviewer-id="alice"] [data-testid="reviewer-submitted"]')).toHaveText('4');
  await expect(lead.locator('[data-testid="reviewer-row"][data-reviewer-id="bob"] [data-testid="reviewer-today"]')).toHaveText('2');
  expect(await seriousViolations(lead, '[data-testid="lead-dashboard"]'), 'dashboard').toEqual([]);

  // A seeded sample of two of alice's reviews: the seed shown draws the same two again.
  await lead.getByTestId('qc-sample-batch').selectOption('batch-alice');
  await lead.getByTestId('qc-method-count').check();
  await lead.getByTestId('qc-sample-value').fill('2');
  await lead.getByTestId('qc-draw').click();
  const sampleRow = lead.locator('[data-testid="qc-sample"][data-batch-id="batch-alice"]');
  await expect(sampleRow.getByTestId('qc-sample-drawn')).toHaveText('2 of 4');
  const seed = Number(await sampleRow.getByTestId('qc-sample-seed').textContent());
  const expected = drawQcSample(aliceCases.map((file) => file.caseId), { method: 'count', value: 2 }, seed);
  const queued = await lead.getByTestId('qc-queue-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-case-id')));
  expect([...queued].sort()).toEqual(expected.caseIds);
  const [returnedCaseId, approvedCaseId] = expected.caseIds as [string, string];

  // Return one with a comment, approve the other.
  await openQueuedReview(lead, returnedCaseId);
  await expect(lead.getByTestId('qc-answers')).toContainText('Linked offending was not pursued.');
  expect(await seriousViolations(lead, '[data-testid="qc-workbench"]'), 'QC queue with a review open').toEqual([]);
  await lead.getByTestId('qc-return').click();
  await expect(lead.getByTestId('qc-problem')).toHaveText(/a return needs a comment/);
  await lead.getByTestId('qc-comment').fill(RETURN_COMMENT);
  await lead.getByTestId('qc-return').click();
  await expect(queueRow(lead, returnedCaseId)).toHaveAttribute('data-state', /^(sending|returned)$/);
  await openQueuedReview(lead, approvedCaseId);
  await lead.getByTestId('qc-approve').click();
  await expect(queueRow(lead, approvedCaseId)).toHaveAttribute('data-state', /^(sending|approved)$/);
  await syncNow(lead);
  await endpoint.withStorage(async (storage) => {
    expect(await storage.getReview(returnedCaseId)).toMatchObject({ status: 'returned', qc: { decision: 'return', comment: RETURN_COMMENT, leadId: 'lead' } });
    expect(await storage.getReview(approvedCaseId)).toMatchObject({ status: 'approved' });
  });

  // alice sees the return after sync, and amends.
  await syncNow(alice);
  await expect(alice.locator(`[data-testid="case-status"][data-status="returned"]`)).toHaveCount(1, { timeout: 20_000 });
  await openCase(alice, returnedCaseId);
  await expect(alice.getByTestId('qc-comment')).toContainText(RETURN_COMMENT);
  await fillOutcome(alice, 9);
  await alice.getByTestId('submit-review').click();
  await syncNow(alice);
  await endpoint.withStorage(async (storage) => {
    expect(await storage.getReview(returnedCaseId)).toMatchObject({ status: 'submitted', version: 2, answers: { suspect_count: 9 } });
  });

  // The lead approves the amended review, then the rest of the batch.
  await syncNow(lead);
  await expect(queueRow(lead, returnedCaseId)).toHaveAttribute('data-state', 'awaiting', { timeout: 20_000 });
  await openQueuedReview(lead, returnedCaseId);
  await lead.getByTestId('qc-approve').click();
  await lead.locator('[data-testid="qc-sample"][data-batch-id="batch-alice"]').getByTestId('qc-approve-rest').click();
  await expect(lead.getByTestId('qc-notice')).toHaveText(/2 more reviews of Batch of alice approved/);
  await syncNow(lead);
  await expect(standingCount(lead, 'batch-alice', 'approved')).toHaveText('4');
  await expect(lead.locator('[data-testid="overturn-by-reviewer"] tr[data-key="alice"] [data-testid="overturn-rate"]')).toHaveText('50%');
  await endpoint.withStorage(async (storage) => {
    for (const caseFile of aliceCases) expect((await storage.getReview(caseFile.caseId))?.status, caseFile.caseId).toBe('approved');
  });

  // The export: batch chosen, recipient and justification, progress shown, a folder that reads back and verifies.
  const exportParent = mkdtempSync(path.join(tmpdir(), 'casedesk-lead-export-'));
  cleanups.push(() => rmSync(exportParent, { recursive: true, force: true }));
  leadHost.services.dialogs.answerFolderChoices(exportParent);
  await lead.getByTestId('open-export').click();
  const dialog = lead.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-testid="export-batch"][data-batch-id="batch-bob"]')).toBeDisabled();
  expect(await seriousViolations(lead, '[data-testid="export-dialog"]'), 'export dialog').toEqual([]);
  await dialog.locator('[data-testid="export-batch"][data-batch-id="batch-alice"]').check();
  await dialog.getByTestId('export-recipient').fill(RECIPIENT);
  await dialog.getByTestId('export-justification').fill(JUSTIFICATION);
  await dialog.getByTestId('start-export').click();
  await expect(dialog.getByTestId('export-outcome')).toHaveAttribute('data-kind', 'done', { timeout: 60_000 });
  await expect(dialog.getByTestId('export-outcome')).toHaveText(/Exported 4 outcomes/);
  const [folderName] = readdirSync(exportParent);
  const folder = path.join(exportParent, folderName!);
  expect(readdirSync(folder).sort()).toEqual(['manifest.json', 'outcomes.csv', 'outcomes.json', 'outcomes.xlsx']);

  const csvBytes = readFileSync(path.join(folder, 'outcomes.csv'));
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csvRows = parseCsv(csvBytes, { bom: true, relax_column_count: false }) as string[][];
  expect(csvRows).toHaveLength(1 + aliceCases.length);
  expect(csvRows[0]!.slice(0, 2)).toEqual(['Case reference', 'Case id']);
  expect(csvRows.slice(1).map((row) => row[1]).sort()).toEqual(aliceCases.map((file) => file.caseId).sort());
  expect(csvRows.slice(1).map((row) => row[0]).sort()).toEqual(aliceCases.map((file) => file.reference).sort());

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(path.join(folder, 'outcomes.xlsx')) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Outcomes')!;
  expect(sheet.rowCount).toBe(1 + aliceCases.length);
  expect(sheet.getRow(1).getCell(1).value).toBe('Case reference');

  const outcomesJson = outcomesJsonSchema.parse(JSON.parse(readFileSync(path.join(folder, 'outcomes.json'), 'utf8')));
  expect(outcomesJson.outcomes.map((outcome) => outcome.status)).toEqual(['approved', 'approved', 'approved', 'approved']);
  expect(outcomesJson.outcomes.find((outcome) => outcome.caseId === returnedCaseId)).toMatchObject({ version: 2, answers: { suspect_count: 9 } });

  const manifest = exportManifestSchema.parse(JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')));
  expect(manifest).toMatchObject({
    recipient: RECIPIENT,
    justification: JUSTIFICATION,
    lead: { userId: 'lead' },
    batches: [{ batchId: 'batch-alice', outcomes: 4 }],
    counts: { outcomes: 4, approved: 4, submittedWithoutQc: 0 },
    qcPolicy: { requireApproval: true, sample: { method: 'count', value: 2, seed, drawnCount: 2 } },
  });

  const cli = { out: [] as string[], err: [] as string[] };
  const code = await runCli(['verify-export', folder, '--db', endpoint.database], { out: (line) => cli.out.push(line), err: (line) => cli.err.push(line) });
  expect({ code, err: cli.err }).toEqual({ code: 0, err: [] });
  expect(cli.out[0]).toMatch(/verified/);

  // The disclosure reaches the endpoint with the lead's next sync.
  await lead.getByTestId('export-dialog').getByRole('button', { name: 'Close' }).click();
  await syncNow(lead);
  await expect
    .poll(() => endpoint!.auditEvents().filter((event) => event.kind === 'disclosure'), { timeout: 30_000 })
    .toEqual([
      expect.objectContaining({
        kind: 'disclosure',
        userId: 'lead',
        batchId: 'batch-alice',
        detail: `Export ${manifest.exportId}: 4 outcomes to ${RECIPIENT}. Justification: ${JUSTIFICATION}`,
      }),
    ]);
});

test('a decision on a review the reviewer amended meanwhile comes back as a conflict, shown with the new version, and is decided again', async () => {
  test.setTimeout(180_000);
  endpoint = await startSyncEndpoint({ count: 2 });
  const [amendedCase] = endpoint.aliceCases;
  const alice = await enrolTestDevice({ baseUrl: () => endpoint!.url, issueCode: endpoint.issueCode }, 'alice');
  nodeReviewer = alice;
  await alice.engine.requestSync();
  for (const caseFile of endpoint.aliceCases) await submitDefaultOutcome(alice, caseFile.caseId);
  await alice.engine.requestSync();

  const leadHost = await launchBrowserHost();
  hosts.push(leadHost);
  const lead = leadHost.page;
  await createVault(lead);
  await enrolInApp(lead, endpoint.url, await endpoint.issueCode('lead'));
  await expect(standingCount(lead, 'batch-alice', 'submitted')).toHaveText('2', { timeout: 30_000 });
  await lead.getByTestId('qc-method-count').check();
  await lead.getByTestId('qc-sample-value').fill('2');
  await lead.getByTestId('qc-draw').click();
  await expect(queueRow(lead, amendedCase!.caseId)).toHaveAttribute('data-state', 'awaiting');

  // alice amends to version 2; the endpoint then goes away before the lead's device hears of it.
  await submitDefaultOutcome(alice, amendedCase!.caseId, { ...VALID_ANSWERS, suspect_count: 7 });
  await alice.engine.requestSync();
  await endpoint.stop();

  // The lead approves what it holds (version 1), offline; it is sent when the endpoint is back.
  await openQueuedReview(lead, amendedCase!.caseId);
  await lead.getByTestId('qc-approve').click();
  await expect(queueRow(lead, amendedCase!.caseId)).toHaveAttribute('data-state', 'sending');
  await endpoint.start();
  await syncNow(lead);
  await expect(queueRow(lead, amendedCase!.caseId)).toHaveAttribute('data-state', 'conflict', { timeout: 20_000 });
  await endpoint.withStorage(async (storage) => {
    expect(await storage.getReview(amendedCase!.caseId)).toMatchObject({ status: 'submitted', version: 2, qc: null });
  });

  await openQueuedReview(lead, amendedCase!.caseId);
  await expect(lead.getByTestId('qc-conflict')).toContainText('you decided on version 1; it is now version 2');
  await expect(lead.locator('[data-testid="qc-answers"] [data-field-id="suspect_count"] dd')).toHaveText('7');
  await lead.getByTestId('qc-approve').click();
  await syncNow(lead);
  await expect(queueRow(lead, amendedCase!.caseId)).toHaveAttribute('data-state', 'approved', { timeout: 20_000 });
  await endpoint.withStorage(async (storage) => {
    expect(await storage.getReview(amendedCase!.caseId)).toMatchObject({ status: 'approved', qc: { decision: 'approve', reviewVersion: 2 } });
  });
});
