import type { KeystoreStatus } from '../../shared/ipc/contract';
import { mainBridge, unwrapMainCall } from '../platform/main-bridge';

/**
 * The OS keystore as the vault sees it: seals the already passphrase-wrapped
 * vault key a second time, so a copied profile is useless off this device.
 */
export interface DeviceKeystore {
  status(): Promise<KeystoreStatus>;
  seal(secretBase64: string): Promise<string>;
  unseal(sealed: string): Promise<string>;
}

/** The app's keystore: Electron safeStorage in main, reached through the IPC contract. */
export const mainProcessKeystore: DeviceKeystore = {
  status: () => unwrapMainCall(mainBridge().keystore.status()),
  seal: async (secret) => (await unwrapMainCall(mainBridge().keystore.seal({ secret }))).sealed,
  unseal: async (sealed) => (await unwrapMainCall(mainBridge().keystore.unseal({ sealed }))).secret,
};
