import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFindingsExport } from '../../../shared/findings/build-findings-export';
import { NO_FINDINGS_FILTER } from '../../../shared/findings/compute-findings';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import { buildSignedExport, type ExportFile } from '../../../shared/lead-export/build-signed-export';
import { sampleDeviceKeys, sampleExportInput } from '../../../shared/lead-export/testing/sample-export';
import type { DevicePublicKey } from '../../../shared/sync-protocol/enrol';
import { openStorage } from '../../storage/open-storage';
import { runCli } from '../run-cli';

const directory = mkdtempSync(path.join(tmpdir(), 'casedesk-verify-export-'));
const database = path.join(directory, 'casedesk.sqlite');
let leadKeys: Awaited<ReturnType<typeof sampleDeviceKeys>>;
let exportCount = 0;

async function run(args: string[]) {
  const lines = { out: [] as string[], err: [] as string[] };
  const code = await runCli(args, { out: (line) => lines.out.push(line), err: (line) => lines.err.push(line) });
  return { code, ...lines };
}

async function registerDevice(deviceId: string, publicKey: DevicePublicKey) {
  const storage = openStorage(database, { poolSize: 1 });
  try {
    await storage.migrate(new Date().toISOString());
    const now = new Date().toISOString();
    await storage.createEnrolmentCode({ codeHash: `code-${deviceId}`, userId: 'lead-1', expiresAt: new Date(Date.now() + 60_000).toISOString() }, now);
    await storage.redeemEnrolmentCode(`code-${deviceId}`, { deviceId, name: 'Lead laptop', publicKey: JSON.stringify(publicKey), tokenHash: `hash-${deviceId}` }, now);
  } finally {
    await storage.close();
  }
}

function writeFolder(files: readonly ExportFile[]): string {
  const folder = path.join(directory, `export-${++exportCount}`);
  mkdirSync(folder);
  for (const file of files) writeFileSync(path.join(folder, file.name), file.bytes);
  return folder;
}

beforeAll(async () => {
  expect((await run(['init', '--db', database])).code).toBe(0);
  expect((await run(['users', 'add', 'lead-1', '--name', 'Lead One', '--role', 'lead', '--db', database])).code).toBe(0);
  leadKeys = await sampleDeviceKeys();
  await registerDevice('device-lead-1', leadKeys.publicKey);
  await registerDevice('device-other', (await sampleDeviceKeys()).publicKey);
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('casedesk-server verify-export', () => {
  it('passes on an export as the lead device wrote it', async () => {
    const { files, manifest } = await buildSignedExport(sampleExportInput(), leadKeys.signingKey);
    const result = await run(['verify-export', writeFolder(files), '--db', database]);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out[0]).toBe(`Export ${manifest.exportId} verified: 3 files match their SHA-256 and the manifest is signed by device device-lead-1.`);
  });

  it('passes on a findings export, and names findings.csv once it is altered', async () => {
    const { files, manifest } = await buildFindingsExport(
      {
        ...sampleExportInput(),
        outcomes: [1, 2, 3].map((index) => ({
          caseId: `case-${index}`,
          batchId: 'batch-a',
          borough: 'Northam',
          periodStart: '2010-01-01',
          periodEnd: '2011-01-01',
          reviewerId: 'alice',
          status: 'approved' as const,
          templateId: 'cse-review',
          templateVersion: 1,
          answers: { urgency: index === 1 ? 'immediate' : 'routine' },
        })),
        templates: [{ templateId: 'cse-review', version: 1, definition: DEFAULT_CSE_REVIEW_TEMPLATE }],
        batchNames: new Map([['batch-a', 'North 1']]),
        filter: NO_FINDINGS_FILTER,
      },
      leadKeys.signingKey,
    );
    const passed = await run(['verify-export', writeFolder(files), '--db', database]);
    expect(passed.err).toEqual([]);
    expect(passed.out).toEqual([
      `Export ${manifest.exportId} verified: 3 files match their SHA-256 and the manifest is signed by device device-lead-1.`,
      `Created ${manifest.createdAt} by lead lead-1; findings over 3 outcomes from 1 batch.`,
    ]);
    const altered = files.map((file) => (file.name === 'findings.csv' ? { ...file, bytes: new TextEncoder().encode('forged') } : file));
    const failed = await run(['verify-export', writeFolder(altered), '--db', database]);
    expect(failed.code).toBe(1);
    expect(failed.err.some((line) => line.includes('findings.csv does not match its SHA-256'))).toBe(true);
  });

  it('fails naming outcomes.csv after one byte of it changes', async () => {
    const { files } = await buildSignedExport(sampleExportInput(), leadKeys.signingKey);
    const folder = writeFolder(files);
    const csvPath = path.join(folder, 'outcomes.csv');
    const bytes = readFileSync(csvPath);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x20;
    writeFileSync(csvPath, bytes);
    const result = await run(['verify-export', folder, '--db', database]);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      'FAIL: outcomes.csv does not match its SHA-256 in the manifest: it was altered',
      'casedesk-server verify-export: the export did not verify (1 problem)',
    ]);
    expect(result.out).toEqual([]);
  });

  it('fails on a manifest signed by another device', async () => {
    const stranger = await sampleDeviceKeys();
    const { files } = await buildSignedExport(sampleExportInput(), stranger.signingKey);
    const result = await run(['verify-export', writeFolder(files), '--db', database]);
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(/^FAIL: the manifest's signature is not valid for device device-lead-1's registered key/);

    // Claiming another registered device does not help: the key must be that device's.
    const claimed = await buildSignedExport(sampleExportInput(undefined, { device: { deviceId: 'device-other', deviceName: 'x' } }), leadKeys.signingKey);
    const claimedResult = await run(['verify-export', writeFolder(claimed.files), '--db', database]);
    expect(claimedResult.code).toBe(1);
    expect(claimedResult.err[0]).toMatch(/not valid for device device-other's registered key/);
  });

  it('fails on a device the endpoint never registered, a half-written folder and a stranger file', async () => {
    const unregistered = await buildSignedExport(sampleExportInput(undefined, { device: { deviceId: 'device-unknown', deviceName: 'x' } }), leadKeys.signingKey);
    const unknown = await run(['verify-export', writeFolder(unregistered.files), '--db', database]);
    expect(unknown.err[0]).toBe('FAIL: the signing device device-unknown is not registered with this endpoint');

    const { files } = await buildSignedExport(sampleExportInput(), leadKeys.signingKey);
    const half = await run(['verify-export', writeFolder(files.slice(0, 2)), '--db', database]);
    expect(half.code).toBe(1);
    expect(half.err[0]).toBe('FAIL: manifest.json is missing: this is not a complete CaseDesk export');

    const extra = writeFolder(files);
    symlinkSync('/etc/passwd', path.join(extra, 'link\u001b[2J'));
    const withExtra = await run(['verify-export', extra, '--db', database]);
    expect(withExtra.code).toBe(1);
    expect(withExtra.err[0]).toBe('FAIL: "link\\u001b[2J" is not part of the export');
  });

  it('says so when the folder is not there', async () => {
    const result = await run(['verify-export', path.join(directory, 'nothing-here'), '--db', database]);
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(/^casedesk-server verify-export: cannot read the folder .*nothing-here \(ENOENT\)$/);
  });
});
