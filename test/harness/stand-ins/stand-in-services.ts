import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MainServices } from '../../../electron/services/main-services';
import { createNodeEndpointTransport } from '../../../electron/network/node-endpoint-transport';
import { readDiskEncryptionStatus } from '../../../electron/os-disk/disk-encryption';
import { StandInDialogs } from './stand-in-dialogs';
import type { DemoEnrolment } from '../../../shared/ipc/contract';
import { StandInKeystore } from './stand-in-keystore';
import { StandInLockEvents } from './stand-in-lock-events';

export interface StandInServices extends MainServices {
  readonly keystore: StandInKeystore;
  readonly lockEvents: StandInLockEvents;
  readonly dialogs: StandInDialogs;
}

export interface StandInServiceOptions {
  readonly keystoreDir?: string;
  readonly keystoreBackend?: string;
  /** Main's config folder (the endpoint it enrolled with); a fresh temp folder otherwise. */
  readonly mainConfigDir?: string;
  /** PEM certificates the Node transport trusts beside Node's roots (a test endpoint's self-signed one). */
  readonly trustedCertificates?: readonly string[];
  /** What `app.demoEnrolment` answers (start-browser.ts validates it with the same readDemoEnrolment). */
  readonly demoEnrolment?: DemoEnrolment | null;
}

/**
 * The harness side of the one seam: Electron-only services swapped for Node
 * stand-ins. The endpoint transport is the real node:http(s) one, not a
 * stand-in: the harness talks to a real server the way the shell does.
 */
export function createStandInServices(options: StandInServiceOptions = {}): StandInServices {
  const mainConfigDir = options.mainConfigDir ?? mkdtempSync(path.join(tmpdir(), 'casedesk-main-'));
  return {
    appInfo: () => ({
      name: 'CaseDesk',
      version: process.env.npm_package_version ?? '0.0.0',
      platform: process.platform,
      host: 'browser-harness',
      electronVersion: null,
      isDevelopment: true,
    }),
    keystore: new StandInKeystore({ keyDir: options.keystoreDir, pretendBackend: options.keystoreBackend }),
    lockEvents: new StandInLockEvents(),
    dialogs: new StandInDialogs(),
    endpointTransport: createNodeEndpointTransport({ trustedCertificates: options.trustedCertificates }),
    mainConfigDir,
    log: (line) => console.warn(line),
    demoEnrolment: options.demoEnrolment ?? null,
    // The real reader: it is plain Node, and the profile sits on this machine's disk like userData does.
    diskEncryption: () => readDiskEncryptionStatus(process.platform, mainConfigDir),
  };
}
