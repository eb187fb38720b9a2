import type { AppInfo, DemoEnrolment, DiskEncryptionStatus, LockDetectionStatus, OsLockReason } from '../../shared/ipc/contract';
import type { EndpointTransport } from '../network/endpoint-transport';

/**
 * The one seam between main-process logic and Electron-only services. The
 * real shell passes Electron-backed implementations (electron-services.ts);
 * the browser host harness passes named Node stand-ins (test/harness/stand-ins).
 */
export interface MainServices {
  readonly appInfo: () => AppInfo;
  readonly keystore: KeystoreBackend;
  readonly lockEvents: LockEventSource;
  readonly dialogs: DialogService;
  /** The only way main reaches the network: HTTP to the enrolled endpoint. */
  readonly endpointTransport: EndpointTransport;
  /** Main's own folder for its config files: Electron's userData folder; a temp folder in the harness. */
  readonly mainConfigDir: string;
  /** One line for whoever runs the app: never case data, tokens, bodies or URLs with queries. */
  readonly log: (line: string) => void;
  /** The local demo endpoint and code the launcher passed at start (demo-enrolment.ts), or null. */
  readonly demoEnrolment: DemoEnrolment | null;
  /** What the OS says about encryption of the disk under the app's data (os-disk/disk-encryption.ts). */
  readonly diskEncryption: () => Promise<DiskEncryptionStatus>;
}

/** Native dialogs main opens on its own authority, never on the renderer's word alone. */
export interface DialogService {
  /** Asks a yes/no question; resolves true only for an explicit yes (closing the dialog is a no). */
  confirm(question: ConfirmQuestion): Promise<boolean>;
  /** Asks for an existing folder (one may be created in the dialog); resolves its absolute path, or null when closed. */
  chooseFolder(question: FolderQuestion): Promise<string | null>;
}

export interface FolderQuestion {
  readonly title: string;
  readonly buttonLabel: string;
}

export interface ConfirmQuestion {
  readonly title: string;
  readonly message: string;
  readonly detail: string;
  readonly confirmLabel: string;
  readonly cancelLabel: string;
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
