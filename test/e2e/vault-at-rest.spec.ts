import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { CaseFile } from '../../shared/domain/case-file';
import { generateSyntheticCases } from '../../shared/synthetic-cases/generate-synthetic-cases';
import { launchBrowserHost, type BrowserHost } from '../harness/browser-host';
import { scanForCanaries } from './support/profile-scan';
import { createVault, importCaseBatch, PASSPHRASE, unlockVault } from './support/vault-page';

/** A unique ASCII token per run, so an older profile or log can never satisfy the scan. */
const canary = (label: string) => `CANARY${label}${randomBytes(6).toString('hex').toUpperCase()}`;

function casesWithCanaries(count: number) {
  const cases = generateSyntheticCases({ seed: 90210, count });
  const placed: string[] = [];
  const withCanaries: CaseFile[] = cases.map((caseFile, index) => {
    if (index % 5 !== 0) return caseFile;
    const reference = canary('REF');
    const summaryCanary = canary('TXT');
    const excerptCanary = canary('DOC');
    const victim = canary('PID');
    const suspect = canary('PID');
    placed.push(reference, summaryCanary, excerptCanary, victim, suspect);
    return {
      ...caseFile,
      reference,
      summary: `${caseFile.summary} ${summaryCanary}`,
      victimIds: [...caseFile.victimIds, victim],
      suspectIds: [...caseFile.suspectIds, suspect],
      documents: caseFile.documents.map((document, documentIndex) =>
        documentIndex === 0 ? { ...document, excerpt: `${excerptCanary} ${document.excerpt}` } : document,
      ),
    };
  });
  return { cases: withCanaries, placed };
}

let host: BrowserHost | undefined;
let profileRoot: string | undefined;

test.afterEach(async () => {
  await host?.close();
  host = undefined;
  if (profileRoot) rmSync(profileRoot, { recursive: true, force: true });
  profileRoot = undefined;
});

test('at rest: no canary from case text, references or person ids is anywhere in the Chromium profile', async () => {
  profileRoot = mkdtempSync(path.join(tmpdir(), 'casedesk-canary-'));
  const userDataDir = path.join(profileRoot, 'profile');
  host = await launchBrowserHost({ userDataDir });
  const { page } = host;
  const { cases, placed } = casesWithCanaries(100);
  await createVault(page);
  await importCaseBatch(page, cases);
  await expect(page.getByTestId('case-count')).toHaveText('100');
  // Decrypted on screen right now, so the canaries are live in the renderer's memory.
  await page.getByRole('button', { name: placed[0]! }).click();
  await expect(page.getByTestId('case-detail')).toContainText(placed[1]!);

  // The control: a plaintext IndexedDB database on the same origin, written by the test.
  const controlCanary = canary('CONTROL');
  await page.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('canary-control', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('notes');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const transaction = open.result.transaction('notes', 'readwrite');
          transaction.objectStore('notes').put({ note: value }, 'plaintext');
          transaction.oncomplete = () => {
            open.result.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    controlCanary,
  );
  await host.close();
  host = undefined;

  const scan = scanForCanaries(profileRoot, [controlCanary, ...placed]);
  console.log(`[canary scan] ${scan.filesScanned} files, ${scan.bytesScanned} bytes, ${placed.length} case canaries`);
  const controlHits = scan.hits.filter((hit) => hit.canary === controlCanary);
  console.log(`[canary scan] control found in: ${controlHits.map((hit) => `${hit.file} (${hit.encoding})`).join(', ')}`);
  expect(controlHits.length, 'the scan must see the plaintext control database').toBeGreaterThan(0);
  expect(scan.hits.filter((hit) => hit.canary !== controlCanary)).toEqual([]);
});

test('a flipped byte in one stored ciphertext: that record is reported damaged, every other opens', async () => {
  host = await launchBrowserHost();
  const { page } = host;
  const cases = generateSyntheticCases({ seed: 4242, count: 20 });
  const victim = cases[7]!;
  await createVault(page);
  await importCaseBatch(page, cases);

  const flipped = await page.evaluate(
    (caseId) =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open('casedesk-vault');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('cases', 'readwrite').objectStore('cases');
          const read = store.get(caseId);
          read.onsuccess = () => {
            const row = read.result as { c: Uint8Array };
            const c = new Uint8Array(row.c);
            c[Math.floor(c.length / 2)]! ^= 0x01;
            const write = store.put({ ...row, c });
            write.onsuccess = () => {
              open.result.close();
              resolve(true);
            };
            write.onerror = () => reject(write.error);
          };
        };
      }),
    victim.caseId,
  );
  expect(flipped).toBe(true);

  await page.reload();
  await unlockVault(page, PASSPHRASE);
  const damaged = page.getByTestId('damaged-record');
  await expect(damaged).toHaveCount(1, { timeout: 20_000 });
  await expect(damaged).toHaveAttribute('data-record-id', victim.caseId);
  await expect(damaged).toContainText(`Record ${victim.caseId} (cases) is damaged`);
  await expect(damaged).not.toContainText(victim.reference);
  await expect(page.getByTestId('case-count')).toHaveText('19');
  const other = cases[8]!;
  await page.getByRole('button', { name: other.reference }).click();
  await expect(page.getByTestId('case-detail')).toHaveAttribute('data-case-id', other.caseId);
  await expect(page.locator('[data-field="summary"]')).toHaveText(other.summary);
});
