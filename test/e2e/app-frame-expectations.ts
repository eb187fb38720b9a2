import { expect, type Page } from '@playwright/test';

/** What every host must show once the renderer is up: the frame, the lock screen and main's answer. */
export async function expectAppFrameReady(page: Page, hostWords: RegExp): Promise<void> {
  await expect(page.getByRole('heading', { name: 'CaseDesk is locked' })).toBeVisible();
  await expect(page.getByTestId('app-info')).toContainText('CaseDesk');
  await expect(page.getByTestId('app-info')).toContainText(hostWords);
}
