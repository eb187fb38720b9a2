import { z } from 'zod';
import { defineCall, defineEvent } from './define-ipc';
import { filesContract } from './files-contract';
import { networkContract } from './network-contract';

/**
 * The whole renderer↔main surface, defined once. The preload, the main-process
 * handler registry and the browser host harness are all generated from this
 * object; nothing else crosses the process boundary.
 */

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  readonly platform: string;
  /** Which host runs the main-process handlers: the real shell or the test harness. */
  readonly host: 'electron' | 'browser-harness';
  readonly electronVersion: string | null;
  readonly isDevelopment: boolean;
}

/**
 * What the `npm start` launcher hands the app for its local demo endpoint, so
 * the enrolment screen can be prefilled. Main validates it (a loopback http
 * URL, a well-formed code) and answers null otherwise, and always in a packaged build.
 */
export interface DemoEnrolment {
  readonly endpointUrl: string;
  readonly code: string;
  readonly deviceName: string;
}

export const LOCK_REASONS = ['os-lock', 'suspend'] as const;
export type OsLockReason = (typeof LOCK_REASONS)[number];

/**
 * Whether the OS screen lock reaches the app, so the vault locks with the
 * screen. Windows and macOS report it to Electron; Linux has no such event, so
 * main listens on D-Bus (logind, the screensaver), which may be missing.
 */
export interface LockDetectionStatus {
  /** `starting`: the D-Bus listeners have not reported yet; ask again shortly. */
  readonly screenLock: 'detected' | 'starting' | 'unavailable';
  /** How it is detected, or why it is not: plain words for the settings screen. */
  readonly detail: string;
}

/** Whether the OS reports the disk under the app's data as encrypted (BitLocker, FileVault, LUKS), where it can tell. */
export interface DiskEncryptionStatus {
  readonly state: 'encrypted' | 'not-encrypted' | 'unknown';
  readonly method: 'luks' | 'filevault' | 'bitlocker' | null;
  /** Plain words for the settings screen. */
  readonly detail: string;
}

export interface KeystoreStatus {
  /** The OS keystore can encrypt at all. */
  readonly available: boolean;
  /** e.g. `gnome_libsecret`, `kwallet5`, `basic_text`, `dpapi`, `keychain`, `stand-in`. */
  readonly backend: string;
  /**
   * True only where the secret is bound to this device and OS user. Linux's
   * `basic_text` backend encrypts with a hard-coded key, so it is never bound.
   */
  readonly deviceBound: boolean;
}

/** Base64 of at most 4 KiB: the keystore seals small secrets (a wrapped key), never case data. */
const MAX_SEALED_SECRET_BASE64 = 8192;
const base64Secret = z
  .string()
  .min(1)
  .max(MAX_SEALED_SECRET_BASE64)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');

export const KEYSTORE_ERROR_CODES = ['KeystoreUnavailable', 'KeystoreNotDeviceBound', 'KeystoreUnsealFailed'] as const;

export const ipcContract = {
  app: {
    info: defineCall<AppInfo>()({ input: z.undefined() }),
    demoEnrolment: defineCall<DemoEnrolment | null>()({ input: z.undefined() }),
    lockDetection: defineCall<LockDetectionStatus>()({ input: z.undefined() }),
    diskEncryption: defineCall<DiskEncryptionStatus>()({ input: z.undefined() }),
  },
  keystore: {
    status: defineCall<KeystoreStatus>()({ input: z.undefined() }),
    seal: defineCall<{ readonly sealed: string }>()({
      input: z.strictObject({ secret: base64Secret }),
      errorCodes: KEYSTORE_ERROR_CODES,
    }),
    unseal: defineCall<{ readonly secret: string }>()({
      input: z.strictObject({ sealed: base64Secret }),
      errorCodes: KEYSTORE_ERROR_CODES,
    }),
  },
  network: networkContract,
  files: filesContract,
} as const;

export const ipcEvents = {
  app: {
    /** The OS screen locked or the machine is suspending: the vault must lock now. */
    onLockRequested: defineEvent(z.strictObject({ reason: z.enum(LOCK_REASONS) })),
  },
} as const;

export type IpcContract = typeof ipcContract;
export type IpcEvents = typeof ipcEvents;
