import { expect, test } from '@playwright/test';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { launchBrowserHost, type BrowserHost } from '../harness/browser-host';
import { createVault, importCaseBatch, lockVault, unlockVault } from './support/vault-page';

/**
 * 10,000 cases: the list draws only the rows in view however far it is
 * scrolled, search narrows it through the in-memory index, and locking
 * drops everything. (Speed is measured by `npm run bench`, not here.)
 */

let host: BrowserHost | undefined;

test.afterEach(async () => {
  await host?.close();
  host = undefined;
});

test('10,000 cases: a bounded number of rows in the DOM, the last reachable by scrolling, search over all of them', async () => {
  test.setTimeout(180_000);
  const cases = generateSyntheticCases({ seed: 10_000, count: 10_000 });
  const target = cases[7_777]!;
  host = await launchBrowserHost();
  const { page } = host;
  await createVault(page);
  await importCaseBatch(page, cases);
  await expect(page.getByTestId('case-count')).toHaveText('10000', { timeout: 60_000 });

  const drawnRows = () => page.getByTestId('case-row').count();
  expect(await drawnRows()).toBeGreaterThan(5);
  expect(await drawnRows()).toBeLessThan(60);

  const lastByReference = [...cases].sort((a, b) => a.reference.localeCompare(b.reference, undefined, { numeric: true, sensitivity: 'base' }) || a.caseId.localeCompare(b.caseId)).at(-1)!;
  await page.getByTestId('case-rows').evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(page.locator(`[data-testid="case-row"][data-case-id="${lastByReference.caseId}"]`)).toBeVisible();
  expect(await drawnRows()).toBeLessThan(60);

  await page.getByTestId('case-search').fill(target.reference);
  await expect(page.locator(`[data-testid="case-row"][data-case-id="${target.caseId}"]`)).toBeVisible({ timeout: 30_000 });
  await page.locator(`[data-testid="case-row"] button[data-case-id="${target.caseId}"]`).click();
  await expect(page.getByTestId('case-detail')).toHaveAttribute('data-case-id', target.caseId);

  await lockVault(page);
  await expect(page.getByTestId('case-row')).toHaveCount(0);
  await unlockVault(page);
  await expect(page.getByTestId('case-count')).toHaveText('10000', { timeout: 60_000 });
  // The search is gone with the lock: it quoted case text.
  await expect(page.getByTestId('case-search')).toHaveValue('');
  await expect(page.getByTestId('case-shown-count')).toHaveText('10000');
});
