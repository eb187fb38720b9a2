#!/usr/bin/env node
// The `casedesk-server` bin: registers tsx, then runs the TypeScript entry.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
createRequire(import.meta.url)('./casedesk-server.ts');
