import type { AppInfo, DemoEnrolment, OsLockReason } from '../../shared/ipc/contract';

/**
 * The one seam between main-process logic and Electron-only services. The
 * real shell passes Electron-backed implementations (electron-services.ts);
 * the browser host harness passes named Node stand-ins (test/harness/stand-ins).
 */
export interface MainServices {
  readonly appInfo: () => AppInfo;
  readonly keystore: KeystoreBackend;
  readonly lockEvents: LockEventSource;
  /** The local demo endpoint and code the launcher passed at start (demo-enrolment.ts), or null. */
  readonly demoEnrolment: DemoEnrolment | null;
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
}
