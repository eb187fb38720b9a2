import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { CaseFile } from '../../../shared/domain/case-file';

/** Drives the real lock screen and case workspace, as a reviewer would. */

export const PASSPHRASE = 'fictional review passphrase 2026';

export async function createVault(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await page.getByLabel('New passphrase').fill(passphrase);
  await expect(page.getByTestId('passphrase-strength')).toBeVisible();
  await page.getByLabel('Confirm passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible({ timeout: 20_000 });
}

export async function unlockVault(page: Page, passphrase = PASSPHRASE): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/** An attempt expected to fail: returns once the form has finished it (it clears the field at the end). */
export async function failToUnlock(page: Page, passphrase: string): Promise<void> {
  const field = page.getByLabel('Passphrase', { exact: true });
  await field.fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(field).toHaveValue('', { timeout: 20_000 });
}

export async function lockVault(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByRole('heading', { name: 'CaseDesk is locked' })).toBeVisible();
}

/** Writes the batch to a temp file outside the browser profile, imports it, and deletes the file. */
export async function importCaseBatch(page: Page, cases: readonly CaseFile[]): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'casedesk-batch-'));
  const file = path.join(folder, 'case-batch.json');
  try {
    writeFileSync(file, JSON.stringify(cases));
    await page.getByTestId('case-import-input').setInputFiles(file);
    await expect(page.getByTestId('case-notice')).toHaveText(`Imported ${cases.length} case files.`, { timeout: 30_000 });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Opens every listed case in the detail view and reads it back from the
 * rendered page, field by field, into the CaseFile shape, in case id order.
 */
export async function readEveryCaseFromScreen(page: Page): Promise<CaseFile[]> {
  return page.evaluate(async () => {
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const text = (root: ParentNode, field: string) => root.querySelector(`[data-field="${field}"]`)?.textContent ?? '';
    const items = (root: ParentNode, field: string) =>
      [...(root.querySelector(`[data-field="${field}"]`)?.querySelectorAll('li') ?? [])].map((li) => li.textContent ?? '');
    // The list draws only the rows in view: scroll through it, reading each row once.
    const scroller = document.querySelector<HTMLElement>('[data-testid="case-rows"]')!;
    scroller.scrollTop = 0;
    await nextFrame();
    await nextFrame();
    const seen = new Set<string>();
    const read = [];
    for (;;) {
      const buttons = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="case-row"] button')].filter((button) => !seen.has(button.dataset.caseId ?? ''));
      if (buttons.length === 0) {
        if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
        scroller.scrollTop += scroller.clientHeight / 2;
        await nextFrame();
        await nextFrame();
        continue;
      }
      {
        // One at a time: opening a case scrolls it into view, which redraws the rows.
        const button = buttons[0]!;
        seen.add(button.dataset.caseId ?? '');
        button.click();
        let detail: HTMLElement | null = null;
        for (let tries = 0; tries < 100; tries++) {
          detail = document.querySelector<HTMLElement>(`[data-testid="case-detail"][data-case-id="${button.dataset.caseId}"]`);
          if (detail) break;
          await nextFrame();
        }
        if (!detail) throw new Error(`case ${button.dataset.caseId} did not open`);
        // Excerpts are masked until revealed (the default): reveal each to read it.
        for (const reveal of detail.querySelectorAll<HTMLButtonElement>('[data-testid="reveal-excerpt"]')) reveal.click();
        while (detail.querySelector('[data-testid="reveal-excerpt"]')) await nextFrame();
        read.push({
          caseId: detail.dataset.caseId ?? '',
          reference: text(detail, 'reference'),
          periodStart: text(detail, 'periodStart'),
          periodEnd: text(detail, 'periodEnd'),
          borough: text(detail, 'borough'),
          summary: text(detail, 'summary'),
          offences: items(detail, 'offences'),
          victimIds: items(detail, 'victimIds'),
          suspectIds: items(detail, 'suspectIds'),
          originalOutcome: text(detail, 'originalOutcome'),
          documents: [...detail.querySelectorAll<HTMLElement>('[data-field="document"]')].map((section) => ({
            documentId: section.dataset.documentId ?? '',
            title: text(section, 'title'),
            excerpt: text(section, 'excerpt'),
          })),
        });
      }
    }
    return read.sort((a, b) => a.caseId.localeCompare(b.caseId));
  });
}
