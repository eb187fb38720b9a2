import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../http/device-credentials';
import { openStorage } from '../storage/open-storage';
import { runCli } from './run-cli';

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (line: string) => lines.out.push(line), err: (line: string) => lines.err.push(line) } };
}

/** Which codes can still be redeemed (each attempt enrols a device when it works). */
async function redeemable(database: string, codes: readonly string[]): Promise<boolean[]> {
  const storage = openStorage(database);
  try {
    const now = new Date().toISOString();
    const results: boolean[] = [];
    for (const [index, code] of codes.entries()) {
      const user = await storage.redeemEnrolmentCode(sha256Hex(code), { deviceId: `dev-probe-${index}`, name: 'probe', publicKey: '{}', tokenHash: 'h' }, now);
      results.push(user !== null);
    }
    return results;
  } finally {
    await storage.close();
  }
}

describe('CLI: users deactivate, enrol --revoke', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-cli-lifecycle-'));
  const database = path.join(directory, 'casedesk.sqlite');
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('revokes one code by its text, all of a user by id, and deactivates a user', async () => {
    expect(await runCli(['init', '--db', database], capture().io)).toBe(0);
    expect(await runCli(['users', 'add', 'rita', '--name', 'Rita', '--role', 'reviewer', '--db', database], capture().io)).toBe(0);
    const issued: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const run = capture();
      expect(await runCli(['enrol', 'rita', '--json', '--db', database], run.io)).toBe(0);
      issued.push((JSON.parse(run.lines.out[0]!) as { code: string }).code);
    }
    const one = capture();
    expect(await runCli(['enrol', '--revoke', issued[0]!.toLowerCase(), '--db', database], one.io)).toBe(0);
    expect(one.lines.out.join('\n')).toMatch(/revoked/);
    expect(await runCli(['enrol', '--revoke', issued[0]!, '--db', database], capture().io)).toBe(1);
    const all = capture();
    expect(await runCli(['enrol', '--revoke', 'rita', '--db', database], all.io)).toBe(0);
    expect(all.lines.out.join('\n')).toMatch(/^2 unused enrolment codes of rita revoked/);
    expect(await redeemable(database, issued)).toEqual([false, false, false]);

    const deactivate = capture();
    expect(await runCli(['users', 'deactivate', 'rita', '--db', database], deactivate.io)).toBe(0);
    expect(deactivate.lines.out.join('\n')).toMatch(/deactivated/);
    const list = capture();
    expect(await runCli(['users', 'list', '--db', database], list.io)).toBe(0);
    expect(list.lines.out.join('\n')).toMatch(/rita .*DEACTIVATED/);
    expect(await runCli(['users', 'deactivate', 'nobody', '--db', database], capture().io)).toBe(1);
  }, 30_000);
});
