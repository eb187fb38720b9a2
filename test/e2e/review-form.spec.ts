import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { callApi, enrolOverHttp } from '../../server/test-support/api-test-server';
import type { OutcomeAnswers } from '../../shared/review-template/validate-outcome';
import type { Mutation, PushResponse } from '../../shared/sync-protocol/push';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import { launchBrowserHost, type BrowserHost } from '../harness/browser-host';
import { seriousViolations } from './support/axe-scan';
import { enrolInApp, expectSynced, fillOutcome, openCase, submitOutcomeInApp, waitingCount } from './support/review-page';
import { startSyncEndpoint, type SyncEndpoint } from './support/sync-endpoint';
import { createVault, lockVault, unlockVault } from './support/vault-page';

/**
 * The review form end to end, data arriving by the real sync path: the
 * template's shared rules on both sides, drafts that survive a lock and a
 * crash, and a returned case with its version history.
 */

let host: BrowserHost | undefined;
let endpoint: SyncEndpoint | undefined;
/** What each test started, undone last first after it. */
const started: (() => Promise<void> | void)[] = [];

test.afterEach(async () => {
  for (const undo of started.splice(0).reverse()) await undo();
  host = endpoint = undefined;
});

async function syncedApp(options: { relaunchable?: boolean } = {}): Promise<{ page: Page; relaunch: () => Promise<Page> }> {
  endpoint = await startSyncEndpoint({ count: 4 });
  started.push(() => endpoint?.close());
  const profileRoot = mkdtempSync(path.join(tmpdir(), 'casedesk-review-form-'));
  started.push(() => rmSync(profileRoot, { recursive: true, force: true }));
  // A relaunch must find the same profile at the same origin (IndexedDB belongs to an origin).
  const userDataDir = path.join(profileRoot, 'profile');
  const rendererPort = 20_000 + Math.floor(Math.random() * 20_000);
  const launch = () => (options.relaunchable ? launchBrowserHost({ userDataDir, rendererPort }) : launchBrowserHost());
  started.push(() => host?.close().catch(() => undefined));
  host = await launch();
  await createVault(host.page);
  await enrolInApp(host.page, endpoint.url, await endpoint.issueCode('alice'));
  await expectSynced(host.page, 4);
  return {
    page: host.page,
    relaunch: async () => {
      host = await launch();
      return host.page;
    },
  };
}

/** Pushes mutations as a second enrolled device of `userId`, straight to the endpoint's HTTP API. */
async function pushAs(userId: string, mutations: Mutation[]): Promise<PushResponse> {
  const { token } = await endpoint!.withStorage((storage) => enrolOverHttp(storage, endpoint!.url, userId));
  const reply = await callApi(endpoint!.url, '/api/v1/push', { token, body: { mutations } });
  expect(reply.status).toBe(200);
  return reply.json as PushResponse;
}

const reviewPanel = (page: Page, caseId: string) => page.locator(`[data-testid="review-panel"][data-case-id="${caseId}"]`);

test('a rationale required only when the recommendation calls for one: the form refuses it, the endpoint refuses it by the same rule', async () => {
  const { page } = await syncedApp();
  const caseId = endpoint!.aliceCases[0]!.caseId;
  await openCase(page, caseId);
  await fillOutcome(page, 3);
  const form = page.getByTestId('review-form');
  await form.locator('[data-field-id="rationale"] textarea').fill('');

  await page.getByTestId('submit-review').click();
  const rationale = form.locator('[data-field-id="rationale"]');
  await expect(rationale.getByTestId('field-error')).toHaveAttribute('data-code', 'required');
  await expect(rationale.getByTestId('field-error')).toHaveText('An answer is needed here.');
  await expect(rationale).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByTestId('field-error')).toHaveCount(1);
  expect(await seriousViolations(page), 'the form with a message next to a field').toEqual([]);
  await expect(reviewPanel(page, caseId).getByTestId('review-status')).not.toHaveAttribute('data-status', /pending|submitted/);
  await expect(waitingCount(page)).toHaveText('0');

  // The same answers, had the form let them through, are refused by the endpoint for the same field and code.
  const answers: OutcomeAnswers = { classification: 'group_based', suspect_count: 3, recommendation: 'reinvestigate', urgency: 'priority', reviewer_confidence: 'medium' };
  const refused = await pushAs('alice', [
    { mutationId: createUuidV7(), type: 'review.submit', caseId: endpoint!.aliceCases[1]!.caseId, baseVersion: 0, payload: { templateId: 'cse-review', templateVersion: 1, answers } },
  ]);
  expect(refused.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid_payload', fieldErrors: [{ fieldId: 'rationale', code: 'required' }] });

  // "No further action" lifts the requirement on both sides: the message goes as soon as the choice changes.
  await form.locator('[data-field-id="recommendation"] input[value="no_further_action"]').check();
  await expect(form.getByTestId('field-error')).toHaveCount(0);
  const accepted = await pushAs('alice', [
    {
      mutationId: createUuidV7(),
      type: 'review.submit',
      caseId: endpoint!.aliceCases[1]!.caseId,
      baseVersion: 0,
      payload: { templateId: 'cse-review', templateVersion: 1, answers: { ...answers, recommendation: 'no_further_action' } },
    },
  ]);
  expect(accepted.results[0]).toMatchObject({ status: 'applied' });
  await page.getByTestId('submit-review').click();
  await expect(reviewPanel(page, caseId).getByTestId('review-status')).toHaveAttribute('data-status', /^(pending|submitted)$/, { timeout: 20_000 });
  await expect
    .poll(() => endpoint!.withStorage((storage) => storage.getReview(caseId)), { timeout: 30_000 })
    .toMatchObject({ answers: { recommendation: 'no_further_action', suspect_count: 3 } });
});

test('drafts: a lock right after typing, and a browser killed while typing, lose nothing typed more than a second ago', async () => {
  test.setTimeout(150_000);
  const { page: first, relaunch } = await syncedApp({ relaunchable: true });
  const caseId = endpoint!.aliceCases[2]!.caseId;
  const rationale = (page: Page) => page.getByTestId('review-form').locator('[data-field-id="rationale"] textarea');

  // Lock the instant typing stops: the pending draft is sealed before the keys go.
  await openCase(first, caseId);
  await rationale(first).click();
  await first.keyboard.type('Typed just before the lock.');
  await lockVault(first);
  await unlockVault(first);
  await expect(first.getByRole('button', { name: 'Lock now' })).toBeVisible({ timeout: 20_000 });
  await openCase(first, caseId);
  await expect(rationale(first)).toHaveValue('Typed just before the lock.');

  // Keep typing, never pausing long enough for the debounce alone, and kill the browser mid-stream.
  const more = ' Then steady typing that never pauses for long, right up to the moment the browser dies.';
  await rationale(first).press('End');
  const typedAt: number[] = [];
  for (const character of more) {
    await first.keyboard.type(character);
    typedAt.push(Date.now());
    await first.waitForTimeout(40);
  }
  const killedAt = Date.now();
  expect(await host!.kill()).toBe(true);

  const page = await relaunch();
  await unlockVault(page);
  await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible({ timeout: 20_000 });
  await openCase(page, caseId);
  const restored = await rationale(page).inputValue();
  const typedBeforeTheLastSecond = typedAt.filter((at) => at <= killedAt - 1_000).length;
  expect(typedBeforeTheLastSecond).toBeGreaterThan(20);
  expect(restored.startsWith('Typed just before the lock.')).toBe(true);
  expect(`Typed just before the lock.${more}`.startsWith(restored)).toBe(true);
  expect(restored.length).toBeGreaterThanOrEqual('Typed just before the lock.'.length + typedBeforeTheLastSecond);
});

test('a returned case shows the lead’s comment, reopens for amendment, and lists every version with the QC decision', async () => {
  const { page } = await syncedApp();
  const caseId = endpoint!.aliceCases[3]!.caseId;
  await submitOutcomeInApp(page, caseId, 5);
  await expect.poll(() => endpoint!.withStorage((storage) => storage.getReview(caseId)), { timeout: 30_000 }).toMatchObject({ version: 1 });

  const comment = 'Say which of the five suspects recur in other cases.';
  const decided = await pushAs('lead', [{ mutationId: createUuidV7(), type: 'qc.decide', caseId, baseVersion: 1, payload: { decision: 'return', comment } }]);
  expect(decided.results[0]).toMatchObject({ status: 'applied' });
  await page.getByRole('button', { name: 'Sync now' }).click();

  const panel = reviewPanel(page, caseId);
  await expect(panel.getByTestId('review-status')).toHaveAttribute('data-status', 'returned', { timeout: 30_000 });
  await expect(panel.getByTestId('qc-comment')).toHaveText(`Your team lead wrote: ${comment}`);
  const history = panel.getByTestId('review-history');
  const firstVersion = history.locator('[data-testid="history-version"][data-version="1"]');
  await expect(firstVersion).toContainText('Version 1, submitted by alice');
  await expect(firstVersion.getByTestId('history-qc')).toHaveAttribute('data-decision', 'return');
  await expect(firstVersion.getByTestId('history-qc-comment')).toHaveText(comment);

  // Reopened for amendment with the answers as submitted.
  const form = page.getByTestId('review-form');
  await expect(form.locator('[data-field-id="suspect_count"] input')).toHaveValue('5');
  await form.locator('[data-field-id="suspect_count"] input').fill('6');
  await expect(page.getByTestId('submit-review')).toHaveText('Submit amendment');
  await page.screenshot({ path: test.info().outputPath('returned-case-with-history.png'), fullPage: true });
  expect(await seriousViolations(page), 'the returned case with its version history').toEqual([]);
  await page.getByTestId('submit-review').click();
  await expect.poll(() => endpoint!.withStorage((storage) => storage.getReview(caseId)), { timeout: 30_000 }).toMatchObject({ version: 2, answers: { suspect_count: 6 } });
  await page.getByRole('button', { name: 'Sync now' }).click();

  await expect(history.locator('[data-testid="history-version"][data-version="2"]')).toContainText('Version 2, submitted by alice', { timeout: 30_000 });
  await expect(history.getByTestId('history-version')).toHaveCount(2);
  await expect(firstVersion.getByTestId('history-qc-comment')).toHaveText(comment);
  await expect(history.getByTestId('history-pending')).toHaveCount(0);
});
