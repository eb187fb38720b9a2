import pg from 'pg';
import { refuseNulText, type SqlDriver, type SqlExecutor, type SqlRow, type SqlValue, type TransactionExecutor } from './sql-driver';

/** Arbitrary constants for advisory locks: one for the change feed, one for migrations. */
const CHANGE_FEED_LOCK = 4_851_001;
const MIGRATION_LOCK = 4_851_002;
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const MAX_ATTEMPTS = 8;

/** `?` → `$n`, after refusing text PostgreSQL cannot store (see refuseNulText). */
function numbered(sql: string, params: readonly SqlValue[]): string {
  refuseNulText(params);
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** The `schema` search parameter of a postgres:// URL picks (and creates) a schema; tests use one per run. */
export function splitSchema(url: string): { connectionString: string; schema: string | null } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('schema must be lower-case letters, digits and "_"');
  return { connectionString: parsed.toString(), schema };
}

export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  readonly forUpdate = 'FOR UPDATE';
  private readonly pool: pg.Pool;
  private readonly schema: string | null;

  constructor(url: string, poolSize = 10) {
    const { connectionString, schema } = splitSchema(url);
    this.schema = schema;
    this.pool = new pg.Pool({
      connectionString,
      max: poolSize,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client's error (server restart) must not crash the process.
    this.pool.on('error', () => undefined);
  }

  async all<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.pool.query(numbered(sql, params), [...params])).rows as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: (await this.pool.query(numbered(sql, params), [...params])).rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: TransactionExecutor) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.pool.connect();
      const tx: TransactionExecutor = {
        all: async <R extends SqlRow>(sql: string, params: readonly SqlValue[] = []) =>
          (await client.query(numbered(sql, params), [...params])).rows as R[],
        run: async (sql, params = []) => ({ changes: (await client.query(numbered(sql, params), [...params])).rowCount ?? 0 }),
        lockChangeFeed: async () => {
          await client.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_FEED_LOCK]);
        },
      };
      try {
        await client.query('BEGIN');
        const result = await work(tx);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  async migrate(apply: (dialect: 'postgres', runScript: (script: string) => Promise<void>, tx: SqlExecutor) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query('BEGIN');
      // Two nodes starting together must not both run a migration.
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await apply(
        'postgres',
        async (script) => {
          await client.query(script);
        },
        {
          all: async <R extends SqlRow>(sql: string, params: readonly SqlValue[] = []) => (await client.query(numbered(sql, params), [...params])).rows as R[],
          run: async (sql, params = []) => ({ changes: (await client.query(numbered(sql, params), [...params])).rowCount ?? 0 }),
        },
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Drops the schema given in the URL: for tests that made one. */
  async dropSchema(): Promise<void> {
    if (this.schema) await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
