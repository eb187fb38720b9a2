import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import { callApi, TEST_PUBLIC_KEY } from '../../server/test-support/api-test-server';
import { VALID_ANSWERS } from '../../server/test-support/seed-review-world';
import { launchBrowserHost, type BrowserHost } from '../harness/browser-host';
import { scanForCanaries } from './support/profile-scan';
import { createVault } from './support/vault-page';
import { enrolInApp, expectSynced, openCase, submitOutcomeInApp, waitingCount } from './support/review-page';
import { startSyncEndpoint, type SyncEndpoint } from './support/sync-endpoint';

let host: BrowserHost | undefined;
let endpoint: SyncEndpoint | undefined;
let profileRoot: string | undefined;

test.afterEach(async () => {
  await host?.close().catch(() => undefined);
  await endpoint?.close();
  if (profileRoot) rmSync(profileRoot, { recursive: true, force: true });
  host = endpoint = profileRoot = undefined;
});

/** Another device of the same reviewer, speaking the API directly. */
async function otherDeviceSubmits(target: SyncEndpoint, caseId: string, suspects: number): Promise<void> {
  const enrolled = await callApi(target.url, '/api/v1/enrol', {
    body: { code: await target.issueCode('alice'), deviceName: 'second laptop', publicKey: TEST_PUBLIC_KEY },
  });
  const { token } = enrolled.json as { token: string };
  const pushed = await callApi(target.url, '/api/v1/push', {
    token,
    body: {
      mutations: [
        {
          mutationId: createUuidV7(),
          type: 'review.submit',
          caseId,
          baseVersion: 0,
          payload: { templateId: 'cse-review', templateVersion: 1, answers: { ...VALID_ANSWERS, suspect_count: suspects } },
        },
      ],
    },
  });
  expect(pushed.json).toMatchObject({ results: [{ status: 'applied', version: 1 }] });
}

test('a conflict shows both versions field by field and is resolved both ways', async () => {
  endpoint = await startSyncEndpoint({ count: 4 });
  host = await launchBrowserHost();
  const { page } = host;
  await createVault(page);
  await enrolInApp(page, endpoint.url, await endpoint.issueCode('alice'));
  await expectSynced(page, 4);
  const [keepMine, takeTheirs] = endpoint.aliceCases.map((caseFile) => caseFile.caseId);
  await otherDeviceSubmits(endpoint, keepMine!, 40);
  await otherDeviceSubmits(endpoint, takeTheirs!, 50);

  // This device has not pulled those: its outcomes are based on version 0.
  await endpoint.stop();
  await submitOutcomeInApp(page, keepMine!, 41);
  await submitOutcomeInApp(page, takeTheirs!, 51);
  await endpoint.start();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(waitingCount(page)).toHaveText('0', { timeout: 30_000 });
  await expect(page.locator('[data-testid="case-status"][data-status="conflict"]')).toHaveCount(2, { timeout: 20_000 });

  await page.locator(`[data-testid="case-row"] button[data-case-id="${keepMine}"]`).click();
  const conflict = page.getByTestId('conflict-view');
  await expect(conflict).toBeVisible();
  const differing = conflict.locator('[data-testid="conflict-row"][data-differs="true"]');
  await expect(differing).toHaveCount(1);
  await expect(differing).toContainText('40');
  await expect(differing).toContainText('41');
  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect(page.locator(`[data-testid="review-panel"][data-case-id="${keepMine}"] [data-testid="review-status"]`)).toHaveAttribute(
    'data-status',
    'submitted',
    { timeout: 30_000 },
  );

  await page.locator(`[data-testid="case-row"] button[data-case-id="${takeTheirs}"]`).click();
  await page.getByTestId('conflict-view').getByRole('button', { name: "Take the endpoint's version" }).click();
  await expect(page.locator(`[data-testid="review-panel"][data-case-id="${takeTheirs}"] [data-testid="review-status"]`)).toHaveAttribute(
    'data-status',
    'submitted',
  );
  await expect(page.getByTestId('review-form').locator('[data-field-id="suspect_count"] input')).toHaveValue('50');
  await expect(waitingCount(page)).toHaveText('0', { timeout: 30_000 });

  await endpoint.withStorage(async (storage) => {
    // Nothing dropped: every version kept, the chosen one current.
    expect((await storage.getReview(keepMine!))?.answers.suspect_count).toBe(41);
    expect((await storage.listReviewVersions(keepMine!)).length).toBe(3);
    expect((await storage.getReview(takeTheirs!))?.answers.suspect_count).toBe(50);
    expect((await storage.listReviewVersions(takeTheirs!)).length).toBe(2);
  });
});

const canary = (label: string) => `CANARY${label}${randomBytes(6).toString('hex').toUpperCase()}`;

test('reassignment purges the batch but keeps its unaccepted outcome; revocation erases everything', async () => {
  const placed: string[] = [];
  const cases = generateSyntheticCases({ seed: 606, count: 5 }).map((caseFile) => {
    const reference = canary('REF');
    const text = canary('TXT');
    placed.push(reference, text);
    return { ...caseFile, reference, summary: `${caseFile.summary} ${text}` };
  });
  endpoint = await startSyncEndpoint({ cases });
  profileRoot = mkdtempSync(path.join(tmpdir(), 'casedesk-purge-'));
  const userDataDir = path.join(profileRoot, 'profile');
  host = await launchBrowserHost({ userDataDir });
  const { page } = host;
  await createVault(page);
  await enrolInApp(page, endpoint.url, await endpoint.issueCode('alice'));
  await expectSynced(page, 5);
  await openCase(page, cases[0]!.caseId);
  await expect(page.getByTestId('case-detail')).toContainText(placed[1]!);

  await endpoint.stop();
  await submitOutcomeInApp(page, cases[1]!.caseId);
  await endpoint.withStorage((storage) => storage.reassignBatch('batch-alice', 'bob', new Date().toISOString()));
  await endpoint.start();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('case-count')).toHaveText('0', { timeout: 30_000 });
  await expect(page.getByTestId('case-detail')).toHaveCount(0);
  // The outcome the endpoint did not accept (the case is bob's now) stays, shown, until discarded.
  const stranded = page.getByTestId('stranded-outcome');
  await expect(stranded).toHaveCount(1, { timeout: 20_000 });
  await expect(stranded).toHaveAttribute('data-case-id', cases[1]!.caseId);
  await expect(stranded).not.toContainText(placed[2]!);

  // Revocation: the next sync erases the vault and says so.
  await endpoint.withStorage(async (storage) => {
    const devices = await storage.listDevices();
    for (const device of devices) await storage.revokeDevice(device.deviceId, new Date().toISOString());
  });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('device-revoked')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  const rowsLeft = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('casedesk-vault');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const database = open.result;
          const stores = [...database.objectStoreNames];
          if (stores.length === 0) return resolve(0);
          const transaction = database.transaction(stores, 'readonly');
          let total = 0;
          for (const store of stores) transaction.objectStore(store).count().onsuccess = (event) => (total += (event.target as IDBRequest<number>).result);
          transaction.oncomplete = () => resolve(total);
        };
      }),
  );
  expect(rowsLeft).toBe(0);

  await host.close();
  host = undefined;
  const scan = scanForCanaries(userDataDir, placed);
  expect(scan.filesScanned).toBeGreaterThan(0);
  expect(scan.hits).toEqual([]);
});
