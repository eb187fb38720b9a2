import { expect, test, type Page } from '@playwright/test';
import type { CaseFile } from '../../shared/domain/case-file';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { launchBrowserHost } from '../harness/browser-host';
import { createVault } from './support/vault-page';
import { enrolInApp, expectSynced, waitingCount } from './support/review-page';
import { hostAndEndpointPerTest } from './support/per-test-host';
import { startSyncEndpoint } from './support/sync-endpoint';

/**
 * The reviewer's workspace end to end, with data arriving by the real sync
 * path: batches, search, the case view (connections, text shown as data)
 * and the review form answered with the keyboard alone.
 */

const opened = hostAndEndpointPerTest();

const UNIQUE_PHRASE = 'caretaker logged a teal hatchback beside the canal lock';
const SHARED_SUSPECT = 'suspect-shared-e2e';

/** Alice's 30 cases: one findable by a unique phrase, one with U+202E in its summary, two (and one of bob's) sharing a suspect. */
function workspaceCases(): { alice: CaseFile[]; bob: CaseFile[] } {
  const alice = generateSyntheticCases({ seed: 8080, count: 30 }).map((caseFile) => ({ ...caseFile }));
  alice[5] = { ...alice[5]!, summary: `${alice[5]!.summary} The ${UNIQUE_PHRASE}.` };
  alice[6] = { ...alice[6]!, summary: `Statement reads Quiet\u202Eevil text then ends.` };
  alice[7] = { ...alice[7]!, suspectIds: [...alice[7]!.suspectIds, SHARED_SUSPECT] };
  alice[8] = { ...alice[8]!, victimIds: [...alice[8]!.victimIds, SHARED_SUSPECT] };
  const bob = generateSyntheticCases({ seed: 8081, count: 2, firstCaseNumber: 900_000 }).map((caseFile) => ({ ...caseFile, caseId: `bob-${caseFile.caseId}` }));
  bob[0] = { ...bob[0]!, suspectIds: [...bob[0]!.suspectIds, SHARED_SUSPECT] };
  return { alice, bob };
}

async function syncedWorkspace(): Promise<{ page: Page; alice: CaseFile[]; bob: CaseFile[] }> {
  const { alice, bob } = workspaceCases();
  const endpoint = (opened.endpoint = await startSyncEndpoint({ cases: alice, bobCases: bob }));
  const host = (opened.host = await launchBrowserHost());
  const { page } = host;
  await createVault(page);
  await enrolInApp(page, endpoint.url, await endpoint.issueCode('alice'));
  await expectSynced(page, alice.length);
  return { page, alice, bob };
}

/** Presses Tab until the focus is inside the question `fieldId` (keyboard only, as a reviewer would). */
async function tabToQuestion(page: Page, fieldId: string): Promise<void> {
  for (let presses = 0; presses < 30; presses++) {
    const at = await page.evaluate(() => document.activeElement?.closest<HTMLElement>('[data-field-id]')?.dataset.fieldId ?? null);
    if (at === fieldId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached the question ${fieldId}`);
}

const focusedFieldId = (page: Page) => page.evaluate(() => document.activeElement?.closest<HTMLElement>('[data-field-id]')?.dataset.fieldId ?? null);

test('batches → search by a phrase → answer with the keyboard only → a missing answer is flagged → submit and next → the outcome reaches the server', async () => {
  const { page, alice } = await syncedWorkspace();
  const target = alice[5]!;

  const batchRow = page.locator('[data-testid="batch-row"][data-batch-id="batch-alice"]');
  await expect(batchRow).toContainText('Batch of alice');
  await expect(batchRow.getByTestId('batch-due')).toHaveText('2026-12-31');
  await expect(batchRow.locator('[data-testid="batch-count"][data-step="unreviewed"]')).toHaveText('Not started: 30');
  await expect(batchRow.locator('[data-testid="batch-count"][data-step="submitted"]')).toHaveText('Submitted: 0');
  await expect(page.getByTestId('last-sync')).toHaveText(/^Last synced /);
  await expect(page.locator('[data-testid="batch-row"][data-batch-id="batch-bob"]')).toHaveCount(0);
  await batchRow.getByTestId('open-batch').click();
  await expect(page.getByTestId('batch-filter')).toContainText('Batch of alice');

  // Keyboard from here on.
  await page.locator('body').focus();
  await page.keyboard.press('/');
  await expect(page.getByTestId('case-search')).toBeFocused();
  await page.keyboard.type('teal hatchback canal');
  await expect(page.getByTestId('case-shown-count')).toHaveText('1');
  await expect(page.getByTestId('case-row')).toHaveAttribute('data-case-id', target.caseId);
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByTestId('case-detail')).toHaveAttribute('data-case-id', target.caseId);
  // Clear the search so "next" has somewhere to go; Esc leaves the search box.
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('case-shown-count')).toHaveText('30');
  await page.keyboard.press('Escape');
  const expectedNext = await page.locator('[data-testid="case-row"][aria-selected="true"] + tr').getAttribute('data-case-id');
  expect(expectedNext).toBeTruthy();

  await page.keyboard.press('e');
  expect(await focusedFieldId(page)).toBe('classification');
  await page.keyboard.press('1');
  const form = page.getByTestId('review-form');
  await expect(form.locator('[data-field-id="classification"] input[value="group_based"]')).toBeChecked();
  await page.keyboard.press('3');
  await expect(form.locator('[data-field-id="classification"] input[value="peer_on_peer"]')).toBeChecked();
  await page.keyboard.press('1');
  await tabToQuestion(page, 'suspect_count');
  await page.keyboard.type('4');
  await tabToQuestion(page, 'vulnerability_indicators');
  await page.keyboard.press('2');
  await expect(form.locator('[data-field-id="vulnerability_indicators"] input[value="missing_episodes"]')).toBeChecked();
  await tabToQuestion(page, 'recommendation');
  await page.keyboard.press('2');
  await tabToQuestion(page, 'urgency');
  await page.keyboard.press('2');
  await tabToQuestion(page, 'reviewer_confidence');
  await page.keyboard.press('3');
  await expect(form.locator('[data-field-id="reviewer_confidence"] input[value="high"]')).toBeChecked();

  // The rationale is required because the recommendation is not "no further action".
  await page.keyboard.press('Control+Enter');
  const rationaleError = form.locator('[data-field-id="rationale"] [data-testid="field-error"]');
  await expect(rationaleError).toHaveText('An answer is needed here.');
  await expect(form.getByTestId('field-error')).toHaveCount(1);
  expect(await focusedFieldId(page)).toBe('rationale');
  await expect(page.getByTestId('case-detail')).toHaveAttribute('data-case-id', target.caseId);

  await page.keyboard.type('Several suspects recur across the batch; not pursued at the time.');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('case-detail')).toHaveAttribute('data-case-id', expectedNext!, { timeout: 20_000 });
  await expect(page.locator(`[data-testid="case-row"][data-case-id="${target.caseId}"] [data-testid="case-status"]`)).toHaveAttribute('data-status', 'submitted');

  await expect(waitingCount(page)).toHaveText('0', { timeout: 30_000 });
  await expect
    .poll(() => opened.endpoint!.withStorage((storage) => storage.getReview(target.caseId)), { timeout: 30_000 })
    .toMatchObject({
      answers: {
        classification: 'group_based',
        suspect_count: 4,
        vulnerability_indicators: ['missing_episodes'],
        recommendation: 'reinvestigate',
        urgency: 'priority',
        rationale: 'Several suspects recur across the batch; not pursued at the time.',
        reviewer_confidence: 'high',
      },
    });
  await expect(batchRow.locator('[data-testid="batch-count"][data-step="submitted"]')).toHaveText('Submitted: 1', { timeout: 20_000 });

  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
  await expect(page.getByTestId('shortcuts-dialog')).toContainText('Submit the outcome and go to the next case');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts-dialog')).toBeHidden();
});

test('case view: U+202E shown as a marker in logical order; excerpts masked until revealed; a shared person connects two assigned cases both ways', async () => {
  const { page, alice, bob } = await syncedWorkspace();
  const search = page.getByTestId('case-search');

  await search.fill(alice[6]!.reference);
  await page.locator(`[data-testid="case-row"] button[data-case-id="${alice[6]!.caseId}"]`).click();
  const summary = page.locator('[data-testid="case-detail"] [data-field="summary"]');
  await expect(summary).toHaveText('Statement reads Quiet[U+202E]evil text then ends.');
  await expect(summary.getByTestId('hidden-character')).toHaveAttribute('data-code', 'U+202E');
  expect(await summary.evaluate((element) => element.textContent!.includes('\u202E'))).toBe(false);
  // Drawn in logical order: "Quiet" stays left of "evil" (an override would have drawn "live" to its left).
  const order = await summary.evaluate((element) => {
    const textNode = [...element.querySelectorAll('bdi')].flatMap((bdi) => [...bdi.childNodes]).find((node) => node.textContent?.includes('evil'))!;
    const range = document.createRange();
    const text = textNode.textContent!;
    range.setStart(textNode, text.indexOf('evil'));
    range.setEnd(textNode, text.indexOf('evil') + 1);
    const e = range.getBoundingClientRect().left;
    range.setStart(textNode, text.indexOf('evil') + 3);
    range.setEnd(textNode, text.indexOf('evil') + 4);
    return { e, l: range.getBoundingClientRect().left };
  });
  expect(order.e).toBeLessThan(order.l);

  await search.fill(alice[7]!.reference);
  await page.locator(`[data-testid="case-row"] button[data-case-id="${alice[7]!.caseId}"]`).click();
  const connections = page.getByTestId('connections');
  const showAll = async () => {
    // The panel draws the first 25 connections; the synthetic person pool links many cases.
    if (await connections.getByTestId('show-all-connections').isVisible()) await connections.getByTestId('show-all-connections').click();
  };
  await expect(connections.getByTestId('connection').first()).toBeVisible();
  await showAll();
  const toEight = connections.locator(`[data-testid="connection"][data-case-id="${alice[8]!.caseId}"]`);
  await expect(toEight.locator(`[data-testid="shared-person"][data-person-id="${SHARED_SUSPECT}"]`)).toHaveText(`${SHARED_SUSPECT}: suspect here, victim there`);
  const toBob = connections.locator('[data-testid="connection"]', { hasText: bob[0]!.reference });
  await expect(toBob).toContainText('(not assigned to you)');
  await expect(toBob.getByTestId('open-connection')).toHaveCount(0);
  await expect(page.getByTestId('review-form')).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: test.info().outputPath('case-view-with-form.png'), fullPage: true });

  // Excerpts are hidden until revealed, one at a time, and the setting turns that off.
  const documents = page.locator('[data-testid="case-detail"] [data-field="document"]');
  const documentCount = alice[7]!.documents.length;
  expect(documentCount).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="case-detail"] [data-field="excerpt"]')).toHaveCount(0);
  await documents.first().getByTestId('reveal-excerpt').click();
  await expect(documents.first().locator('[data-field="excerpt"]')).toHaveText(alice[7]!.documents[0]!.excerpt);
  await expect(page.locator('[data-testid="case-detail"] [data-field="excerpt"]')).toHaveCount(1);
  await page.getByTestId('mask-excerpts').uncheck();
  await expect(page.locator('[data-testid="case-detail"] [data-field="excerpt"]')).toHaveCount(documentCount);
  await page.getByTestId('mask-excerpts').check();

  await toEight.getByTestId('open-connection').click();
  await expect(page.getByTestId('case-detail')).toHaveAttribute('data-case-id', alice[8]!.caseId);
  await expect(connections.getByTestId('connection').first()).toBeVisible();
  await showAll();
  await expect(
    connections.locator(`[data-testid="connection"][data-case-id="${alice[7]!.caseId}"] [data-testid="shared-person"][data-person-id="${SHARED_SUSPECT}"]`),
  ).toHaveText(`${SHARED_SUSPECT}: victim here, suspect there`);
});
