import { z } from 'zod';
import type { SqlRow } from './sql-driver';

/**
 * Rows come back typed by the driver, not by us: PostgreSQL returns BIGINT as
 * a string, SQLite returns numbers, and a restored or hand-edited database may
 * hold anything. Every row is parsed against the shape its module expects.
 */
export const sqlInteger = z.coerce.number().int();
export const sqlText = z.string();
export const sqlNullableText = z.string().nullable();

export class StoredDataInvalid extends Error {
  constructor(readonly what: string) {
    // The column values are not quoted: they may be case data.
    super(`a stored ${what} does not have the expected shape`);
    this.name = 'StoredDataInvalid';
  }
}

export function parseRow<T>(schema: z.ZodType<T>, row: SqlRow, what: string): T {
  const parsed = schema.safeParse(row);
  if (!parsed.success) throw new StoredDataInvalid(what);
  return parsed.data;
}

export function parseRows<T>(schema: z.ZodType<T>, rows: readonly SqlRow[], what: string): T[] {
  return rows.map((row) => parseRow(schema, row, what));
}

/** A JSON text column, parsed and then checked against its schema. */
export function parseJsonColumn<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StoredDataInvalid(what);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredDataInvalid(what);
  return parsed.data;
}
