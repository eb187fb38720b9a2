import { stringify } from 'csv-stringify/browser/esm/sync';
import type { OutcomeTable } from './outcome-table';

/**
 * outcomes.csv: RFC 4180 (CRLF between records, fields quoted when they hold
 * a comma, quote or line break, quotes doubled), UTF-8 with a byte order
 * mark so Excel reads it as UTF-8. The browser build of csv-stringify, which
 * carries its own Buffer, so the same code runs in the renderer and in Node.
 */
export function writeOutcomesCsv(table: OutcomeTable): Uint8Array {
  const text = stringify([table.header, ...table.rows], {
    bom: true,
    record_delimiter: 'windows',
    quote: '"',
    escape: '"',
    // csv-stringify quotes a field holding the record delimiter (CRLF) but not a lone CR or LF; RFC 4180 wants both quoted.
    quoted_match: /[\r\n]/,
    cast: { number: (value) => String(value) },
  });
  return new TextEncoder().encode(text);
}
