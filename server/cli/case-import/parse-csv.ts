import { CsvError, parse, type Options } from 'csv-parse/sync';

/** One CSV record with the line it starts on (records may span lines inside quotes). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/** What csv-parse returns with `info: true`: each record with where the parser stood at its end. */
interface ParsedRow {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/** A quote left open: its message names the line only. */
export class CsvSyntaxError extends Error {}

/**
 * RFC 4180 by csv-parse: comma-separated, `"` quotes, `""` escapes; CRLF, LF
 * or CR between records, mixed as editors leave them; a BOM and blank lines
 * skipped; a `"` inside an unquoted cell kept as it is; rows of any length
 * (the importer names a wrong count by line). csv-parse's own error messages
 * can quote the input, so none is passed on: only a code and a line number.
 */
export function parseCsv(text: string): CsvRecord[] {
  // Line numbers: csv-parse reports the line a record ends on; the line breaks inside its quoted cells lead back to where it starts.
  let lastRecordEnd = 0;
  let emptyLinesBefore = 0;
  let rows: ParsedRow[];
  try {
    const options: Options = {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      on_record: (record, context) => {
        lastRecordEnd = context.lines;
        emptyLinesBefore = context.empty_lines;
        return record;
      },
    };
    rows = parse(text, options) as unknown as ParsedRow[];
  } catch (error) {
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
      // The unfinished record starts after the last whole one and any blank lines since.
      const emptyLinesSince = Math.max(0, Number((error as unknown as { empty_lines?: number }).empty_lines ?? emptyLinesBefore) - emptyLinesBefore);
      throw new CsvSyntaxError(`line ${lastRecordEnd + 1 + emptyLinesSince}: a quoted cell is never closed`);
    }
    throw new CsvSyntaxError('the file is not valid CSV');
  }
  return rows.map(({ record, info }) => ({
    line: info.lines - record.reduce((breaks, cell) => breaks + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0),
    cells: record,
  }));
}
