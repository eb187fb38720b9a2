import type { SqlExecutor, SqlValue } from './sql-driver';

/**
 * Lists of values in one statement, so reads and writes cost a statement per
 * set rather than per row. Both dialects bind at least 32,766 parameters
 * (SQLite) or 65,535 (PostgreSQL); chunks stay well below.
 */
const MAX_PARAMETERS_PER_STATEMENT = 8_000;

/** `?, ?, ?` for an `IN (…)` list of `count` values (at least one). */
export function placeholders(count: number): string {
  if (count < 1) throw new RangeError('an IN list needs at least one value');
  return Array.from({ length: count }, () => '?').join(', ');
}

/** Runs `query` once per chunk of `values` (one chunk up to thousands of values) and concatenates the rows. */
export async function selectIn<T>(values: readonly SqlValue[], query: (list: string, chunk: readonly SqlValue[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let start = 0; start < values.length; start += MAX_PARAMETERS_PER_STATEMENT) {
    const chunk = values.slice(start, start + MAX_PARAMETERS_PER_STATEMENT);
    // Not push(...rows): a chunk can return more rows than a call may take arguments.
    for (const row of await query(placeholders(chunk.length), chunk)) rows.push(row);
  }
  return rows;
}

/** Runs a writing statement once per chunk of `values`, e.g. `DELETE … WHERE id IN (list)`. */
export async function runIn(db: SqlExecutor, values: readonly SqlValue[], statement: (list: string) => string): Promise<void> {
  for (let start = 0; start < values.length; start += MAX_PARAMETERS_PER_STATEMENT) {
    const chunk = values.slice(start, start + MAX_PARAMETERS_PER_STATEMENT);
    await db.run(statement(placeholders(chunk.length)), chunk);
  }
}

/**
 * `INSERT INTO table (columns) VALUES (…), (…) <suffix>` in as few statements
 * as the parameter limit allows. Rows are written in the order given.
 */
export async function insertRows(db: SqlExecutor, table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[], suffix = ''): Promise<void> {
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS_PER_STATEMENT / columns.length));
  const tuple = `(${placeholders(columns.length)})`;
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    await db.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')} ${suffix}`, chunk.flat());
  }
}
