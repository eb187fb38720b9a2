import { z } from 'zod';
import { canonicalJson, type JsonValue } from '../sync-protocol/canonical-json';
import { devicePublicKeySchema, type DevicePublicKey } from '../sync-protocol/enrol';

/**
 * manifest.json: what was disclosed, to whom and why, by which lead on which
 * device, under which QC policy; the SHA-256 of every other file; and an
 * ECDSA P-256 signature by the device key registered at enrolment over the
 * canonical JSON (canonical-json.ts) of everything but the signature. Anyone
 * with the device's public key (the endpoint has it: `casedesk-server
 * verify-export`) can prove the folder is what the lead exported.
 */
export const EXPORT_MANIFEST_FORMAT = 'casedesk-export-manifest';
export const SIGNATURE_ALGORITHM = 'ECDSA-P256-SHA256';

/** The files the manifest hashes: every file of the export but itself. */
export const SIGNED_FILE_NAMES = ['outcomes.csv', 'outcomes.xlsx', 'outcomes.json'] as const;

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');

export const manifestFileSchema = z.strictObject({
  name: z.enum(SIGNED_FILE_NAMES),
  bytes: z.number().int().min(0),
  sha256: sha256HexSchema,
});

export const unsignedManifestSchema = z.strictObject({
  format: z.literal(EXPORT_MANIFEST_FORMAT),
  version: z.literal(1),
  exportId: z.string().min(1).max(64),
  createdAt: z.string().max(40),
  lead: z.strictObject({ userId: z.string().min(1).max(64) }),
  device: z.strictObject({ deviceId: z.string().min(1).max(64), deviceName: z.string().max(100) }),
  recipient: z.string().trim().min(1).max(300),
  justification: z.string().trim().min(1).max(4000),
  batches: z.array(z.strictObject({ batchId: z.string().min(1).max(64), name: z.string().max(300), outcomes: z.number().int().min(0) })).min(1),
  counts: z.strictObject({ outcomes: z.number().int().min(0), approved: z.number().int().min(0), submittedWithoutQc: z.number().int().min(0) }),
  template: z.strictObject({ templateId: z.string().min(1).max(64), templateVersion: z.number().int().min(1) }),
  qcPolicy: z.strictObject({
    requireApproval: z.boolean(),
    sample: z
      .strictObject({
        method: z.enum(['percentage', 'count']),
        value: z.number().min(0),
        seed: z.number().int().min(0).max(0xffffffff),
        drawnCount: z.number().int().min(0),
      })
      .nullable(),
  }),
  files: z.array(manifestFileSchema).length(SIGNED_FILE_NAMES.length),
});

export const exportManifestSchema = unsignedManifestSchema.extend({
  /** Made by the key `device.deviceId` registered at enrolment (the device is named in the signed part). */
  signature: z.strictObject({
    algorithm: z.literal(SIGNATURE_ALGORITHM),
    /** IEEE P1363 (r ‖ s, 64 bytes) as WebCrypto makes it, base64url. */
    value: z.string().regex(/^[A-Za-z0-9_-]{86}$/, '64 bytes, base64url'),
  }),
});

export type UnsignedManifest = z.infer<typeof unsignedManifestSchema>;
export type ExportManifest = z.infer<typeof exportManifestSchema>;

const ECDSA_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

function signedBytes(document: object): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(canonicalJson(document as unknown as JsonValue));
}

export interface DocumentSignature {
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
  readonly value: string;
}

/**
 * Signs any manifest (this one, or a findings export's) the same way: the
 * device's key over the canonical JSON of everything but `signature`.
 */
export async function signJsonDocument<Document extends object>(document: Document, signingKey: CryptoKey): Promise<Document & { signature: DocumentSignature }> {
  const signature = new Uint8Array(await globalThis.crypto.subtle.sign(ECDSA_SIGN, signingKey, signedBytes(document)));
  return { ...document, signature: { algorithm: SIGNATURE_ALGORITHM, value: toBase64Url(signature) } };
}

/** True only when the signature is the device key's over exactly the rest of the document. */
export async function jsonDocumentSignatureValid(document: { readonly signature: DocumentSignature }, publicKey: DevicePublicKey): Promise<boolean> {
  const { signature, ...unsigned } = document;
  const jwk = devicePublicKeySchema.parse(publicKey);
  const key = await globalThis.crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return globalThis.crypto.subtle.verify(ECDSA_SIGN, key, fromBase64Url(signature.value), signedBytes(unsigned));
}

/** Signs with the device's key (SyncEngine.deviceSigningKey: non-extractable, sign only). */
export function signManifest(manifest: UnsignedManifest, signingKey: CryptoKey): Promise<ExportManifest> {
  return signJsonDocument(manifest, signingKey);
}

/** True only when the signature is the device key's over exactly this manifest. */
export function manifestSignatureValid(manifest: ExportManifest, publicKey: DevicePublicKey): Promise<boolean> {
  return jsonDocumentSignatureValid(manifest, publicKey);
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
