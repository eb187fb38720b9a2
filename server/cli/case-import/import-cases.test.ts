import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { openKeyedStorage } from '../../test-support/keyed-storage';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSyntheticCases } from '../../../shared/synthetic-cases/generate-synthetic-cases';
import { runCli } from '../run-cli';
import { CSV_COLUMNS } from './read-case-file';

const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-import-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function toCsv(rows: Array<Record<string, string>>): string {
  return [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column] ?? '')).join(','))].join('\n');
}

const cases = generateSyntheticCases({ seed: 3, count: 6 });
const rows = cases.map((file) => ({
  caseId: file.caseId,
  reference: file.reference,
  periodStart: file.periodStart,
  periodEnd: file.periodEnd,
  borough: file.borough,
  summary: `${file.summary}\nSecond paragraph, with "quotes".`,
  offences: file.offences.join(';'),
  victimIds: file.victimIds.join(';'),
  suspectIds: file.suspectIds.join(';'),
  originalOutcome: file.originalOutcome,
  documents: JSON.stringify(file.documents),
}));

async function runImport(file: string, database: string) {
  const lines = { out: [] as string[], err: [] as string[] };
  const code = await runCli(['import-cases', file, '--db', database], { out: (line) => lines.out.push(line), err: (line) => lines.err.push(line) });
  const storage = openKeyedStorage(database);
  await storage.migrate(new Date().toISOString());
  const stored = await storage.findUnbatchedCases({ limit: 1000 });
  await storage.close();
  return { code, lines, stored };
}

describe('import-cases', () => {
  it('imports a valid CSV, multi-line quoted cells included', async () => {
    const file = path.join(directory, 'good.csv');
    writeFileSync(file, toCsv(rows));
    const result = await runImport(file, path.join(directory, 'good.sqlite'));
    expect(result.code).toBe(0);
    expect(result.stored).toEqual(cases.map((file) => file.caseId));
  });

  it('rejects a CSV with bad rows whole, naming each bad line and field and no value', async () => {
    const bad = [...rows];
    bad[1] = { ...bad[1]!, periodStart: 'last spring' };
    bad[3] = { ...bad[3]!, caseId: 'has spaces', victimIds: 'ok;also bad' };
    bad[4] = { ...bad[4]!, caseId: bad[0]!.caseId };
    const file = path.join(directory, 'bad.csv');
    writeFileSync(file, toCsv(bad));
    const result = await runImport(file, path.join(directory, 'bad.sqlite'));
    expect(result.code).toBe(1);
    expect(result.stored).toEqual([]);
    // Each record spans two lines (the summary holds a newline): record n starts on line 2n.
    const errors = result.lines.err.join('\n');
    expect(errors).toMatch(/^line 4: periodStart: /m);
    expect(errors).toMatch(/^line 8: caseId: /m);
    expect(errors).toMatch(/^line 8: victimIds\.1: /m);
    expect(errors).toMatch(/^line 10: caseId: repeats the case id of line 2/m);
    expect(errors).not.toMatch(/last spring|also bad/);
    expect(errors).not.toMatch(/^line (2|6|12):/m);
  });

  it('rejects JSON Lines and JSON arrays whole, by line and by item', async () => {
    const lines = cases.map((file, index) => JSON.stringify(index === 2 ? { ...file, offences: [], extra: 1 } : file));
    lines.splice(4, 0, '{ not json');
    const jsonl = path.join(directory, 'bad.jsonl');
    writeFileSync(jsonl, lines.join('\n'));
    const fromLines = await runImport(jsonl, path.join(directory, 'jsonl.sqlite'));
    expect(fromLines.code).toBe(1);
    expect(fromLines.stored).toEqual([]);
    expect(fromLines.lines.err.join('\n')).toMatch(/^line 3: offences: /m);
    expect(fromLines.lines.err.join('\n')).toMatch(/^line 3: \(row\): /m);
    expect(fromLines.lines.err.join('\n')).toMatch(/^line 5: \(row\): is not valid JSON/m);

    const json = path.join(directory, 'bad.json');
    writeFileSync(json, JSON.stringify(cases.map((file, index) => (index === 5 ? { ...file, periodEnd: '2001-01-01', periodStart: '2009-01-01' } : file))));
    const fromArray = await runImport(json, path.join(directory, 'json.sqlite'));
    expect(fromArray.code).toBe(1);
    expect(fromArray.lines.err.join('\n')).toMatch(/^item 6: periodEnd: periodStart must not be after periodEnd/m);
  });

  it('rejects a CSV whose header is wrong before reading rows', async () => {
    const file = path.join(directory, 'header.csv');
    writeFileSync(file, 'caseId,reference,secret\nx,y,z\n');
    const result = await runImport(file, path.join(directory, 'header.sqlite'));
    expect(result.code).toBe(1);
    expect(result.lines.err.join('\n')).toMatch(/line 1: the header must name the columns.*missing: periodStart.*1 unknown column \(position 3\)/);
    expect(result.lines.err.join('\n')).not.toContain('secret');
  });

  it('never echoes a row when the CSV has no header: positions and counts only', async () => {
    const file = path.join(directory, 'headerless.csv');
    writeFileSync(file, toCsv(rows).split('\n').slice(1).join('\n'));
    const result = await runImport(file, path.join(directory, 'headerless.sqlite'));
    expect(result.code).toBe(1);
    const errors = result.lines.err.join('\n');
    expect(errors).toMatch(/line 1: the header must name the columns.*11 unknown columns \(positions 1, 2, .*11\)/);
    for (const value of [cases[0]!.caseId, cases[0]!.reference, cases[0]!.borough, cases[0]!.summary.slice(0, 30), cases[0]!.periodStart]) {
      expect(errors).not.toContain(value);
    }
  });

  it('counts unknown JSON members instead of naming them', async () => {
    const canary = 'Victim P000123 seen at the Eastfield address';
    const json = path.join(directory, 'unknown-keys.json');
    writeFileSync(json, JSON.stringify(cases.map((file, index) => (index === 1 ? { ...file, [canary]: 'x', [`${canary} again`]: 'y' } : file))));
    const result = await runImport(json, path.join(directory, 'unknown-keys.sqlite'));
    expect(result.code).toBe(1);
    const errors = result.lines.err.join('\n');
    expect(errors).toMatch(/^item 2: \(row\): has 2 unknown members$/m);
    expect(errors).not.toContain('Victim');
  });

  it('reports an unclosed quote by line, as a format error', async () => {
    const file = path.join(directory, 'open-quote.csv');
    writeFileSync(file, `${CSV_COLUMNS.join(',')}\ncase-1,"Victim P000123 never closed\n`);
    const result = await runImport(file, path.join(directory, 'open-quote.sqlite'));
    expect(result.code).toBe(1);
    expect(result.lines.err.join('\n')).toBe('casedesk-server import-cases: line 2: a quoted cell is never closed');
  });
});
