import { findingsManifestSchema, FINDINGS_MANIFEST_FORMAT, type FindingsManifest } from '../findings/findings-manifest';
import { EXPORT_KINDS } from '../ipc/files-contract';
import type { DevicePublicKey } from '../sync-protocol/enrol';
import { exportManifestSchema, jsonDocumentSignatureValid, sha256Hex, type ExportManifest } from './export-manifest';

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
  /** An outcomes export's manifest, or a findings export's (`format` tells which). */
  readonly manifest: ExportManifest | FindingsManifest | null;
  readonly problems: readonly ExportProblem[];
}

export async function verifyExportFiles(
  files: ReadonlyMap<string, Uint8Array<ArrayBuffer>>,
  publicKeyOf: (deviceId: string) => Promise<DevicePublicKey | null>,
): Promise<ExportVerification> {
  const problems: ExportProblem[] = [];
  const manifestBytes = files.get('manifest.json');
  let manifest: ExportManifest | FindingsManifest | null = null;
  if (manifestBytes) {
    try {
      const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes));
      const isFindings = typeof parsed === 'object' && parsed !== null && (parsed as { format?: unknown }).format === FINDINGS_MANIFEST_FORMAT;
      manifest = isFindings ? findingsManifestSchema.parse(parsed) : exportManifestSchema.parse(parsed);
    } catch {
      manifest = null;
    }
  }
  // The files an export of this kind may hold (an outcomes export's when the manifest cannot tell).
  const allowed: readonly string[] = EXPORT_KINDS[manifest?.format === FINDINGS_MANIFEST_FORMAT ? 'findings' : 'outcomes'];
  for (const name of files.keys()) {
    if (!allowed.includes(name)) problems.push({ kind: 'UnexpectedFile', file: name });
  }
  if (!manifestBytes) return { manifest: null, problems: [{ kind: 'ManifestMissing' }, ...problems] };
  if (!manifest) return { manifest: null, problems: [{ kind: 'ManifestMalformed' }, ...problems] };
  for (const listed of manifest.files) {
    const bytes = files.get(listed.name);
    if (!bytes) problems.push({ kind: 'FileMissing', file: listed.name });
    else if (bytes.byteLength !== listed.bytes || (await sha256Hex(bytes)) !== listed.sha256) problems.push({ kind: 'FileAltered', file: listed.name });
  }
  const listedNames = new Set<string>(manifest.files.map((file) => file.name));
  for (const name of files.keys()) {
    if (name !== 'manifest.json' && !listedNames.has(name) && allowed.includes(name)) {
      problems.push({ kind: 'UnexpectedFile', file: name });
    }
  }
  const deviceId = manifest.device.deviceId;
  const publicKey = await publicKeyOf(deviceId);
  if (!publicKey) problems.push({ kind: 'DeviceUnknown', deviceId });
  else if (!(await jsonDocumentSignatureValid(manifest, publicKey))) problems.push({ kind: 'SignatureInvalid', deviceId });
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
