// Bundles the central endpoint into one CommonJS file, so `casedesk-server`
// runs compiled JavaScript in production, with no TypeScript loader. The
// database drivers stay outside the bundle: better-sqlite3 has a native
// addon, and pg loads optional modules at run time.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Writes the bundle to `outfile` (default server/dist/casedesk-server.cjs). */
export async function bundleServer(outfile = path.join(here, 'dist/casedesk-server.cjs')) {
  await build({
    entryPoints: [path.join(here, 'cli/casedesk-server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'pg', 'pg-native'],
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundleServer();
