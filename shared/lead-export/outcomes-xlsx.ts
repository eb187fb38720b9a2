import type { OutcomeTable } from './outcome-table';

/**
 * outcomes.xlsx: the same table as a real workbook, written by ExcelJS. Text
 * goes in as string cells (never as formulas: ExcelJS writes a formula only
 * when given `{ formula }`), in columns formatted as Text (`@`) so an edit in
 * Excel stays text too. ExcelJS is loaded on demand: it is large, and only an
 * export needs it.
 */
export async function writeOutcomesXlsx(table: OutcomeTable, createdAt: Date, sheetName = 'Outcomes'): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CaseDesk';
  workbook.created = createdAt;
  workbook.modified = createdAt;
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const numericColumns = table.header.map((_, column) => table.rows.length > 0 && table.rows.every((row) => typeof row[column] === 'number' || row[column] === ''));
  sheet.columns = table.header.map((title, column) => ({
    header: title,
    width: Math.min(60, Math.max(12, title.length + 2)),
    style: numericColumns[column] ? {} : { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow([...row]);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
