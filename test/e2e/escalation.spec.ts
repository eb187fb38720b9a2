import { expect, test } from '@playwright/test';
import { createUuidV7 } from '../../shared/sync-protocol/uuid-v7';
import { callApi, TEST_PUBLIC_KEY } from '../../server/test-support/api-test-server';
import { launchBrowserHost, type BrowserHost } from '../harness/browser-host';
import { seriousViolations } from './support/axe-scan';
import { createVault } from './support/vault-page';
import { enrolInApp, expectLeadSynced, expectSynced, fillOutcome, findAndOpenCase, submitOutcomeInApp, waitingCount } from './support/review-page';
import { startSyncEndpoint, type SyncEndpoint } from './support/sync-endpoint';

let reviewerHost: BrowserHost | undefined;
let leadHost: BrowserHost | undefined;
let endpoint: SyncEndpoint | undefined;

test.afterEach(async () => {
  await reviewerHost?.close();
  await leadHost?.close();
  await endpoint?.close();
  reviewerHost = leadHost = endpoint = undefined;
});

/** Another device of the lead, speaking the API directly: a second acknowledgement with a new mutation id. */
async function otherLeadDeviceAcknowledges(target: SyncEndpoint, caseId: string): Promise<unknown> {
  const enrolled = await callApi(target.url, '/api/v1/enrol', { body: { code: await target.issueCode('lead'), deviceName: 'lead tablet', publicKey: TEST_PUBLIC_KEY } });
  const { token } = enrolled.json as { token: string };
  const pushed = await callApi(target.url, '/api/v1/push', {
    token,
    body: { mutations: [{ mutationId: createUuidV7(), type: 'escalation.acknowledge', caseId, baseVersion: 1, payload: {} }] },
  });
  return pushed.json;
}

test('an escalation made offline before 50 routine outcomes reaches the endpoint first, tops the lead’s list, is acknowledged once, and the reviewer sees by whom', async () => {
  test.setTimeout(300_000);
  endpoint = await startSyncEndpoint({ count: 51 });
  const [escalatedCase, ...routineCases] = endpoint.aliceCases;
  const escalated = escalatedCase!.caseId;
  const routine = routineCases.map((caseFile) => caseFile.caseId);

  reviewerHost = await launchBrowserHost();
  const reviewer = reviewerHost.page;
  await createVault(reviewer);
  await enrolInApp(reviewer, endpoint.url, await endpoint.issueCode('alice'));
  await expectSynced(reviewer, 51);

  await endpoint.stop();
  await findAndOpenCase(reviewer, escalatedCase!);
  await fillOutcome(reviewer, 3);
  await reviewer.getByTestId('review-form').locator('[data-field-id="urgency"] input[value="immediate"]').check();
  await reviewer.getByTestId('submit-review').click();
  await expect(reviewer.getByTestId('escalation-status')).toContainText('sent ahead of your other outcomes', { timeout: 20_000 });
  for (const [index, caseFile] of routineCases.entries()) {
    await submitOutcomeInApp(reviewer, caseFile.caseId, (index % 9) + 1, () => findAndOpenCase(reviewer, caseFile));
  }
  await expect(waitingCount(reviewer)).toHaveText('51', { timeout: 20_000 });

  await endpoint.start();
  await reviewer.getByRole('button', { name: 'Sync now' }).click();
  await expect(waitingCount(reviewer)).toHaveText('0', { timeout: 60_000 });
  await endpoint.withStorage(async (storage) => {
    const sequences = await storage.firstReviewSequences([escalated, ...routine]);
    expect(sequences.size).toBe(51);
    const escalatedAt = sequences.get(escalated)!;
    expect(routine.filter((caseId) => sequences.get(caseId)! < escalatedAt)).toEqual([]);
    expect(await storage.listEscalations({ unacknowledgedOnly: true })).toEqual([expect.objectContaining({ caseId: escalated, reviewerId: 'alice' })]);
  });

  leadHost = await launchBrowserHost();
  const lead = leadHost.page;
  await createVault(lead);
  await enrolInApp(lead, endpoint.url, await endpoint.issueCode('lead'));
  await expectLeadSynced(lead, 51);
  const rows = lead.getByTestId('escalation-row');
  await expect(rows).toHaveCount(1, { timeout: 30_000 });
  await expect(rows.first()).toHaveAttribute('data-case-id', escalated);
  await expect(rows.first()).toHaveAttribute('data-standing', 'open');
  await expect(lead.getByTestId('escalations-waiting')).toHaveText('1');
  // At the top of the lead's workspace: before the team's progress.
  const order = await lead.evaluate(() => {
    const escalations = document.querySelector('[data-testid="escalations"]');
    const dashboard = document.querySelector('[data-testid="lead-dashboard"]');
    return escalations && dashboard ? escalations.compareDocumentPosition(dashboard) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
  });
  expect(order).toBeTruthy();
  expect(await seriousViolations(lead), 'lead workspace with an open escalation').toEqual([]);

  await rows.first().getByRole('button', { name: /^Acknowledge/ }).click();
  await expect(rows.first()).toHaveAttribute('data-standing', 'acknowledged', { timeout: 30_000 });
  await expect(rows.first().getByTestId('escalation-standing')).toContainText('Acknowledged by lead');
  await expect(lead.getByTestId('escalations-waiting')).toHaveText('0');

  // Sent twice: another device of the lead acknowledges again, with its own mutation id.
  expect(await otherLeadDeviceAcknowledges(endpoint, escalated)).toMatchObject({ results: [{ status: 'rejected', reason: 'already_acknowledged' }] });
  const acknowledgedAt = await endpoint.withStorage(async (storage) => {
    const all = await storage.listEscalations({ unacknowledgedOnly: false });
    expect(all).toHaveLength(1);
    const appDevice = (await storage.listDevices()).find((device) => device.userId === 'lead' && device.name !== 'lead tablet');
    expect(all[0]).toMatchObject({ caseId: escalated, acknowledgedBy: 'lead', acknowledgedDeviceId: appDevice?.deviceId });
    expect(await storage.listEscalations({ unacknowledgedOnly: true })).toEqual([]);
    return all[0]!.acknowledgedAt!;
  });

  await reviewer.getByRole('button', { name: 'Sync now' }).click();
  await findAndOpenCase(reviewer, escalatedCase!);
  const note = reviewer.getByTestId('escalation-status');
  await expect(note).toHaveAttribute('data-acknowledged', 'true', { timeout: 30_000 });
  const shownAt = await reviewer.evaluate((iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }), acknowledgedAt);
  await expect(note).toHaveText(`Escalated · acknowledged by lead at ${shownAt}`);
  expect(await seriousViolations(reviewer), 'case view with the escalation note').toEqual([]);
});
