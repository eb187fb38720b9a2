import { SealedValueError } from '../storage/field-cipher';
import { DatabaseFileExposedError } from '../storage/sqlite-file-permissions';
import { StorageError } from '../storage/storage';
import { ImportFormatError } from './case-import/read-case-file';
import { CommandFailed, UsageError, type CliIo } from './cli-io';
import { ServerKeyFileError } from './server-key-file';
import { BATCHES_USAGE, runBatches } from './commands/batches';
import { DEMO_USAGE, runDemo } from './commands/demo';
import { DEVICES_USAGE, runDevices } from './commands/devices';
import { ENROL_USAGE, runEnrol } from './commands/enrol';
import { ESCALATIONS_USAGE, runEscalations } from './commands/escalations';
import { IMPORT_USAGE, runImportCases } from './commands/import-cases';
import { INIT_USAGE, runInit } from './commands/init';
import { ROTATE_KEY_USAGE, runRotateKey } from './commands/rotate-key';
import { runServe, SERVE_USAGE } from './commands/serve';
import { runTemplate, TEMPLATE_USAGE } from './commands/template';
import { runTeams, runUsers, TEAMS_USAGE, USERS_USAGE } from './commands/users';
import { runVerifyExport, VERIFY_EXPORT_USAGE } from './commands/verify-export';

const COMMANDS: Record<string, { usage: string; run: (args: string[], io: CliIo) => Promise<void> }> = {
  init: { usage: INIT_USAGE, run: runInit },
  serve: { usage: SERVE_USAGE, run: runServe },
  'import-cases': { usage: IMPORT_USAGE, run: runImportCases },
  template: { usage: TEMPLATE_USAGE, run: runTemplate },
  users: { usage: USERS_USAGE, run: runUsers },
  teams: { usage: TEAMS_USAGE, run: runTeams },
  batches: { usage: BATCHES_USAGE, run: runBatches },
  enrol: { usage: ENROL_USAGE, run: runEnrol },
  devices: { usage: DEVICES_USAGE, run: runDevices },
  escalations: { usage: ESCALATIONS_USAGE, run: (args, io) => runEscalations(args, io) },
  demo: { usage: DEMO_USAGE, run: runDemo },
  'verify-export': { usage: VERIFY_EXPORT_USAGE, run: runVerifyExport },
  'rotate-key': { usage: ROTATE_KEY_USAGE, run: runRotateKey },
};

function usage(): string {
  return ['usage: casedesk-server COMMAND [options]   (every command takes --db PATH|postgres://… [--db-password-file FILE]; default ./data/casedesk.sqlite or $CASEDESK_DB; a PostgreSQL password comes from PGPASSWORD or the file, never --db)', '']
    .concat(Object.values(COMMANDS).map((command) => `  ${command.usage}`))
    .join('\n');
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EACCES', 'SQLITE_CANTOPEN', 'SQLITE_BUSY', '28P01', '3D000', '28000']);

/** Runs one admin command; returns the exit code. Errors are one plain line each, never a stack. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`casedesk-server: unknown command "${name.slice(0, 40)}"`);
    io.err(usage());
    return 2;
  }
  try {
    await command.run(args, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`casedesk-server ${name}: ${error.message}`);
      io.err(`usage: casedesk-server ${command.usage}`);
      return 2;
    }
    if (
      error instanceof CommandFailed ||
      error instanceof StorageError ||
      error instanceof ImportFormatError ||
      error instanceof DatabaseFileExposedError ||
      error instanceof ServerKeyFileError ||
      // Names the column and the reason (not sealed yet: run init; another key), never the value.
      error instanceof SealedValueError
    ) {
      io.err(`casedesk-server ${name}: ${error.message}`);
      return 1;
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) {
      io.err(`casedesk-server ${name}: cannot open the database (${code})`);
      return 1;
    }
    // Anything else may quote stored values: name the kind only.
    io.err(`casedesk-server ${name}: failed unexpectedly (${error instanceof Error ? error.name : typeof error}${typeof code === 'string' ? ` ${code}` : ''})`);
    return 1;
  }
}
