/**
 * Formula injection: Excel, LibreOffice and Google Sheets run a cell that
 * starts with `=`, `+`, `-` or `@` as a formula (and tab or carriage return
 * lead into one), so a reviewer's free text such as `=HYPERLINK("http://…")`
 * could act on the investigator's machine. OWASP's remedy: put a single quote
 * in front, which every spreadsheet shows as text. The full-width forms are
 * included because some spreadsheet imports fold them to the ASCII ones.
 *
 * The same neutralised text goes to the CSV and the workbook, so a workbook
 * later saved as CSV by someone else still carries the quote.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

export function neutraliseSpreadsheetText(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0]!) ? `'${text}` : text;
}

/** A cell value: text (always neutralised by the table builder) or a finite number (cannot hold a formula). */
export type SpreadsheetCell = string | number;
