import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { enrolmentCodeSchema } from '../shared/sync-protocol/enrol';

/**
 * The local central endpoint `npm start` and `npm run start:browser` run
 * beside the app: the real server CLI on 127.0.0.1 over SQLite in the app's
 * user-data folder. The first start seeds the server's demo review; later
 * starts keep its data and only issue fresh one-time codes (codes are single
 * use, and reseeding would throw away what the reviewer did).
 */

/** A fixed port, so the origin the app enrolled with stays the same from one start to the next. */
export const DEMO_ENDPOINT_PORT = 41_917;
export const DEMO_PORT_VARIABLE = 'CASEDESK_DEMO_PORT';
export const DEMO_REVIEWER = 'demo-reviewer-1';
export const DEMO_LEAD = 'demo-lead';

const SERVER_BIN = path.resolve(__dirname, '../server/cli/casedesk-server.mjs');
const SERVER_BUNDLE = path.resolve(__dirname, '../server/dist/casedesk-server.cjs');
const SERVER_SOURCE = path.resolve(__dirname, '../server/cli/casedesk-server.ts');

/**
 * The server CLI as this checkout can run it: the bundled bin once `npm run
 * build` made it (what `npm start` runs), else the TypeScript entry through
 * tsx (a fresh checkout's unit tests run before any build).
 */
function serverCliArgs(args: readonly string[]): string[] {
  return existsSync(SERVER_BUNDLE) ? [SERVER_BIN, ...args] : ['--import', 'tsx', SERVER_SOURCE, ...args];
}
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 8_000;

const issuedCodeSchema = z.object({ userId: z.string(), code: enrolmentCodeSchema, expiresAt: z.string() });
const demoSeededSchema = z.object({
  cases: z.number(),
  batches: z.number(),
  codes: z.array(issuedCodeSchema.extend({ role: z.enum(['reviewer', 'lead']) })),
});

export interface DemoEndpoint {
  readonly endpointUrl: string;
  readonly databasePath: string;
  readonly logPath: string;
  /** What the first start seeded; null when the data was already there. */
  readonly seeded: { readonly cases: number; readonly batches: number } | null;
  readonly reviewer: { readonly userId: string; readonly code: string; readonly expiresAt: string };
  readonly lead: { readonly userId: string; readonly code: string; readonly expiresAt: string };
  stop(): Promise<void>;
}

export interface DemoEndpointOptions {
  /** The app's user-data folder; the endpoint keeps its files in `demo-endpoint/` inside it. */
  readonly userDataDir: string;
  /** 0 picks a free port (tests); the launchers use DEMO_ENDPOINT_PORT. */
  readonly port: number;
}

/** CASEDESK_DEMO_PORT where the default port is taken; anything but a port number is ignored. */
export function demoEndpointPort(env: Readonly<Record<string, string | undefined>>): number {
  const chosen = env[DEMO_PORT_VARIABLE];
  return chosen && /^\d{1,5}$/.test(chosen) && Number(chosen) >= 1 && Number(chosen) <= 65_535 ? Number(chosen) : DEMO_ENDPOINT_PORT;
}

/** A plain reason for the terminal: the CLI's own one-line message, never a stack. */
export class DemoEndpointFailed extends Error {}

function runCli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, serverCliArgs(args), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ code: null, stdout, stderr: error.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function runJsonCommand<T>(args: readonly string[], schema: z.ZodType<T>): Promise<T> {
  const result = await runCli([...args, '--json']);
  if (result.code !== 0) {
    throw new DemoEndpointFailed(result.stderr.trim().split('\n')[0] || `casedesk-server ${args[0]} exited with ${result.code}`);
  }
  let printed: unknown = null;
  try {
    printed = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? 'null');
  } catch {
    // Not JSON: reported below like any other unexpected output.
  }
  const parsed = schema.safeParse(printed);
  if (!parsed.success) throw new DemoEndpointFailed(`casedesk-server ${args[0]} printed something unexpected`);
  return parsed.data;
}

function removeDatabase(databasePath: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${databasePath}${suffix}`, { force: true });
}

async function seedOrEnrol(databasePath: string): Promise<Pick<DemoEndpoint, 'seeded' | 'reviewer' | 'lead'>> {
  if (!existsSync(databasePath)) {
    try {
      const seeded = await runJsonCommand(['demo', '--db', databasePath], demoSeededSchema);
      const reviewer = seeded.codes.find((issued) => issued.userId === DEMO_REVIEWER);
      const lead = seeded.codes.find((issued) => issued.userId === DEMO_LEAD);
      if (!reviewer || !lead) throw new DemoEndpointFailed('casedesk-server demo issued no reviewer or lead code');
      return { seeded: { cases: seeded.cases, batches: seeded.batches }, reviewer, lead };
    } catch (error) {
      // A half-seeded database would only fail differently next time: start over then.
      removeDatabase(databasePath);
      throw error;
    }
  }
  const reviewer = await runJsonCommand(['enrol', DEMO_REVIEWER, '--db', databasePath], issuedCodeSchema);
  const lead = await runJsonCommand(['enrol', DEMO_LEAD, '--db', databasePath], issuedCodeSchema);
  return { seeded: null, reviewer, lead };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `serve` on 127.0.0.1; resolves once its `listening` log line names the port. Its log goes to a file. */
async function serve(databasePath: string, port: number, logPath: string): Promise<{ endpointUrl: string; stop: () => Promise<void> }> {
  const log = createWriteStream(logPath, { flags: 'a', mode: 0o600 });
  const child = spawn(process.execPath, serverCliArgs(['serve', '--db', databasePath, '--host', '127.0.0.1', '--port', String(port)]), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
    log.write(chunk);
  });
  let startupOutput = '';
  const stop = async () => {
    await stopProcess(child);
    await new Promise<void>((resolve) => log.end(() => resolve()));
  };
  try {
    const listeningPort = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new DemoEndpointFailed('the demo endpoint did not start in time')), START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        startupOutput += chunk.toString();
        const match = /"event":"listening"[^\n]*"port":(\d+)/.exec(startupOutput);
        if (!match) return;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(Number(match[1]));
      };
      child.stdout.on('data', onData);
      child.once('exit', () => {
        clearTimeout(timer);
        reject(new DemoEndpointFailed(errors.trim().split('\n')[0] || 'the demo endpoint stopped while starting'));
      });
    });
    return { endpointUrl: `http://127.0.0.1:${listeningPort}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function startDemoEndpoint(options: DemoEndpointOptions): Promise<DemoEndpoint> {
  const folder = path.join(options.userDataDir, 'demo-endpoint');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const databasePath = path.join(folder, 'casedesk.sqlite');
  const logPath = path.join(folder, 'server.log');
  // Codes first, with the database to itself; then the server.
  const identities = await seedOrEnrol(databasePath);
  const server = await serve(databasePath, options.port, logPath);
  return { ...identities, endpointUrl: server.endpointUrl, databasePath, logPath, stop: server.stop };
}

/** What the terminal shows: where the endpoint runs and the codes to enrol with. */
export function describeDemoEndpoint(endpoint: DemoEndpoint): string {
  return [
    `CaseDesk demo endpoint: ${endpoint.endpointUrl} (SQLite ${endpoint.databasePath}; log ${endpoint.logPath})`,
    endpoint.seeded
      ? `First start: seeded a demo review of ${endpoint.seeded.cases} synthetic cases in ${endpoint.seeded.batches} batches.`
      : 'Demo data from an earlier start kept; fresh codes issued.',
    'One-time enrolment codes (single use, valid until the time shown):',
    `  reviewer ${endpoint.reviewer.userId}: ${endpoint.reviewer.code}  (until ${endpoint.reviewer.expiresAt}; prefilled in the app)`,
    `  lead     ${endpoint.lead.userId}: ${endpoint.lead.code}  (until ${endpoint.lead.expiresAt})`,
  ].join('\n');
}
