import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Finds a PostgreSQL for the suites that need one: DATABASE_URL, else this
 * machine's 127.0.0.1:5432 (database `test`, user postgres or root). Each
 * caller gets a URL naming a fresh schema, so parallel runs never collide.
 */
export type PostgresProbe = { readonly available: true; readonly baseUrl: string } | { readonly available: false; readonly reason: string };

let probe: Promise<PostgresProbe> | undefined;

async function reachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function probePostgres(): Promise<PostgresProbe> {
  probe ??= (async () => {
    const candidates = process.env.DATABASE_URL
      ? [process.env.DATABASE_URL]
      : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];
    const failures: string[] = [];
    for (const url of candidates) {
      const failure = await reachable(url);
      if (failure === null) return { available: true, baseUrl: url };
      failures.push(failure);
    }
    return { available: false, reason: `PostgreSQL not reachable (${process.env.DATABASE_URL ? 'DATABASE_URL' : '127.0.0.1:5432'}): ${failures.join('; ')}` };
  })();
  return probe;
}

export function freshSchemaUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('schema', `casedesk_test_${randomBytes(6).toString('hex')}`);
  return url.toString();
}

export async function dropSchemaOf(url: string): Promise<void> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (!schema || !/^casedesk_test_[0-9a-f]+$/.test(schema)) return;
  const client = new pg.Client({ connectionString: parsed.toString() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
