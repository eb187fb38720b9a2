import type { AppInfo, LockDetectionStatus, OsLockReason } from '../../shared/ipc/contract';

/**
 * The one seam between main-process logic and Electron-only services. The
 * real shell passes Electron-backed implementations (electron-services.ts);
 * the browser host harness passes named Node stand-ins (test/harness/stand-ins).
 */
export interface MainServices {
  readonly appInfo: () => AppInfo;
  readonly keystore: KeystoreBackend;
  readonly lockEvents: LockEventSource;
}

/** What Electron's safeStorage offers, reduced to what CaseDesk uses. */
export interface KeystoreBackend {
  isEncryptionAvailable(): boolean;
  /** Linux: safeStorage's selected backend; elsewhere the platform's keystore name. */
  backendName(): string;
  encrypt(plain: Buffer): Buffer;
  decrypt(sealed: Buffer): Buffer;
}

export interface LockEventSource {
  /** Calls back when the OS screen locks or the machine suspends; returns an unsubscribe. */
  onLockRequested(listener: (reason: OsLockReason) => void): () => void;
  /** Whether an OS screen lock will be heard at all (Linux may have no way to tell). */
  detection(): LockDetectionStatus;
}
