import { expect, test } from '@playwright/test';
import { launchBrowserHost } from '../harness/browser-host';
import { createVault } from './support/vault-page';
import { enrolInApp, expectSynced, submitOutcomeInApp, waitingCount } from './support/review-page';
import { hostAndEndpointPerTest } from './support/per-test-host';
import { startSyncEndpoint } from './support/sync-endpoint';

const opened = hostAndEndpointPerTest();

test('enrol → pull the batch → 20 outcomes while the endpoint is down → each arrives exactly once', async () => {
  const endpoint = (opened.endpoint = await startSyncEndpoint({ count: 20 }));
  const host = (opened.host = await launchBrowserHost());
  const { page } = host;
  await createVault(page);
  // Plain words for what a reviewer gets wrong: a code that does not work, an address that cannot be used.
  await page.getByLabel('Endpoint address').fill(endpoint.url);
  await page.getByLabel('Enrolment code').fill('0123456789ABCDEF');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('enrolment-problem')).toHaveText(/That code was not accepted/);
  await page.getByLabel('Endpoint address').fill('http://casedesk.example.org');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('enrolment-problem')).toHaveText(/That address cannot be used/);
  await enrolInApp(page, endpoint.url, await endpoint.issueCode('alice'));
  await expectSynced(page, 20);

  await endpoint.stop();
  for (const [index, caseFile] of endpoint.aliceCases.entries()) await submitOutcomeInApp(page, caseFile.caseId, index + 1);
  await expect(waitingCount(page)).toHaveText('20', { timeout: 20_000 });
  await expect(page.getByTestId('sync-connection')).toHaveText('Offline', { timeout: 20_000 });
  await expect(page.locator('[data-testid="case-status"][data-status="submitted"]')).toHaveCount(20);

  await endpoint.start();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(waitingCount(page)).toHaveText('0', { timeout: 30_000 });
  await expect(page.getByTestId('sync-connection')).toHaveText('Online');
  await endpoint.withStorage(async (storage) => {
    for (const [index, caseFile] of endpoint!.aliceCases.entries()) {
      const versions = await storage.listReviewVersions(caseFile.caseId);
      expect(versions, caseFile.caseId).toHaveLength(1);
      expect((await storage.getReview(caseFile.caseId))?.answers.suspect_count).toBe(index + 1);
    }
  });
});
