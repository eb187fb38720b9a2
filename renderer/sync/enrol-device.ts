import type { EnrolResponse } from '../../shared/sync-protocol/enrol';
import { base64ToBytes, bytesToBase64 } from '../vault/byte-encoding';
import type { Vault } from '../vault/vault';
import type { NetworkPort } from './network-port';
import { SYNC_STATE_IDS, sealSyncState, syncTables, type DeviceCredentials } from './sync-records';

export interface EnrolmentRequest {
  readonly endpointUrl: string;
  readonly code: string;
  readonly deviceName: string;
  readonly spkiPin?: string;
  /** What the OS reports about disk encryption now; recorded with the credentials and in the audit log. */
  readonly diskEncryption?: 'encrypted' | 'not-encrypted' | 'unknown';
}

export type EnrolmentProblem =
  | 'CodeInvalid'
  | 'EndpointNotAllowed'
  | 'EndpointUnreachable'
  | 'CertificateInvalid'
  | 'CertificatePinMismatch'
  | 'EnrolmentCancelled'
  | 'RateLimited'
  | 'EndpointFailed';

export class EnrolmentError extends Error {
  constructor(readonly problem: EnrolmentProblem) {
    super(`Enrolment failed: ${problem}`);
    this.name = 'EnrolmentError';
  }
}

const ENROLMENT_WORDS: Record<EnrolmentProblem, string> = {
  CodeInvalid: 'That code was not accepted. Codes work once and for 24 hours: ask your administrator for a new one.',
  EndpointNotAllowed: 'That address cannot be used. It must start with https:// (http:// only on this computer itself).',
  EndpointUnreachable: 'The central endpoint could not be reached. Check the address and the network, then try again.',
  CertificateInvalid: "The endpoint's security certificate is not trusted. Do not continue; tell your administrator.",
  CertificatePinMismatch: "The endpoint's certificate is not the one expected. Do not continue; tell your administrator.",
  EnrolmentCancelled: 'Enrolment was cancelled: this device stays with its current endpoint.',
  RateLimited: 'Too many attempts from this computer. Wait a minute, then try again.',
  EndpointFailed: 'The endpoint could not complete the enrolment. Try again later.',
};

export function describeEnrolmentProblem(error: unknown): string {
  return error instanceof EnrolmentError ? ENROLMENT_WORDS[error.problem] : ENROLMENT_WORDS.EndpointFailed;
}

/**
 * Enrols this device: a fresh ECDSA P-256 signing key pair (for signed exports
 * later), the public half to the endpoint, and the credentials sealed in the
 * vault together with a reset pull cursor (a new endpoint starts from the
 * beginning).
 */
export async function enrolDevice(vault: Vault, network: NetworkPort, request: EnrolmentRequest, now: () => number = Date.now): Promise<DeviceCredentials> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const publicKey = { kty: 'EC' as const, crv: 'P-256' as const, x: publicJwk.x!, y: publicJwk.y! };

  const result = await network.enrol({
    endpointUrl: request.endpointUrl,
    ...(request.spkiPin ? { spkiPin: request.spkiPin } : {}),
    request: { code: request.code, deviceName: request.deviceName, publicKey },
  });
  if (!result.ok) throw new EnrolmentError(transportProblem(result.error.code));
  const answer = result.value;
  if (answer.kind === 'api-error') {
    if (answer.code === 'enrolment_code_invalid' || answer.code === 'validation_failed') throw new EnrolmentError('CodeInvalid');
    if (answer.code === 'rate_limited') throw new EnrolmentError('RateLimited');
    throw new EnrolmentError('EndpointFailed');
  }
  const enrolled: EnrolResponse = answer.body;
  const credentials: DeviceCredentials = {
    origin: result.value.origin,
    deviceId: enrolled.deviceId,
    userId: enrolled.userId,
    role: enrolled.role,
    token: enrolled.token,
    deviceName: request.deviceName,
    publicKey,
    signingKeyPkcs8: bytesToBase64(pkcs8),
    enrolledAt: new Date(now()).toISOString(),
    ...(request.diskEncryption ? { diskEncryptionAtEnrolment: request.diskEncryption } : {}),
  };
  pkcs8.fill(0);
  const tables = syncTables(vault);
  await vault.commit([
    await sealSyncState(tables, SYNC_STATE_IDS.device, credentials),
    await sealSyncState(tables, SYNC_STATE_IDS.pull, { cursor: null }),
  ]);
  vault.setAuditIdentity({ userId: credentials.userId, deviceId: credentials.deviceId });
  if (request.diskEncryption) {
    await vault.recordAudit({ kind: 'alteration', detail: `Device enrolled; the OS reports full-disk encryption as: ${request.diskEncryption}.` });
  }
  return credentials;
}

function transportProblem(code: string): EnrolmentProblem {
  switch (code) {
    case 'EndpointNotAllowed':
    case 'EndpointUnreachable':
    case 'CertificateInvalid':
    case 'CertificatePinMismatch':
    case 'EnrolmentCancelled':
      return code;
    case 'InvalidInput':
      return 'EndpointNotAllowed';
    case 'Timeout':
      return 'EndpointUnreachable';
    default:
      return 'EndpointFailed';
  }
}

/** Re-imports the device's signing key, non-extractable, for this unlocked session. */
export async function importSigningKey(credentials: DeviceCredentials): Promise<CryptoKey> {
  const bytes = base64ToBytes(credentials.signingKeyPkcs8);
  try {
    return await crypto.subtle.importKey('pkcs8', bytes, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  } finally {
    bytes.fill(0);
  }
}


