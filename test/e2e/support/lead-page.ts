import { expect, type Page } from '@playwright/test';

/** Drives the lead's workspace as a team lead would. */

export async function syncNow(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-waiting')).toHaveText('0', { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 30_000 });
}

export function standingCount(page: Page, batchId: string, status: 'not-started' | 'submitted' | 'returned' | 'approved') {
  return page.locator(`[data-testid="batch-standing"][data-batch-id="${batchId}"] [data-testid="standing-count"][data-status="${status}"]`);
}

export function queueRow(page: Page, caseId: string) {
  return page.locator(`[data-testid="qc-queue-row"][data-case-id="${caseId}"]`);
}

export async function openQueuedReview(page: Page, caseId: string): Promise<void> {
  await queueRow(page, caseId).getByTestId('qc-open').click();
  await expect(page.locator(`[data-testid="qc-review"][data-case-id="${caseId}"]`)).toBeVisible();
}
