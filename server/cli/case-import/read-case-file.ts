import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { caseDocumentSchema, caseFileSchema, type CaseFile } from '../../../shared/domain/case-file';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './parse-csv';

/**
 * Reads cases for `import-cases`: a JSON array of case files, JSON Lines (one
 * case a line) or CSV with the columns below (docs/api.md, "Importing cases").
 * Either every row is valid or nothing is returned: each problem names its line
 * (item, for a JSON array) and field, never the value.
 */
export const CSV_COLUMNS = [
  'caseId',
  'reference',
  'periodStart',
  'periodEnd',
  'borough',
  'summary',
  'offences',
  'victimIds',
  'suspectIds',
  'originalOutcome',
  'documents',
] as const;

/** List columns hold values separated by ";". `documents` holds a JSON array of {documentId, title, excerpt}, or nothing. */
const LIST_COLUMNS = new Set(['offences', 'victimIds', 'suspectIds']);

export interface ImportProblem {
  readonly where: string;
  readonly field: string;
  readonly problem: string;
}

export type CaseFileReading = { readonly ok: true; readonly cases: CaseFile[] } | { readonly ok: false; readonly problems: ImportProblem[] };

/**
 * Zod's own words for an unknown member quote its name, and a member name can
 * be case text (a mis-shaped export keyed by victim names): it is counted
 * instead. Every other message speaks of the schema, never of the value.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `has ${issue.keys.length} unknown member${issue.keys.length === 1 ? '' : 's'}`;
  }
  return issue.message;
}

function issuesOf(where: string, error: z.ZodError): ImportProblem[] {
  return error.issues.map((issue) => ({ where, field: issue.path.join('.') || '(row)', problem: describeIssue(issue) }));
}

/** "3 unknown columns (positions 2, 5, 9)": a header cell may be a case's text when the header row is missing. */
function describeUnknownColumns(positions: readonly number[]): string {
  const shown = positions.slice(0, 20).join(', ');
  const more = positions.length > 20 ? ', …' : '';
  return `${positions.length} unknown column${positions.length === 1 ? '' : 's'} (position${positions.length === 1 ? '' : 's'} ${shown}${more})`;
}

function splitList(cell: string): string[] {
  return cell.trim() === '' ? [] : cell.split(';').map((item) => item.trim());
}

function rowsFromCsv(text: string): ParsedRow[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    throw new ImportFormatError(error instanceof CsvSyntaxError ? error.message : 'the file is not valid CSV');
  }
  const header = records[0];
  if (!header) throw new ImportFormatError('the file is empty');
  const unknownPositions = header.cells.flatMap((name, index) => ((CSV_COLUMNS as readonly string[]).includes(name) ? [] : [index + 1]));
  const missing = CSV_COLUMNS.filter((name) => name !== 'documents' && !header.cells.includes(name));
  if (unknownPositions.length > 0 || missing.length > 0) {
    throw new ImportFormatError(
      `line 1: the header must name the columns ${CSV_COLUMNS.join(', ')}` +
        `${missing.length ? `; missing: ${missing.join(', ')}` : ''}${unknownPositions.length ? `; ${describeUnknownColumns(unknownPositions)}` : ''}`,
    );
  }
  return records.slice(1).map((record): ParsedRow => {
    const where = `line ${record.line}`;
    const problems: ImportProblem[] = [];
    if (record.cells.length !== header.cells.length) {
      problems.push({ where, field: '(row)', problem: `has ${record.cells.length} cells, the header has ${header.cells.length}` });
      return { where, value: null, problems };
    }
    const value: Record<string, unknown> = {};
    header.cells.forEach((name, index) => {
      const cell = record.cells[index]!;
      if (LIST_COLUMNS.has(name)) value[name] = splitList(cell);
      else if (name === 'documents') {
        if (cell.trim() === '') value[name] = [];
        else {
          try {
            value[name] = z.array(caseDocumentSchema).parse(JSON.parse(cell));
          } catch {
            problems.push({ where, field: 'documents', problem: 'must be a JSON array of {documentId, title, excerpt}' });
          }
        }
      } else value[name] = cell;
    });
    value.documents ??= [];
    return { where, value, problems };
  });
}

function rowsFromJsonLines(text: string): ParsedRow[] {
  return text.split(/\r?\n/).flatMap((lineText, index): ParsedRow[] => {
    if (lineText.trim() === '') return [];
    const where = `line ${index + 1}`;
    try {
      return [{ where, value: JSON.parse(lineText) as unknown, problems: [] }];
    } catch {
      return [{ where, value: null, problems: [{ where, field: '(row)', problem: 'is not valid JSON' }] }];
    }
  });
}

function rowsFromJson(text: string): ParsedRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ImportFormatError('the file is not valid JSON (for one case per line, name it .jsonl)');
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(items)) throw new ImportFormatError('the JSON file must hold an array of case files (or {"cases": [...]})');
  return items.map((value, index) => ({ where: `item ${index + 1}`, value, problems: [] }));
}

export class ImportFormatError extends Error {}

interface ParsedRow {
  readonly where: string;
  readonly value: unknown;
  readonly problems: ImportProblem[];
}

export function readCaseFile(file: string): CaseFileReading {
  const extension = path.extname(file).toLowerCase();
  if (!['.csv', '.jsonl', '.ndjson', '.json'].includes(extension)) throw new ImportFormatError('the file must end in .json, .jsonl or .csv');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ImportFormatError(`cannot read ${file}`);
  }
  const rows =
    extension === '.csv'
      ? rowsFromCsv(text)
      : extension === '.jsonl' || extension === '.ndjson'
        ? rowsFromJsonLines(text)
        : rowsFromJson(text);
  if (rows.length === 0) throw new ImportFormatError('the file holds no cases');
  const problems: ImportProblem[] = [];
  const cases: CaseFile[] = [];
  const firstSeen = new Map<string, string>();
  for (const row of rows) {
    problems.push(...row.problems);
    if (row.problems.length > 0) continue;
    const parsed = caseFileSchema.safeParse(row.value);
    if (!parsed.success) {
      problems.push(...issuesOf(row.where, parsed.error));
      continue;
    }
    const earlier = firstSeen.get(parsed.data.caseId);
    if (earlier) problems.push({ where: row.where, field: 'caseId', problem: `repeats the case id of ${earlier}` });
    else firstSeen.set(parsed.data.caseId, row.where);
    cases.push(parsed.data);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, cases };
}
