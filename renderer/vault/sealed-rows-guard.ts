import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import { CLEAR_FIELDS, SEALED_TABLES, type ClearFieldKind } from './vault-schema';

/**
 * The last line of defence under the encryption layer: a Dexie DBCore
 * middleware that refuses any add/put whose row carries a field the table
 * does not declare as clear, or a clear field of the wrong shape (a case
 * reference cannot hide in an "id"). Encryption itself happens before the
 * transaction opens (WebCrypto is async and would let IndexedDB auto-commit);
 * this guard only checks, synchronously, that what arrives is sealed.
 */
const OPAQUE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const STATUS = /^[a-z-]{1,32}$/;

function fieldIsAllowed(kind: ClearFieldKind, value: unknown): boolean {
  switch (kind) {
    case 'opaque-id':
      return typeof value === 'string' && OPAQUE_ID.test(value);
    case 'enum':
      return typeof value === 'string' && STATUS.test(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'ciphertext':
      return value instanceof Uint8Array;
    case 'key-material':
      return true;
  }
}

export class UnsealedWriteError extends Error {
  constructor(table: string, field: string) {
    super(`Refused to store field "${field}" in clear in table ${table}`);
    this.name = 'UnsealedWriteError';
  }
}

export function checkRowIsSealed(table: string, row: unknown): void {
  const allowed = (CLEAR_FIELDS as Record<string, Record<string, ClearFieldKind>>)[table];
  if (!allowed) throw new UnsealedWriteError(table, '(table not declared)');
  if (typeof row !== 'object' || row === null) throw new UnsealedWriteError(table, '(not an object)');
  for (const [field, value] of Object.entries(row)) {
    const kind = allowed[field];
    if (!kind || !fieldIsAllowed(kind, value)) throw new UnsealedWriteError(table, field);
  }
  if (SEALED_TABLES.has(table) && !((row as { c?: unknown }).c instanceof Uint8Array)) {
    throw new UnsealedWriteError(table, 'c (missing ciphertext)');
  }
}

function guardTable(table: DBCoreTable): DBCoreTable {
  return {
    ...table,
    mutate(request: DBCoreMutateRequest) {
      if (request.type === 'add' || request.type === 'put') {
        try {
          for (const row of request.values) checkRowIsSealed(table.name, row);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return table.mutate(request);
    },
  };
}

export const sealedRowsGuard: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'SealedRowsGuard',
  create: (down) => ({ ...down, table: (name) => guardTable(down.table(name)) }),
};
