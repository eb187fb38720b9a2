import 'fake-indexeddb/auto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIpcHandlerRegistry } from '../../electron/ipc/ipc-handler-registry';
import { createMainHandlers } from '../../electron/ipc/main-handlers';
import { writeSignedExport, type ExportProgress, type FilesPort } from '../../renderer/features/lead-export/write-signed-export';
import { MainCallError } from '../../renderer/platform/main-bridge';
import { makeTestVault } from '../../renderer/vault/vault-test-support';
import type { Vault } from '../../renderer/vault/vault';
import { callChannel } from '../../shared/ipc/channels';
import { filesContract } from '../../shared/ipc/files-contract';
import { sampleDeviceKeys, sampleExportInput } from '../../shared/lead-export/testing/sample-export';
import { verifyExportFiles } from '../../shared/lead-export/verify-export-files';
import { createStandInServices, type StandInServices } from '../harness/stand-ins/stand-in-services';

/**
 * The renderer's export step over the real `files` handlers behind the real
 * IPC registry (as the browser harness bridges them), with the stand-in
 * folder dialog answering for the lead.
 */
const APP_ORIGIN = 'app://casedesk';
let parentDir: string;
let services: StandInServices;
let files: FilesPort;
let vault: Vault;

beforeEach(async () => {
  parentDir = mkdtempSync(path.join(tmpdir(), 'casedesk-lead-export-'));
  services = createStandInServices();
  const registry = createIpcHandlerRegistry(createMainHandlers(services), { appOrigin: APP_ORIGIN });
  const port: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const call of Object.keys(filesContract)) {
    port[call] = (input?: unknown) => registry.invoke(callChannel('files', call), input, { url: `${APP_ORIGIN}/index.html`, isMainFrame: true });
  }
  files = port as unknown as FilesPort;
  vault = makeTestVault().vault;
  await vault.create('correct horse battery staple');
  vault.setAuditIdentity({ userId: 'lead-1', deviceId: 'device-lead-1' });
});
afterEach(() => {
  rmSync(parentDir, { recursive: true, force: true });
  rmSync(services.mainConfigDir, { recursive: true, force: true });
});

async function disclosures() {
  return (await vault.readAuditLog()).filter((event) => event.kind === 'disclosure');
}

describe('writing a signed export through main', () => {
  it('writes a folder that verifies, reports progress, and records the disclosure per batch', async () => {
    services.dialogs.answerFolderChoices(parentDir);
    const keys = await sampleDeviceKeys();
    const input = sampleExportInput();
    const progress: ExportProgress[] = [];
    const written = await writeSignedExport({ vault, files, signingKey: keys.signingKey }, input, (step) => progress.push(step));

    expect(readdirSync(parentDir)).toEqual([path.basename(written.folderPath)]);
    expect(path.basename(written.folderPath)).toBe(`casedesk-export-2026-11-25-${input.exportId}`);
    const found = new Map(readdirSync(written.folderPath).map((name) => [name, new Uint8Array(readFileSync(path.join(written.folderPath, name)))]));
    expect((await verifyExportFiles(found, () => Promise.resolve(keys.publicKey))).problems).toEqual([]);
    expect(progress.map((step) => (step.filesBuilt ? `built:${step.filesBuilt}/3` : `${step.step}:${step.filesWritten}/${step.filesTotal}`))).toEqual([
      'building:0/4',
      'built:1/3',
      'built:2/3',
      'built:3/3',
      'choosing-folder:0/4',
      'writing:0/4',
      'writing:1/4',
      'writing:2/4',
      'writing:3/4',
      'finishing:4/4',
    ]);
    expect(await disclosures()).toEqual([
      expect.objectContaining({ batchId: 'batch-a', userId: 'lead-1', detail: `Export ${input.exportId}: 4 outcomes to ${input.recipient}. Justification: ${input.justification}` }),
      expect.objectContaining({ batchId: 'batch-b', userId: 'lead-1', detail: expect.stringContaining(input.justification) }),
    ]);
  });

  it('a closed folder dialog writes nothing and records no disclosure', async () => {
    const keys = await sampleDeviceKeys();
    const refusal = await writeSignedExport({ vault, files, signingKey: keys.signingKey }, sampleExportInput()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MainCallError);
    expect((refusal as MainCallError).code).toBe('ExportCancelled');
    expect(await disclosures()).toEqual([]);
  });

  it('a failure while writing removes the partial folder and records no disclosure', async () => {
    services.dialogs.answerFolderChoices(parentDir);
    const keys = await sampleDeviceKeys();
    // Main refuses the third file (a full disk, say): it answers with a typed failure.
    const failing: FilesPort = {
      ...files,
      writeExportFile: (input) =>
        input.name === 'outcomes.json'
          ? Promise.resolve({ ok: false, error: { code: 'ExportWriteFailed', message: 'disk full' } })
          : files.writeExportFile(input),
    };
    const refusal = await writeSignedExport({ vault, files: failing, signingKey: keys.signingKey }, sampleExportInput()).catch((error: unknown) => error);
    expect((refusal as MainCallError).code).toBe('ExportWriteFailed');
    expect(readdirSync(parentDir)).toEqual([]);
    expect(await disclosures()).toEqual([]);
  });
});
