import { expect, test } from '@playwright/test';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { launchBrowserHost, type BrowserHost } from '../harness/browser-host';
import { createVault, importCaseBatch } from './support/vault-page';

let host: BrowserHost | undefined;

test.afterEach(async () => {
  await host?.close();
  host = undefined;
});

test('after the chosen minutes of continuous review a break is suggested, without taking the focus', async () => {
  host = await launchBrowserHost();
  const { page } = host;
  await page.clock.install();
  await createVault(page);
  await importCaseBatch(page, generateSyntheticCases({ seed: 12, count: 3 }));
  await page.getByTestId('break-reminder-minutes').selectOption('25');
  await page.getByTestId('case-search').focus();

  // 24 minutes of steady work (a key every 2 minutes keeps the idle lock away too): no reminder yet.
  for (let minute = 0; minute < 24; minute += 2) {
    await page.keyboard.press('Shift');
    await page.clock.fastForward('02:00');
  }
  await expect(page.getByTestId('break-reminder')).toHaveCount(0);
  for (let minute = 24; minute < 28; minute += 2) {
    await page.keyboard.press('Shift');
    await page.clock.fastForward('02:00');
  }
  await expect(page.getByTestId('break-reminder')).toContainText('You have been reviewing for 25 minutes');
  await expect(page.getByTestId('case-search')).toBeFocused();

  await page.getByTestId('break-reminder').getByRole('button', { name: 'Remind me later' }).click();
  await expect(page.getByTestId('break-reminder')).toHaveCount(0);
});
