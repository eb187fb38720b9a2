import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchFigure, BenchSuite } from './bench-suite';

/**
 * `npm run bench`: runs every suite in ./suites (or those named on the command
 * line), prints one table and writes bench-results.json at the repo root.
 */
async function main(): Promise<void> {
  const suitesDir = path.join(__dirname, 'suites');
  const wanted = new Set(process.argv.slice(2));
  const files = readdirSync(suitesDir)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => wanted.size === 0 || wanted.has(file.replace(/\.bench\.ts$/, '')))
    .sort();

  const figures: BenchFigure[] = [];
  for (const file of files) {
    const suite = ((await import(path.join(suitesDir, file))) as { default: BenchSuite }).default;
    console.log(`bench: running ${suite.name}…`);
    figures.push(...(await suite.run()));
  }

  if (figures.length === 0) console.log('bench: no suites yet (add test/bench/suites/<name>.bench.ts)');
  else console.table(
    figures.map((figure) => ({
      figure: figure.name,
      value: Number(figure.value.toFixed(3)),
      unit: figure.unit,
      target: figure.target ?? '',
      met: figure.meetsTarget === undefined ? '' : figure.meetsTarget ? 'yes' : 'NO',
      note: figure.note ?? '',
    })),
  );
  const resultsPath = path.resolve(__dirname, '../../bench-results.json');
  writeFileSync(
    resultsPath,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, figures }, null, 2)}\n`,
  );
  console.log(`bench: wrote ${resultsPath}`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
