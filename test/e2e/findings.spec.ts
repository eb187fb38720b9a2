import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { parse } from 'csv-parse/sync';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../shared/review-template/default-cse-review-template';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { launchBrowserHost } from '../harness/browser-host';
import { expectedExportFigures, expectedFields, exportedFigures, TEMPLATE_V2, workbookRecords } from '../support/findings-truth';
import { pushSeededOutcomes, type SeededOutcome } from './support/findings-seed';
import { enrolInApp, expectLeadSynced } from './support/review-page';
import { hostAndEndpointPerTest } from './support/per-test-host';
import { startSyncEndpoint } from './support/sync-endpoint';
import { createVault } from './support/vault-page';

/**
 * The lead's findings view over outcomes that reached the endpoint through
 * its HTTP API and the lead's app through its ordinary pull. The expected
 * figures are counted here, outcome by outcome, from what was pushed — never
 * by calling the findings module — and compared with what the view shows,
 * under each filter; the template change between the two batches must show
 * as separate reports per version.
 */
const opened = hostAndEndpointPerTest();

interface ShownField {
  readonly key: string;
  readonly caption: string;
  readonly rows: readonly { key: string; count: string; share: string | null }[];
  readonly statistics: Record<string, string>;
}

/** What the view shows, read from its visible text in table mode. */
async function shownFields(page: Page): Promise<ShownField[]> {
  return page.locator('[data-testid="findings-field"]').evaluateAll((figures) =>
    figures.map((figure) => ({
      key: (figure as HTMLElement).dataset.fieldKey!,
      caption: figure.querySelector('figcaption')!.textContent!,
      rows: Array.from(figure.querySelectorAll('[data-testid="findings-row"]'), (row) => ({
        key: (row as HTMLElement).dataset.rowKey!,
        count: row.querySelector('[data-testid="findings-count"]')!.textContent!,
        share: row.querySelector('[data-testid="findings-share"]')?.textContent ?? null,
      })),
      statistics: Object.fromEntries(Array.from(figure.querySelectorAll('[data-statistic]'), (cell) => [(cell as HTMLElement).dataset.statistic!, cell.textContent!])),
    })),
  );
}

async function expectFindings(page: Page, kept: readonly SeededOutcome[], scenario: string): Promise<void> {
  await expect(page.getByTestId('findings-scope'), scenario).toHaveText(new RegExp(`^${kept.length} of \\d+ outcomes match the filter\\.`));
  const expected = expectedFields(kept);
  const shown = await shownFields(page);
  expect(shown.map((field) => field.key).sort(), `${scenario}: the reports`).toEqual([...expected.keys()].sort());
  for (const field of shown) {
    const truth = expected.get(field.key)!;
    expect(field.caption, `${scenario}: ${field.key}`).toContain(`Answered in ${truth.answered} of ${truth.outcomes} outcome`);
    if (truth.rows) expect(field.rows, `${scenario}: ${field.key}`).toEqual(truth.rows);
    if (truth.min !== undefined) {
      expect(field.statistics, `${scenario}: ${field.key}`).toMatchObject({ min: String(truth.min), median: String(truth.median), max: String(truth.max) });
      expect(field.rows.reduce((sum, row) => sum + Number(row.count), 0), `${scenario}: ${field.key} histogram`).toBe(truth.histogramTotal);
    }
  }
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-testid="findings"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

test('findings show the true counts and shares of every field under each filter, per template version, and pass axe', async () => {
  const aliceCases = generateSyntheticCases({ seed: 4242, count: 14 });
  const bobCases = generateSyntheticCases({ seed: 977, count: 10, firstCaseNumber: 500 });
  const endpoint = (opened.endpoint = await startSyncEndpoint({ cases: aliceCases, bobCases, bobTemplate: TEMPLATE_V2 }));
  const seeded = await pushSeededOutcomes(
    endpoint,
    [
      { batchId: 'batch-alice', batchName: 'Batch of alice', reviewerId: 'alice', cases: aliceCases, templateVersion: 1, template: DEFAULT_CSE_REVIEW_TEMPLATE, decisions: { 0: 'approve', 1: 'approve', 2: 'approve', 3: 'approve', 4: 'approve', 5: 'return' } },
      { batchId: 'batch-bob', batchName: 'Batch of bob', reviewerId: 'bob', cases: bobCases, templateVersion: 2, template: TEMPLATE_V2, decisions: { 0: 'approve', 1: 'approve', 2: 'approve', 3: 'return' } },
    ],
    1313,
  );
  const counted = seeded.filter((outcome) => outcome.status !== 'returned');

  const host = (opened.host = await launchBrowserHost());
  const { page } = host;
  await createVault(page);
  await enrolInApp(page, endpoint.url, await endpoint.issueCode('lead'));
  await expectLeadSynced(page, aliceCases.length + bobCases.length);
  await expect(page.getByTestId('findings')).toBeVisible();

  // Charts first: every bar carries its figure beside it.
  await expect(page.getByTestId('findings-scope')).toHaveText(new RegExp(`^${counted.length} of ${counted.length} outcomes`), { timeout: 20_000 });
  const expectedAll = expectedFields(counted);
  for (const [key, truth] of expectedAll) {
    if (!truth.rows) continue;
    const figures = page.locator(`[data-field-key="${key}"] [data-testid="findings-bar-figure"]`);
    await expect(figures, key).toHaveText(truth.rows.map((row) => `${row.count} (${row.share})`));
  }
  await expect(page.locator('[data-field-key="cse-review:urgency:v1"] figcaption')).toContainText('Template version 1 only: this question changed between versions');
  await expect(page.locator('[data-field-key="cse-review:urgency:v2"] figcaption')).toContainText('Template version 2 only');
  await expect(page.locator('[data-field-key="cse-review:classification:v1+2"] figcaption')).toContainText('Template versions 1 and 2.');
  await expect(page.locator('[data-field-key="cse-review:reviewer_confidence:v2"] figcaption')).toContainText('Confidence in the finding');
  expect(await seriousViolations(page), 'findings as charts').toEqual([]);

  await page.getByTestId('findings-mode-tables').click();
  await expectFindings(page, counted, 'no filter');
  expect(await seriousViolations(page), 'findings as tables').toEqual([]);

  const clear = () => page.getByTestId('findings-clear-filters').click();
  const group = (name: string) => page.getByTestId(`findings-filter-${name}`);

  await group('batch').getByLabel('Batch of bob').check();
  await expectFindings(page, counted.filter((outcome) => outcome.batchId === 'batch-bob'), 'batch of bob');
  await clear();

  const boroughCounts = new Map<string, number>();
  for (const outcome of counted) boroughCounts.set(outcome.borough, (boroughCounts.get(outcome.borough) ?? 0) + 1);
  const [commonest, second] = [...boroughCounts].sort((a, b) => b[1] - a[1]).map(([borough]) => borough);
  await group('borough').getByLabel(commonest!, { exact: true }).check();
  await group('borough').getByLabel(second!, { exact: true }).check();
  await expectFindings(page, counted.filter((outcome) => outcome.borough === commonest || outcome.borough === second), 'two boroughs');
  await clear();

  await group('reviewer').getByLabel('alice', { exact: true }).check();
  await expectFindings(page, counted.filter((outcome) => outcome.reviewerId === 'alice'), 'reviewer alice');
  await group('status').getByLabel('Submitted (not yet approved)').check();
  await expectFindings(page, counted.filter((outcome) => outcome.reviewerId === 'alice' && outcome.status === 'submitted'), 'alice, submitted');
  await clear();

  await group('status').getByLabel('Approved', { exact: true }).check();
  await expectFindings(page, counted.filter((outcome) => outcome.status === 'approved'), 'approved');
  await clear();

  await page.getByTestId('findings-period-from').fill('2012-01-01');
  await page.getByTestId('findings-period-to').fill('2015-12-31');
  const inPeriod = counted.filter((outcome) => outcome.periodEnd >= '2012-01-01' && outcome.periodStart <= '2015-12-31');
  expect(inPeriod.length, 'the period filter must leave some out and keep some').toBeGreaterThan(0);
  expect(inPeriod.length).toBeLessThan(counted.length);
  await expectFindings(page, inPeriod, 'period 2012–2015');
  expect(await seriousViolations(page), 'findings filtered, as tables').toEqual([]);

  // The figures on screen, exported through main's files handlers: CSV and XLSX read back to the same truth.
  const exportDir = mkdtempSync(path.join(tmpdir(), 'casedesk-findings-export-'));
  try {
    host.services.dialogs.answerFolderChoices(exportDir);
    // The lead workspace has two exports (batches and findings): this one is the findings form's.
    const exportForm = page.getByTestId('findings-export');
    await exportForm.getByLabel('Recipient').fill('Oversight board');
    await exportForm.getByLabel('Justification').fill('Quarterly findings for the board.');
    await page.getByTestId('findings-export-submit').click();
    await expect(page.getByTestId('findings-export-done')).toBeVisible({ timeout: 30_000 });
    const [folder] = readdirSync(exportDir);
    const read = (name: string) => new Uint8Array(readFileSync(path.join(exportDir, folder!, name)));
    expect(readdirSync(path.join(exportDir, folder!)).sort()).toEqual(['findings-summary.pdf', 'findings.csv', 'findings.xlsx', 'manifest.json']);
    const expected = expectedExportFigures(inPeriod);
    expect(exportedFigures(parse(new TextDecoder().decode(read('findings.csv')), { bom: true }) as string[][]).reports, 'findings.csv').toEqual(expected);
    expect(exportedFigures(await workbookRecords(read('findings.xlsx'))).reports, 'findings.xlsx').toEqual(expected);
    expect(await seriousViolations(page), 'findings after an export').toEqual([]);
  } finally {
    rmSync(exportDir, { recursive: true, force: true });
  }
});
