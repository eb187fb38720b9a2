#!/usr/bin/env node
// The `casedesk-server` bin: runs the bundled JavaScript (`npm run build:server`
// writes it), never TypeScript through a loader. `npm run server` is the
// development entry and uses tsx.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/casedesk-server.cjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('casedesk-server: not built yet; run `npm run build:server` (or `npm run build`) first\n');
  process.exit(1);
}
createRequire(import.meta.url)(bundle);
