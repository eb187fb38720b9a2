import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { launchBrowserHost } from '../harness/browser-host';
import { createVault } from './support/vault-page';
import { enrolInApp, expectSynced, openCase } from './support/review-page';
import { hostAndEndpointPerTest } from './support/per-test-host';
import { startSyncEndpoint } from './support/sync-endpoint';

/**
 * Issue #9, audit viewer: a reviewer's audit events reach the endpoint
 * through the reviewer's sync; the lead's device pulls them through its own
 * sync run and shows them, with the reviewer's chain verified, narrowed by
 * each filter; the viewer has no serious or critical axe violation.
 */

const opened = hostAndEndpointPerTest();

test('a lead sees the reviewer’s audit events with a verified chain, filters them, and the viewer passes axe', async () => {
  const endpoint = (opened.endpoint = await startSyncEndpoint({ count: 4 }));
  const [first, second] = endpoint.aliceCases;

  // The reviewer opens two cases (two consultations) and syncs.
  let host = (opened.host = await launchBrowserHost());
  await createVault(host.page);
  await enrolInApp(host.page, endpoint.url, await endpoint.issueCode('alice'));
  await expectSynced(host.page, 4);
  await openCase(host.page, first!.caseId);
  await openCase(host.page, second!.caseId);
  await expect(host.page.getByTestId('audit-viewer')).toHaveCount(0);
  const aliceOnEndpoint = async () =>
    endpoint!.withStorage(async (storage) => {
      const device = (await storage.teamAuditChains('lead')).find((entry) => entry.userId === 'alice');
      if (!device) return [];
      const page = await storage.teamAuditEvents('lead', device.deviceId, 0, 500);
      return page!.events.filter((entry) => entry.event.kind === 'consultation').map((entry) => entry.event.caseId);
    });
  await expect
    .poll(async () => {
      await host!.page.getByRole('button', { name: 'Sync now' }).click();
      return aliceOnEndpoint();
    }, { timeout: 30_000 })
    .toEqual([first!.caseId, second!.caseId]);
  const aliceEventCount = await endpoint.withStorage(async (storage) => (await storage.teamAuditChains('lead')).find((entry) => entry.userId === 'alice')!.eventCount);
  await host.close();

  // The lead's own device, another profile: enrol, sync, read.
  host = opened.host = await launchBrowserHost();
  const { page } = host;
  await createVault(page);
  await enrolInApp(page, endpoint.url, await endpoint.issueCode('lead'));
  const viewer = page.getByTestId('audit-viewer');
  await expect(viewer).toBeVisible({ timeout: 30_000 });
  const aliceChain = viewer.locator('[data-testid="audit-chain"][data-user-id="alice"]');
  await expect(aliceChain).toHaveAttribute('data-verdict', 'verified', { timeout: 30_000 });
  await expect(aliceChain).toContainText(`Verified up to event ${aliceEventCount}.`);
  // Bob never enrolled a device, so is not listed; the lead's own device is.
  await expect(viewer.locator('[data-testid="audit-chain"][data-user-id="lead"]')).toHaveCount(1);

  const events = viewer.getByTestId('audit-event');
  const filters = viewer.getByRole('search', { name: 'Filter audit events' });
  await filters.getByLabel('User').selectOption('alice');
  await expect(events).toHaveCount(aliceEventCount);
  await expect(viewer.locator('[data-testid="audit-event"]:not([data-user-id="alice"])')).toHaveCount(0);

  await filters.getByLabel('Action').selectOption('consultation');
  await expect(events).toHaveCount(2);
  await expect(viewer.getByTestId('audit-event-case')).toHaveText([second!.caseId, first!.caseId]);

  await filters.getByLabel('Case id').fill(first!.caseId);
  await expect(events).toHaveCount(1);
  await expect(viewer.getByTestId('audit-event-case')).toHaveText([first!.caseId]);

  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await filters.getByLabel('From (UTC day)').fill(today);
  await filters.getByLabel('To (UTC day)').fill(today);
  await expect(events).toHaveCount(1);
  await filters.getByLabel('From (UTC day)').fill(tomorrow);
  await filters.getByLabel('To (UTC day)').fill(tomorrow);
  await expect(events).toHaveCount(0);
  await expect(viewer.getByTestId('audit-event-count')).toHaveText(/^0 of \d+ events$/);

  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(events.first()).toBeVisible();
  const results = await new AxeBuilder({ page }).include('[data-testid="audit-viewer"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
  expect(results.passes.length).toBeGreaterThan(0);
});
