/** One CSV record with the line it starts on (records may span lines inside quotes). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/** A quote left open: its message names the line only. */
export class CsvSyntaxError extends Error {}

/** RFC 4180: comma-separated, `"` quotes, `""` escapes, CRLF or LF. Throws with the line of an unclosed quote. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  const source = text.startsWith('\ufeff') ? text.slice(1) : text;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"') {
        if (source[index + 1] === '"') {
          cell += '"';
          index += 1;
        } else quoted = false;
      } else {
        if (char === '\n') line += 1;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else cell += char;
  }
  if (quoted) throw new CsvSyntaxError(`line ${quoteLine}: a quoted cell is never closed`);
  endRecord();
  return records;
}
