import { expect, test } from '@playwright/test';
import { launchBrowserHost } from '../harness/browser-host';
import { seriousViolations } from './support/axe-scan';
import { createVault, lockVault } from './support/vault-page';
import { enrolInApp, expectSynced, openCase } from './support/review-page';
import { hostAndEndpointPerTest } from './support/per-test-host';
import { startSyncEndpoint } from './support/sync-endpoint';

/**
 * WCAG 2.2 AA intent, checked by axe on each main screen: no serious or
 * critical violation on the lock screens, the batches and case list, and
 * the case view with its review form.
 */

const opened = hostAndEndpointPerTest();

test('axe: lock screens, batches and case list, case view with the review form', async () => {
  const endpoint = (opened.endpoint = await startSyncEndpoint({ count: 6 }));
  const host = (opened.host = await launchBrowserHost());
  const { page } = host;

  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  expect(await seriousViolations(page), 'create-vault screen').toEqual([]);

  await createVault(page);
  await enrolInApp(page, endpoint.url, await endpoint.issueCode('alice'));
  await expectSynced(page, 6);
  await expect(page.getByTestId('batch-row')).toHaveCount(1);
  expect(await seriousViolations(page), 'batches and case list').toEqual([]);

  await openCase(page, endpoint.aliceCases[2]!.caseId);
  await expect(page.getByTestId('connections')).toBeVisible();
  expect(await seriousViolations(page), 'case view and review form').toEqual([]);

  await page.getByTestId('submit-review').click();
  await expect(page.getByTestId('field-error').first()).toBeVisible();
  expect(await seriousViolations(page), 'review form with validation errors').toEqual([]);

  await lockVault(page);
  await expect(page.getByRole('heading', { name: 'CaseDesk is locked' })).toBeVisible();
  expect(await seriousViolations(page), 'unlock screen').toEqual([]);
});
