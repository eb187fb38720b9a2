import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_EXPORT_FILE_BYTES } from '../../../shared/ipc/files-contract';
import { describeExportProblem, verifyExportFiles } from '../../../shared/lead-export/verify-export-files';
import { devicePublicKeySchema, type DevicePublicKey } from '../../../shared/sync-protocol/enrol';
import type { AdminStorage } from '../../storage/storage';
import { CommandFailed, parseOptions, withStorage, type CliIo } from '../cli-io';

export const VERIFY_EXPORT_USAGE =
  'verify-export FOLDER   check a team lead\'s export: every file against its SHA-256 in manifest.json, and the signature against the key its device registered at enrolment';

/**
 * Proves an export folder is what a lead's device wrote: exit 0 only when
 * every file matches and the signature is the registered device key's;
 * otherwise one line per problem naming the file, and exit 1. Nothing of a
 * file's content is printed.
 */
export async function runVerifyExport(args: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseOptions(args, {}, { min: 1, max: 1, names: 'the export folder' });
  const files = readExportFolder(positionals[0]!);
  await withStorage(values, async (storage) => {
    const { manifest, problems } = await verifyExportFiles(files, (deviceId) => registeredPublicKey(storage, deviceId));
    for (const problem of problems) io.err(`FAIL: ${describeExportProblem(problem)}`);
    if (problems.length > 0 || !manifest) {
      throw new CommandFailed(`the export did not verify (${problems.length} problem${problems.length === 1 ? '' : 's'})`);
    }
    const device = await storage.getDevice(manifest.device.deviceId);
    io.out(`Export ${manifest.exportId} verified: ${manifest.files.length} files match their SHA-256 and the manifest is signed by device ${manifest.device.deviceId}.`);
    const what = manifest.format === 'casedesk-findings-manifest' ? `findings over ${manifest.counts.outcomesInScope} outcomes` : `${manifest.counts.outcomes} outcomes`;
    io.out(`Created ${manifest.createdAt} by lead ${manifest.lead.userId}; ${what} from ${manifest.batches.length} batch${manifest.batches.length === 1 ? '' : 'es'}.`);
    // A device revoked later (lost laptop) does not undo what it signed before; the operator should know all the same.
    if (device?.revokedAt) io.out(`Note: device ${device.deviceId} was revoked at ${device.revokedAt}.`);
  });
}

async function registeredPublicKey(storage: AdminStorage, deviceId: string): Promise<DevicePublicKey | null> {
  const text = await storage.getDevicePublicKey(deviceId);
  if (text === null) return null;
  try {
    const parsed = devicePublicKeySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Every entry of the folder (not below it): regular files read whole, anything else kept as an empty stranger so it is named. */
function readExportFolder(folder: string): Map<string, Uint8Array<ArrayBuffer>> {
  let names: string[];
  try {
    if (!lstatSync(folder).isDirectory()) throw new CommandFailed(`${folder} is not a folder`);
    names = readdirSync(folder);
  } catch (error) {
    if (error instanceof CommandFailed) throw error;
    throw new CommandFailed(`cannot read the folder ${folder} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const name of names) {
    const filePath = path.join(folder, name);
    const stat = lstatSync(filePath);
    if (!stat.isFile()) {
      // A link or a folder is never part of an export; an empty stand-in makes it an unexpected or altered file.
      files.set(name, new Uint8Array(0));
      continue;
    }
    if (stat.size > MAX_EXPORT_FILE_BYTES) throw new CommandFailed(`${JSON.stringify(name)} is larger than any export file can be`);
    const bytes = readFileSync(filePath);
    files.set(name, new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as Uint8Array<ArrayBuffer>);
  }
  return files;
}
