import { expect, type Page } from '@playwright/test';

/** Drives enrolment, the sync status bar and the review form as a reviewer would. */

export async function enrolInApp(page: Page, endpointUrl: string, code: string): Promise<void> {
  await page.getByLabel('Endpoint address').fill(endpointUrl);
  await page.getByLabel('Enrolment code').fill(code);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('sync-status')).toBeVisible({ timeout: 20_000 });
}

export async function expectSynced(page: Page, caseCount: number): Promise<void> {
  await expect(page.getByTestId('case-count')).toHaveText(String(caseCount), { timeout: 30_000 });
  await expect(page.getByTestId('sync-connection')).toHaveText('Online', { timeout: 30_000 });
}

/** A lead's device has no case list: the dashboard counts the team's cases it holds. */
export async function expectLeadSynced(page: Page, caseCount: number): Promise<void> {
  await expect(page.getByTestId('lead-workspace')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('team-case-count')).toHaveText(String(caseCount), { timeout: 30_000 });
  await expect(page.getByTestId('sync-connection')).toHaveText('Online', { timeout: 30_000 });
}

export async function openCase(page: Page, caseId: string): Promise<void> {
  await page.locator(`[data-testid="case-row"] button[data-case-id="${caseId}"]`).click();
  await expect(page.locator(`[data-testid="review-panel"][data-case-id="${caseId}"] [data-testid="review-form"]`)).toBeVisible({
    timeout: 20_000,
  });
}

/** Opens a case the list may not draw (it draws only the rows in view): search for its reference first. */
export async function findAndOpenCase(page: Page, caseFile: { caseId: string; reference: string }): Promise<void> {
  await page.getByTestId('case-search').fill(caseFile.reference);
  await expect(page.locator(`[data-testid="case-row"][data-case-id="${caseFile.caseId}"]`)).toBeVisible({ timeout: 20_000 });
  await openCase(page, caseFile.caseId);
}

/** Answers the default template's required questions; `suspects` makes each outcome distinguishable. */
export async function fillOutcome(page: Page, suspects: number): Promise<void> {
  const form = page.getByTestId('review-form');
  await form.locator('[data-field-id="classification"] input[value="group_based"]').check();
  await form.locator('[data-field-id="suspect_count"] input').fill(String(suspects));
  await form.locator('[data-field-id="recommendation"] input[value="reinvestigate"]').check();
  await form.locator('[data-field-id="urgency"] input[value="priority"]').check();
  await form.locator('[data-field-id="rationale"] textarea').fill('Linked offending was not pursued.');
  await form.locator('[data-field-id="reviewer_confidence"] input[value="medium"]').check();
}

export async function submitOutcomeInApp(page: Page, caseId: string, suspects = 2, open: () => Promise<void> = () => openCase(page, caseId)): Promise<void> {
  await open();
  await fillOutcome(page, suspects);
  await page.getByTestId('submit-review').click();
  await expect(page.locator(`[data-testid="review-panel"][data-case-id="${caseId}"] [data-testid="review-status"]`)).toHaveAttribute(
    'data-status',
    /^(pending|submitted)$/,
    { timeout: 20_000 },
  );
}

export function waitingCount(page: Page) {
  return page.getByTestId('sync-waiting');
}
