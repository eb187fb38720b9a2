import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The production server is the bundled JavaScript: it must run on plain Node
 * with no TypeScript loader anywhere (no tsx registration, no .ts file read).
 */
const serverDir = path.resolve(__dirname, '..');
// Inside server/ so the external drivers resolve from the workspace's node_modules, as in an install.
const outfile = path.join(serverDir, 'dist', `bundle-test-${process.pid}.cjs`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'casedesk-bundle-'));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [outfile, ...args], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('the bundled production server', () => {
  afterAll(() => {
    rmSync(outfile, { force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs admin commands and serves the API on plain Node, without a TypeScript loader', async () => {
    const { bundleServer } = (await import(pathToFileURL(path.join(serverDir, 'bundle-server.mjs')).href)) as { bundleServer: (file: string) => Promise<string> };
    await bundleServer(outfile);
    const bundle = readFileSync(outfile, 'utf8');
    expect(bundle).not.toMatch(/require\(["']tsx/);
    expect(bundle).not.toMatch(/\.ts["']\)/);

    const database = path.join(dataDir, 'casedesk.sqlite');
    const init = await run(['init', '--db', database]);
    expect(init).toMatchObject({ code: 0, stdout: expect.stringContaining('Database ready (sqlite)') });
    expect(await run(['users', 'add', 'alice', '--name', 'Alice', '--role', 'reviewer', '--db', database])).toMatchObject({ code: 0 });
    expect((await run(['users', 'list', '--db', database])).stdout).toContain('alice');

    const child = spawn(process.execPath, [outfile, 'serve', '--db', database, '--port', '0'], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /"event":"listening"[^\n]*"port":(\d+)/.exec(output);
          if (match) resolve(Number(match[1]));
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(await health.json()).toEqual({ status: 'ok', api: 'v1' });
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
