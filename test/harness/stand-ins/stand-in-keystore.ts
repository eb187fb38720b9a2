import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeystoreBackend } from '../../../electron/services/main-services';

const KEY_FILE = 'stand-in-keystore.key';

/** The backend a test names when it needs a keystore that main treats as device-bound. */
export const PRETEND_DEVICE_BOUND_BACKEND = 'stand-in-pretending-device-bound';

/**
 * STAND-IN for Electron safeStorage, for the browser host harness only. It
 * seals with AES-256-GCM under a key kept in a file beside the profile, so
 * it binds nothing to the device. By default it says so: it reports no OS
 * keystore (backend `stand-in`, not available), so a harness vault records
 * `keyBinding: 'none'` and shows "Device binding is off", and
 * `npm run start:browser` never claims a protection it lacks. A test that
 * needs a keystore (bound: PRETEND_DEVICE_BOUND_BACKEND; or e.g.
 * `basic_text`) asks for that backend by name, and the stand-in pretends it.
 */
export class StandInKeystore implements KeystoreBackend {
  private readonly key: Buffer;
  private readonly backend: string;
  private readonly available: boolean;

  constructor(options: { keyDir?: string; pretendBackend?: string } = {}) {
    this.key = options.keyDir ? loadOrCreateKey(options.keyDir) : randomBytes(32);
    this.backend = options.pretendBackend ?? 'stand-in';
    this.available = options.pretendBackend !== undefined;
  }

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  backendName(): string {
    return this.backend;
  }

  encrypt(plain: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
  }
}

function loadOrCreateKey(keyDir: string): Buffer {
  const keyPath = path.join(keyDir, KEY_FILE);
  if (existsSync(keyPath)) return readFileSync(keyPath);
  mkdirSync(keyDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(keyPath, key, { mode: 0o600 });
  return key;
}
