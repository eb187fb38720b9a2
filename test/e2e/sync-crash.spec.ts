import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SeededRandom } from '../../shared/synthetic-cases/seeded-random';
import { launchBrowserHost, type BrowserHost } from '../harness/browser-host';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { createVault, unlockVault } from './support/vault-page';
import { enrolInApp, expectSynced, openCase, submitOutcomeInApp, waitingCount } from './support/review-page';
import { startSyncEndpoint, type SyncEndpoint } from './support/sync-endpoint';

let host: BrowserHost | undefined;
let endpoint: SyncEndpoint | undefined;
let proxy: FaultProxy | undefined;
let profileRoot: string | undefined;

test.afterEach(async () => {
  await host?.close().catch(() => undefined);
  await proxy?.close();
  await endpoint?.close();
  if (profileRoot) rmSync(profileRoot, { recursive: true, force: true });
  host = proxy = endpoint = profileRoot = undefined;
});

const KILLS = 10;
const PER_ROUND = 2;

test('the browser killed mid-push 10 times: every outcome lands exactly once, the outbox empties, no draft is lost', async () => {
  test.setTimeout(240_000);
  endpoint = await startSyncEndpoint({ count: KILLS * PER_ROUND + 1 });
  // A slow link, so each kill lands while a push is in flight (before or after the endpoint commits).
  proxy = await startFaultProxy({ target: endpoint.url, seed: 5, latencyMs: { min: 200, max: 500 } });
  profileRoot = mkdtempSync(path.join(tmpdir(), 'casedesk-crash-'));
  const userDataDir = path.join(profileRoot, 'profile');
  const rendererPort = 20_000 + Math.floor(Math.random() * 20_000);
  const launch = () => launchBrowserHost({ userDataDir, rendererPort });

  host = await launch();
  let page = host.page;
  await createVault(page);
  await enrolInApp(page, proxy.url, await endpoint.issueCode('alice'));
  await expectSynced(page, KILLS * PER_ROUND + 1);

  // A draft in the last case, typed before any crash.
  const draftCase = endpoint.aliceCases[KILLS * PER_ROUND]!.caseId;
  await openCase(page, draftCase);
  await page.getByTestId('review-form').locator('[data-field-id="suspect_count"] input').fill('77');
  await expect(page.locator('[data-testid="case-status"][data-status="draft"]')).toHaveCount(1, { timeout: 10_000 });

  const random = new SeededRandom(11);
  for (let round = 0; round < KILLS; round++) {
    await endpoint.stop();
    for (let index = 0; index < PER_ROUND; index++) {
      const caseFile = endpoint.aliceCases[round * PER_ROUND + index]!;
      await submitOutcomeInApp(page, caseFile.caseId, round * PER_ROUND + index + 1);
    }
    // Watch from before the endpoint returns: a scheduled retry may start the push before "Sync now" does.
    const pushing = page.waitForFunction(
      () => document.querySelector('[data-testid="sync-progress"]')?.textContent?.includes('Sending outcomes') ?? false,
      undefined,
      { polling: 'raf', timeout: 30_000 },
    );
    await endpoint.start();
    await page.getByRole('button', { name: 'Sync now' }).click({ timeout: 2_000 }).catch(() => undefined);
    await pushing;
    await page.waitForTimeout(Math.floor(random.next() * 700));
    expect(await host.kill()).toBe(true);
    host = await launch();
    page = host.page;
    await unlockVault(page);
    await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible({ timeout: 20_000 });
  }

  await expect(waitingCount(page)).toHaveText('0', { timeout: 60_000 });
  await endpoint.withStorage(async (storage) => {
    for (let index = 0; index < KILLS * PER_ROUND; index++) {
      const caseId = endpoint!.aliceCases[index]!.caseId;
      expect(await storage.listReviewVersions(caseId), caseId).toHaveLength(1);
      expect((await storage.getReview(caseId))?.answers.suspect_count).toBe(index + 1);
    }
    expect(await storage.getReview(draftCase)).toBeNull();
  });
  // The draft survived ten crashes.
  await openCase(page, draftCase);
  await expect(page.getByTestId('review-form').locator('[data-field-id="suspect_count"] input')).toHaveValue('77');
});
