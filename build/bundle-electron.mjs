// Bundles the main process and the preload, so the packaged app carries no
// runtime node_modules. `electron` itself is provided by the runtime.
import { build } from 'esbuild';

const shared = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
};

await build({ ...shared, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs' });
// The preload runs sandboxed: it may require only `electron` and a few shims.
await build({ ...shared, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs' });
