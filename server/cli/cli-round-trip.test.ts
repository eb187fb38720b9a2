import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../shared/sync-protocol/pull';
import { callApi, TEST_PUBLIC_KEY } from '../test-support/api-test-server';
import { runCliProcess, startServerProcess } from '../test-support/spawn-server-process';
import { enrolmentCodeSchema } from '../../shared/sync-protocol/enrol';
import type { DemoSeededJson } from './commands/demo';
import { runCli } from './run-cli';

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (line: string) => lines.out.push(line), err: (line: string) => lines.err.push(line) } };
}

describe('CLI round trip', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-cli-'));
  const database = path.join(directory, 'casedesk.sqlite');
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('init → demo → enrol → pull returns the demo batch', async () => {
    const init = await runCliProcess(['init', '--db', database]);
    expect(init).toMatchObject({ code: 0, stderr: '' });
    const demo = capture();
    expect(await runCli(['demo', '--db', database], demo.io)).toBe(0);
    const code = /Enrolment code for demo-reviewer-1: ([0-9A-Z]{16})/.exec(demo.lines.out.join('\n'))?.[1];
    expect(code).toBeDefined();

    const server = await startServerProcess(database);
    try {
      const enrolled = await callApi(server.baseUrl, '/api/v1/enrol', { body: { code, deviceName: 'Reviewer laptop', publicKey: TEST_PUBLIC_KEY } });
      expect(enrolled).toMatchObject({ status: 201, json: { userId: 'demo-reviewer-1', role: 'reviewer' } });
      const { token } = enrolled.json as { token: string };
      const reused = await callApi(server.baseUrl, '/api/v1/enrol', { body: { code, deviceName: 'Second laptop', publicKey: TEST_PUBLIC_KEY } });
      expect(reused).toMatchObject({ status: 400, json: { error: { code: 'enrolment_code_invalid' } } });

      const pulled = await callApi(server.baseUrl, '/api/v1/pull', { token });
      expect(pulled.status).toBe(200);
      const body = pulled.json as PullResponse;
      const batches = body.changes.flatMap((change) => (change.kind === 'batch' ? [change.batch] : []));
      expect(batches.map((batch) => batch.batchId).sort()).toEqual(['demo-batch-1', 'demo-batch-2']);
      const caseIds = body.changes.flatMap((change) => (change.kind === 'case' ? [change.case.caseId] : []));
      expect(caseIds.sort()).toEqual(batches.flatMap((batch) => batch.caseIds).sort());
      expect(body.changes.some((change) => change.kind === 'template' && change.templateId === 'cse-review')).toBe(true);

      const devices = capture();
      expect(await runCli(['devices', 'list', '--db', database], devices.io)).toBe(0);
      const deviceId = /^(dev_[0-9a-f]{20})/.exec(devices.lines.out[0] ?? '')?.[1];
      expect(await runCli(['devices', 'revoke', deviceId!, '--db', database], capture().io)).toBe(0);
      expect(await callApi(server.baseUrl, '/api/v1/pull', { token })).toMatchObject({ status: 401, json: { error: { code: 'device_revoked' } } });
      // Logs are structured lines that never carry case content.
      const firstCase = body.changes.find((change) => change.kind === 'case');
      expect(firstCase && firstCase.kind === 'case' && server.logs().includes(firstCase.case.summary.slice(0, 40))).toBe(false);
      expect(server.logs()).toMatch(/"event":"request"/);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('answers bad arguments with one plain line and a usage, never a stack', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['users', 'add', 'x', '--role', 'boss', '--name', 'X', '--db', database], 2, /--role must be one of/],
      [['users', 'add', 'bad id!', '--role', 'reviewer', '--name', 'X', '--db', database], 2, /user id must be/],
      [['batches', 'create', 'b1', '--assignee', 'demo-reviewer-1', '--db', database], 2, /--lead is required/],
      [['batches', 'create', 'b1', '--assignee', 'demo-reviewer-1', '--lead', 'demo-lead', '--cases', 'case-009001', '--db', database], 1, /already in a batch/],
      [['batches', 'create', 'b1', '--assignee', 'demo-reviewer-1', '--lead', 'demo-lead', '--count', '2', '--due', 'soon', '--db', database], 2, /--due must be a date/],
      [['enrol', 'nobody', '--db', database], 1, /no user nobody/],
      [['devices', 'revoke', 'dev_0', '--db', database], 1, /no device/],
      [['serve', '--host', '0.0.0.0', '--db', database], 2, /refusing plain HTTP/],
      [['serve', '--port', 'x', '--db', database], 2, /--port must be/],
      [['template', 'set', path.join(directory, 'missing.json'), '--db', database], 1, /cannot be read/],
      [['import-cases', path.join(directory, 'cases.txt'), '--db', database], 1, /must end in/],
      [['frobnicate'], 2, /unknown command/],
      [['users', 'list', '--bogus'], 2, /Unknown option/],
      [['init', '--db', 'postgres://nobody@127.0.0.1:1/none'], 1, /cannot open the database/],
    ];
    for (const [args, exitCode, message] of cases) {
      const run = capture();
      expect({ args, code: await runCli(args, run.io) }).toEqual({ args, code: exitCode });
      const errors = run.lines.err.join('\n');
      expect(errors).toMatch(message);
      expect(errors).not.toMatch(/\n\s+at /);
    }
  }, 30_000);

  it('demo --json and enrol --json print one machine-readable object with working codes', async () => {
    const jsonDatabase = path.join(directory, 'json.sqlite');
    const demo = capture();
    expect(await runCli(['demo', '--db', jsonDatabase, '--json'], demo.io)).toBe(0);
    expect(demo.lines.out).toHaveLength(1);
    const seeded = JSON.parse(demo.lines.out[0]!) as DemoSeededJson;
    expect(seeded).toMatchObject({ cases: 24, batches: 4, templateId: 'cse-review' });
    expect(seeded.codes.map(({ userId, role }) => [userId, role])).toEqual([
      ['demo-reviewer-1', 'reviewer'],
      ['demo-reviewer-2', 'reviewer'],
      ['demo-lead', 'lead'],
    ]);
    for (const issued of seeded.codes) expect(enrolmentCodeSchema.safeParse(issued.code).success).toBe(true);

    const enrol = capture();
    expect(await runCli(['enrol', 'demo-reviewer-1', '--db', jsonDatabase, '--json'], enrol.io)).toBe(0);
    expect(enrol.lines.out).toHaveLength(1);
    const fresh = JSON.parse(enrol.lines.out[0]!) as { userId: string; code: string; expiresAt: string };
    expect(fresh.userId).toBe('demo-reviewer-1');
    expect(fresh.code).not.toBe(seeded.codes[0]!.code);

    const server = await startServerProcess(jsonDatabase);
    try {
      for (const code of [seeded.codes[2]!.code, fresh.code]) {
        const enrolled = await callApi(server.baseUrl, '/api/v1/enrol', { body: { code, deviceName: 'Laptop', publicKey: TEST_PUBLIC_KEY } });
        expect(enrolled.status).toBe(201);
      }
    } finally {
      await server.stop();
    }
  }, 60_000);
});
