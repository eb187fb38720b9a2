import { EXPORT_FILE_NAMES } from '../ipc/files-contract';
import type { DevicePublicKey } from '../sync-protocol/enrol';
import { exportManifestSchema, manifestSignatureValid, sha256Hex, type ExportManifest } from './export-manifest';

/**
 * Checks an export as found on disk: the manifest parses, every file it
 * lists is there with its size and SHA-256, nothing else is there, and the
 * signature is the registered device key's. Every problem is named; none
 * quotes a file's content.
 */
export type ExportProblem =
  | { readonly kind: 'ManifestMissing' }
  | { readonly kind: 'ManifestMalformed' }
  | { readonly kind: 'FileMissing'; readonly file: string }
  | { readonly kind: 'FileAltered'; readonly file: string }
  | { readonly kind: 'UnexpectedFile'; readonly file: string }
  | { readonly kind: 'DeviceUnknown'; readonly deviceId: string }
  | { readonly kind: 'SignatureInvalid'; readonly deviceId: string };

export interface ExportVerification {
  readonly manifest: ExportManifest | null;
  readonly problems: readonly ExportProblem[];
}

export async function verifyExportFiles(
  files: ReadonlyMap<string, Uint8Array<ArrayBuffer>>,
  publicKeyOf: (deviceId: string) => Promise<DevicePublicKey | null>,
): Promise<ExportVerification> {
  const problems: ExportProblem[] = [];
  for (const name of files.keys()) {
    if (!(EXPORT_FILE_NAMES as readonly string[]).includes(name)) problems.push({ kind: 'UnexpectedFile', file: name });
  }
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes) return { manifest: null, problems: [{ kind: 'ManifestMissing' }, ...problems] };
  let manifest: ExportManifest;
  try {
    manifest = exportManifestSchema.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes)));
  } catch {
    return { manifest: null, problems: [{ kind: 'ManifestMalformed' }, ...problems] };
  }
  for (const listed of manifest.files) {
    const bytes = files.get(listed.name);
    if (!bytes) problems.push({ kind: 'FileMissing', file: listed.name });
    else if (bytes.byteLength !== listed.bytes || (await sha256Hex(bytes)) !== listed.sha256) problems.push({ kind: 'FileAltered', file: listed.name });
  }
  const listedNames = new Set<string>(manifest.files.map((file) => file.name));
  for (const name of files.keys()) {
    if (name !== 'manifest.json' && !listedNames.has(name) && (EXPORT_FILE_NAMES as readonly string[]).includes(name)) {
      problems.push({ kind: 'UnexpectedFile', file: name });
    }
  }
  const deviceId = manifest.device.deviceId;
  const publicKey = await publicKeyOf(deviceId);
  if (!publicKey) problems.push({ kind: 'DeviceUnknown', deviceId });
  else if (!(await manifestSignatureValid(manifest, publicKey))) problems.push({ kind: 'SignatureInvalid', deviceId });
  return { manifest, problems };
}

/** One line per problem, for the CLI and the app alike. */
export function describeExportProblem(problem: ExportProblem): string {
  switch (problem.kind) {
    case 'ManifestMissing':
      return 'manifest.json is missing: this is not a complete CaseDesk export';
    case 'ManifestMalformed':
      return 'manifest.json is not a CaseDesk export manifest (damaged or altered)';
    case 'FileMissing':
      return `${problem.file} is listed in the manifest but missing`;
    case 'FileAltered':
      return `${problem.file} does not match its SHA-256 in the manifest: it was altered`;
    case 'UnexpectedFile':
      // Named as JSON: a stranger's file name may hold control characters.
      return `${JSON.stringify(problem.file)} is not part of the export`;
    case 'DeviceUnknown':
      return `the signing device ${problem.deviceId} is not registered with this endpoint`;
    case 'SignatureInvalid':
      return `the manifest's signature is not valid for device ${problem.deviceId}'s registered key: the manifest was altered or signed by another device`;
  }
}
