import { expect, test } from '@playwright/test';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { launchBrowserHost, type BrowserHost } from '../harness/browser-host';
import { createVault, importCaseBatch, lockVault, PASSPHRASE, readEveryCaseFromScreen, unlockVault } from './support/vault-page';

let host: BrowserHost | undefined;

test.afterEach(async () => {
  await host?.close();
  host = undefined;
});

test('create vault → import 200 cases → lock → unlock → every case reads back equal', async () => {
  host = await launchBrowserHost();
  const { page } = host;
  const cases = generateSyntheticCases({ seed: 2026, count: 200 });
  await createVault(page);
  await importCaseBatch(page, cases);
  await expect(page.getByTestId('case-count')).toHaveText('200');

  await lockVault(page);
  await expect(page.getByTestId('lock-reason')).toHaveText('You locked CaseDesk.');
  await expect(page.getByTestId('case-row')).toHaveCount(0);

  await unlockVault(page);
  await expect(page.getByTestId('case-count')).toHaveText('200', { timeout: 20_000 });
  const readBack = await readEveryCaseFromScreen(page);
  const expected = [...cases].sort((a, b) => a.caseId.localeCompare(b.caseId));
  expect(readBack).toEqual(expected);
});

test('a wrong passphrase is refused with a clear message; the right one still opens', async () => {
  host = await launchBrowserHost();
  const { page } = host;
  await createVault(page);
  await lockVault(page);
  await unlockVault(page, 'not the passphrase at all');
  await expect(page.getByTestId('unlock-problem')).toHaveText('That passphrase did not unlock the vault.');
  await unlockVault(page, PASSPHRASE);
  await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible({ timeout: 20_000 });
});

test('the vault locks itself when idle for the time the reviewer set, and on suspend', async () => {
  host = await launchBrowserHost();
  const { page } = host;
  await page.clock.install();
  await createVault(page);
  await importCaseBatch(page, generateSyntheticCases({ seed: 5, count: 3 }));
  await page.getByTestId('idle-lock-minutes').selectOption('1');
  await page.clock.fastForward('00:50');
  await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible();
  await page.clock.fastForward('00:11');
  await expect(page.getByTestId('lock-reason')).toHaveText('CaseDesk locked after a period without activity.');
  await expect(page.getByTestId('case-row')).toHaveCount(0);

  await unlockVault(page);
  await expect(page.getByTestId('case-count')).toHaveText('3', { timeout: 20_000 });
  host.services.lockEvents.simulate('suspend');
  await expect(page.getByTestId('lock-reason')).toHaveText('CaseDesk locked because the computer went to sleep.');
  await expect(page.getByTestId('case-row')).toHaveCount(0);
});

test('on a keystore that does not bind to the device (basic_text) the reviewer is told plainly', async () => {
  host = await launchBrowserHost({ keystoreBackend: 'basic_text' });
  const { page } = host;
  await expect(page.getByTestId('device-binding-off')).toContainText('Device binding is off');
  await createVault(page);
  await expect(page.getByTestId('device-binding-off')).toContainText('Device binding is off');
});
