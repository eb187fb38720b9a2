import { IpcHandlerError } from '../../shared/ipc/ipc-result';
import type { KeystoreStatus } from '../../shared/ipc/contract';
import type { IpcHandlers } from './ipc-handler-registry';
import type { KeystoreBackend, MainServices } from '../services/main-services';
import { openEndpointConfigStore } from '../network/endpoint-config-store';
import { createNetworkHandlers } from '../network/network-handlers';
import { createFilesHandlers } from '../files/files-handlers';

/**
 * Linux backends that do not bind a secret to the device: `basic_text` uses a
 * hard-coded password, so a copied profile would open anywhere.
 */
const UNBOUND_KEYSTORE_BACKENDS = new Set(['basic_text', 'unknown']);

export function describeKeystore(keystore: KeystoreBackend): KeystoreStatus {
  const available = keystore.isEncryptionAvailable();
  const backend = keystore.backendName();
  return { available, backend, deviceBound: available && !UNBOUND_KEYSTORE_BACKENDS.has(backend) };
}

function requireDeviceBoundKeystore(keystore: KeystoreBackend): void {
  const status = describeKeystore(keystore);
  if (!status.available) {
    throw new IpcHandlerError('KeystoreUnavailable', 'The OS keystore is not available');
  }
  if (!status.deviceBound) {
    throw new IpcHandlerError(
      'KeystoreNotDeviceBound',
      `The OS keystore backend "${status.backend}" does not bind secrets to this device`,
    );
  }
}

export function createMainHandlers(services: MainServices): IpcHandlers {
  return {
    app: {
      info: () => services.appInfo(),
      demoEnrolment: () => services.demoEnrolment,
      lockDetection: () => services.lockEvents.detection(),
      diskEncryption: () => services.diskEncryption(),
    },
    keystore: {
      status: () => describeKeystore(services.keystore),
      seal: ({ secret }) => {
        requireDeviceBoundKeystore(services.keystore);
        const sealed = services.keystore.encrypt(Buffer.from(secret, 'base64'));
        return { sealed: sealed.toString('base64') };
      },
      unseal: ({ sealed }) => {
        requireDeviceBoundKeystore(services.keystore);
        try {
          return { secret: services.keystore.decrypt(Buffer.from(sealed, 'base64')).toString('base64') };
        } catch {
          throw new IpcHandlerError('KeystoreUnsealFailed', 'The OS keystore could not open the sealed secret');
        }
      },
    },
    network: createNetworkHandlers({
      transport: services.endpointTransport,
      configStore: openEndpointConfigStore(services.mainConfigDir, services.log),
      dialogs: services.dialogs,
    }),
    files: createFilesHandlers({ dialogs: services.dialogs }),
  };
}
