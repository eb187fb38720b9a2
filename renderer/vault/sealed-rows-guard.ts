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
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** 16 salt bytes are 24 base64 characters. */
const SALT_BASE64 = /^[A-Za-z0-9+/]{22}==$/;
/** A vault key wrapped under the KEK is 60 bytes (80 characters); a keystore seal only adds to it. */
const WRAPPED_KEY_CHARACTERS = { min: 80, max: 4096 } as const;
const MAX_PENDING_FAILURE_TIMES = 100;
const KDF_FIELDS = ['algorithm', 'iterations', 'memoryKiB', 'parallelism', 'salt'];

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isKdfParameters(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const kdf = value as Record<string, unknown>;
  const fields = Object.keys(kdf).sort();
  return (
    fields.length === KDF_FIELDS.length &&
    fields.every((field, index) => field === KDF_FIELDS[index]) &&
    kdf.algorithm === 'argon2id' &&
    isPositiveInteger(kdf.memoryKiB) &&
    isPositiveInteger(kdf.iterations) &&
    isPositiveInteger(kdf.parallelism) &&
    typeof kdf.salt === 'string' &&
    SALT_BASE64.test(kdf.salt)
  );
}

function isWrappedKeyBase64(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.length >= WRAPPED_KEY_CHARACTERS.min &&
    value.length <= WRAPPED_KEY_CHARACTERS.max &&
    BASE64.test(value)
  );
}

function isTimestampList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length <= MAX_PENDING_FAILURE_TIMES &&
    value.every((time) => typeof time === 'number' && Number.isSafeInteger(time) && time >= 0)
  );
}

const FIELD_CHECKS: Record<ClearFieldKind, (value: unknown) => boolean> = {
  'opaque-id': (value) => typeof value === 'string' && OPAQUE_ID.test(value),
  enum: (value) => typeof value === 'string' && STATUS.test(value),
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  ciphertext: (value) => value instanceof Uint8Array,
  'kdf-parameters': isKdfParameters,
  'wrapped-key-base64': isWrappedKeyBase64,
  'timestamp-list': isTimestampList,
};

/**
 * Each table's clear fields resolved to their checks once, not per row: the
 * guard runs on every row of a 9,000-case import and must stay cheap.
 */
const CHECKS_BY_TABLE: ReadonlyMap<string, ReadonlyMap<string, (value: unknown) => boolean>> = new Map(
  Object.entries(CLEAR_FIELDS).map(([table, fields]) => [
    table,
    new Map(Object.entries(fields).map(([field, kind]) => [field, FIELD_CHECKS[kind]])),
  ]),
);

export class UnsealedWriteError extends Error {
  constructor(table: string, field: string) {
    super(`Refused to store field "${field}" in clear in table ${table}`);
    this.name = 'UnsealedWriteError';
  }
}

export function checkRowIsSealed(table: string, row: unknown): void {
  const checks = CHECKS_BY_TABLE.get(table);
  if (!checks) throw new UnsealedWriteError(table, '(table not declared)');
  if (typeof row !== 'object' || row === null) throw new UnsealedWriteError(table, '(not an object)');
  const fields = row as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    const check = checks.get(field);
    if (!check || !check(fields[field])) throw new UnsealedWriteError(table, field);
  }
  if (SEALED_TABLES.has(table) && !(fields.c instanceof Uint8Array)) {
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
