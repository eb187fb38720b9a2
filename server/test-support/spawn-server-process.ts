import { spawn, type ChildProcess } from 'node:child_process';
import { ensureServerKeyFile } from '../cli/server-key-file';
import { testKeyFileOf } from './keyed-storage';
import path from 'node:path';
import { hasPassword } from '../cli/database-password';

const REPO_ROOT = path.resolve(__dirname, '../..');

/** Runs the real CLI entry through tsx in a child process. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server/cli/casedesk-server.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function runCliProcess(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** `serve --port 0` in a child; resolves once its `listening` log line names the port. */
export async function startServerProcess(
  database: string,
  extraArgs: string[] = [],
): Promise<{ baseUrl: string; logs: () => string; stop: () => Promise<void> }> {
  // `serve` refuses a password in --db (the process list shows it): such a URL (a CI DATABASE_URL) goes in the environment.
  // The key file the test seeded with (keyed-storage.ts): a PostgreSQL schema's lives in the temporary folder.
  const keyFile = testKeyFileOf(database);
  ensureServerKeyFile(keyFile);
  const env = { CASEDESK_SERVER_KEY_FILE: keyFile };
  const child = hasPassword(database)
    ? spawnCli(['serve', '--port', '0', ...extraArgs], { ...env, CASEDESK_DB: database })
    : spawnCli(['serve', '--db', database, '--port', '0', ...extraArgs], env);
  const scheme = extraArgs.includes('--tls-cert') ? 'https' : 'http';
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output.slice(0, 2000)}`)), 20_000);
    let listening = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Search only until found: the log grows with every request.
      const match = listening ? null : /"event":"listening"[^\n]*"port":(\d+)/.exec(output);
      if (match) {
        listening = true;
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output.slice(0, 2000)}`)));
  });
  return {
    baseUrl: `${scheme}://127.0.0.1:${port}`,
    logs: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
