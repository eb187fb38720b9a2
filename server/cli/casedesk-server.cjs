#!/usr/bin/env node
// The `casedesk-server` bin: runs the TypeScript entry through tsx.
require('tsx/cjs');
require('./casedesk-server.ts');
