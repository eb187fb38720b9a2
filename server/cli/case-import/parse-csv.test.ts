import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './parse-csv';

function syntaxMessage(text: string): string | undefined {
  try {
    parseCsv(text);
  } catch (error) {
    return error instanceof CsvSyntaxError ? error.message : `unexpected ${String(error)}`;
  }
  return undefined;
}

describe('importer CSV parsing (csv-parse)', () => {
  it('reads RFC 4180 with a BOM, quotes, doubled quotes and multi-line cells, each record with the line it starts on', () => {
    const text = '\ufeffa,b\r\n1,"x, y"\r\n2,"line one\nline two"\r\n3,"say ""hi"""\r\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x, y'] },
      { line: 3, cells: ['2', 'line one\nline two'] },
      { line: 5, cells: ['3', 'say "hi"'] },
    ]);
  });

  it('takes LF, CRLF and CR between records, mixed, and skips blank lines without losing count', () => {
    expect(parseCsv('a,b\nc,d\r\ne,f\rg,h\n\n\ni,j\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
      { line: 3, cells: ['e', 'f'] },
      { line: 4, cells: ['g', 'h'] },
      { line: 7, cells: ['i', 'j'] },
    ]);
  });

  it('keeps a quote inside an unquoted cell, and rows of any length for the importer to judge', () => {
    expect(parseCsv('a,b\nx"y"z,2,3\nonly\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x"y"z', '2', '3'] },
      { line: 3, cells: ['only'] },
    ]);
  });

  it('names the line of a record whose quote never closes, and nothing of its content', () => {
    expect(syntaxMessage('a,b\ncase-1,"Victim P000123 never closed\n')).toBe('line 2: a quoted cell is never closed');
    expect(syntaxMessage('a,b\nc,"two\nlines"\n\n\nd,"Victim open\nmore\nlines\n')).toBe('line 6: a quoted cell is never closed');
  });
});
