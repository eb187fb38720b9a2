import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { enrolmentCodeSchema } from '../shared/sync-protocol/enrol';

const REPO_ROOT = path.resolve(__dirname, '..');

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Runs the real `npm start` launcher (after the build step) with a stand-in Electron binary. */
function launch(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'build/launch-electron.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// The stand-in Electron is a shell script; the launcher's logic is the same on every platform.
const standInRuns = process.platform !== 'win32';
if (!standInRuns) console.log('[launch-electron] skipped: the stand-in Electron binary is a POSIX shell script');

describe.skipIf(!standInRuns)('npm start (build/launch-electron.ts)', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'casedesk-launch-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('starts the demo endpoint, hands the app its URL and a fresh reviewer code, and stops the endpoint when the app exits', async () => {
    const electronDir = path.join(scratch, 'electron');
    const seen = path.join(scratch, 'seen.txt');
    // What the app saw at launch, and whether the endpoint answered while it ran.
    writeFileSync(path.join(scratch, 'probe.mjs'), `
      import { writeFileSync } from 'node:fs';
      const health = await fetch(process.env.CASEDESK_DEMO_ENDPOINT + '/api/v1/health').then((r) => r.status, () => 0);
      writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ app: process.argv[2], endpoint: process.env.CASEDESK_DEMO_ENDPOINT, code: process.env.CASEDESK_DEMO_CODE, health }));
    `);
    mkdirSync(electronDir);
    writeFileSync(path.join(electronDir, 'electron'), `#!/bin/sh\n"${process.execPath}" "${path.join(scratch, 'probe.mjs')}" "$1"\nexit 3\n`);
    chmodSync(path.join(electronDir, 'electron'), 0o755);
    const port = await freePort();
    const env = { ELECTRON_OVERRIDE_DIST_PATH: electronDir, XDG_CONFIG_HOME: path.join(scratch, 'config'), CASEDESK_DEMO_PORT: String(port) };

    const first = await launch(env);
    expect(first.code).toBe(3);
    const app = JSON.parse(readFileSync(seen, 'utf8')) as { app: string; endpoint: string; code: string; health: number };
    expect(app).toMatchObject({ app: REPO_ROOT, endpoint: `http://127.0.0.1:${port}`, health: 200 });
    expect(enrolmentCodeSchema.safeParse(app.code).success).toBe(true);
    expect(first.stdout).toContain(path.join(scratch, 'config', 'CaseDesk', 'demo-endpoint', 'casedesk.sqlite'));
    expect(first.stdout).toMatch(/First start: seeded a demo review/);
    expect(first.stdout).toContain(`reviewer demo-reviewer-1: ${app.code}`);
    expect(first.stdout).toMatch(/lead {5}demo-lead: [0-9A-Z]{16}/);
    // The endpoint went down with the app.
    await expect(fetch(`http://127.0.0.1:${port}/api/v1/health`)).rejects.toThrow();

    const second = await launch(env);
    expect(second.code).toBe(3);
    const again = JSON.parse(readFileSync(seen, 'utf8')) as { code: string };
    expect(second.stdout).toMatch(/Demo data from an earlier start kept; fresh codes issued/);
    expect(again.code).not.toBe(app.code);
  }, 120_000);

  it('explains and starts nothing when the Electron binary chosen is missing', async () => {
    const port = await freePort();
    const result = await launch({ ELECTRON_OVERRIDE_DIST_PATH: path.join(scratch, 'nowhere'), XDG_CONFIG_HOME: path.join(scratch, 'config-2'), CASEDESK_DEMO_PORT: String(port) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ELECTRON_OVERRIDE_DIST_PATH is set, but .* does not exist/);
    expect(result.stderr).toMatch(/npm run start:browser/);
    expect(result.stdout).not.toMatch(/demo endpoint/);
  }, 60_000);
});
