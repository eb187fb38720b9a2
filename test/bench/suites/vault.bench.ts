import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, requireChromium } from '../../harness/chromium';
import { median, type BenchFigure, type BenchSuite } from '../bench-suite';

/**
 * vault: 9,000 generated cases in one Chromium run (persistent profile, so
 * IndexedDB writes reach the disk as in the app). Each figure is the median
 * of RUNS runs (ratios: the median of per-run ratios); the contenders run
 * back to back within each run so drift hits them alike.
 */
const CASE_COUNT = 9_000;
const RUNS = 7;
const repoRoot = path.resolve(__dirname, '../../..');

async function bundlePages(outdir: string): Promise<void> {
  const common = { bundle: true, format: 'esm', target: 'chrome120', logLevel: 'warning', minify: true } as const;
  await build({ ...common, entryPoints: { 'vault-bench': path.join(__dirname, '../vault-bench/vault-bench-page.ts') }, outdir });
  await build({ ...common, entryPoints: { 'kdf-worker': path.join(repoRoot, 'renderer/vault/key-derivation.worker.ts') }, outdir });
  // Resolved from its own folder, so `dexie` here is the baseline's Dexie 3, not the app's Dexie 4.
  await build({
    ...common,
    entryPoints: { 'dexie-encrypted-bench': path.join(__dirname, '../dexie-encrypted-baseline/dexie-encrypted-bench-page.ts') },
    outdir,
  });
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>vault bench</title>
<script type="module" src="/vault-bench.js"></script>
<script type="module" src="/dexie-encrypted-bench.js"></script>`;

async function serve(outdir: string) {
  const server = createServer((request, response) => {
    const name = (request.url ?? '/').split('?')[0]!;
    if (name === '/' || name === '/index.html') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
      return;
    }
    let body: Buffer;
    try {
      body = readFileSync(path.join(outdir, path.basename(name)));
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/**
 * The median of the per-run ratios: each run measures both contenders back
 * to back, so a paired ratio cancels the drift of a shared, busy machine.
 */
function ratioFigure(name: string, numerator: number[], denominator: number[], target: number, note: string): BenchFigure {
  const value = median(numerator.map((time, run) => time / denominator[run]!));
  return { name, value, unit: '×', target: `≤ ${target}`, meetsTarget: value <= target, note };
}

const suite: BenchSuite = {
  name: 'vault',
  async run() {
    const workDir = mkdtempSync(path.join(tmpdir(), 'casedesk-vault-bench-'));
    const outdir = path.join(workDir, 'pages');
    await bundlePages(outdir);
    const server = await serve(outdir);
    const context = await chromium.launchPersistentContext(path.join(workDir, 'profile'), {
      executablePath: requireChromium(),
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.origin}/`);
      await page.waitForFunction(() => window.vaultBench && window.dexieEncryptedBench);
      const bytes = await page.evaluate((count) => window.vaultBench!.prepare(count), CASE_COUNT);
      const times = { plainImport: [], vaultImport: [], dexieEncrypted: [], plainRead: [], vaultRead: [], unlock: [] } as Record<string, number[]>;
      for (let run = 0; run <= RUNS; run++) {
        // run 0 warms up the JIT and the disk and is not counted
        const sample = await page.evaluate(async (index) => {
          const bench = window.vaultBench!;
          const baseline = window.dexieEncryptedBench!;
          const result = {
            plainImport: await bench.plaintextImport(index),
            vaultImport: await bench.vaultImport(index),
            dexieEncrypted: await baseline.importRun(index),
            plainRead: await bench.plaintextRead(index),
            vaultRead: await bench.vaultRead(index),
            unlock: await bench.unlock(index),
          };
          await bench.cleanup(index);
          await baseline.cleanup(index);
          return result;
        }, run);
        console.log(`bench vault: run ${run}${run === 0 ? ' (warm-up)' : ''} ${JSON.stringify(Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, Math.round(v)])))}`);
        if (run === 0) continue;
        for (const [key, value] of Object.entries(sample)) times[key]!.push(value);
      }
      const perRun = `median of ${RUNS} runs, ${CASE_COUNT} cases, ${(bytes / 1e6).toFixed(1)} MB JSON`;
      const ms = (values: number[]) => Math.round(median(values));
      return [
        ratioFigure('vault.importRatio', times.vaultImport!, times.plainImport!, 1.5, `${ms(times.vaultImport!)} ms vs plaintext ${ms(times.plainImport!)} ms; goal 1.2; ${perRun}`),
        ratioFigure('vault.readRatio', times.vaultRead!, times.plainRead!, 1.5, `${ms(times.vaultRead!)} ms vs plaintext ${ms(times.plainRead!)} ms; goal 1.2; ${perRun}`),
        {
          name: 'vault.unlockMs',
          value: median(times.unlock!),
          unit: 'ms',
          target: '≤ 1000',
          meetsTarget: median(times.unlock!) <= 1000,
          note: 'Argon2id 64 MiB t=3 p=1 in a worker + vault and data key unwrap',
        },
        {
          ...ratioFigure('vault.vsDexieEncrypted', times.vaultImport!, times.dexieEncrypted!, 1, `dexie-encrypted 2.0.0 on Dexie 3: ${ms(times.dexieEncrypted!)} ms; ${perRun}`),
          target: '< 1',
          meetsTarget: median(times.vaultImport!.map((time, run) => time / times.dexieEncrypted![run]!)) < 1,
        },
      ];
    } finally {
      await context.close();
      server.close();
      rmSync(workDir, { recursive: true, force: true });
    }
  },
};

export default suite;
