import { createIpcHandlerRegistry } from '../../electron/ipc/ipc-handler-registry';
import { createMainHandlers } from '../../electron/ipc/main-handlers';
import { callChannel } from '../../shared/ipc/channels';
import { ipcContract } from '../../shared/ipc/contract';
import type { NetworkPort } from '../../renderer/sync/network-port';
import { createStandInServices, type StandInServices } from '../harness/stand-ins/stand-in-services';

const APP_ORIGIN = 'app://casedesk';

/**
 * `window.casedesk.network` for Node tests of the sync engine: every call goes
 * through the real main-process handler registry (origin check, input schema,
 * the real node:http transport, the enrolled-origin rule), as the browser
 * harness does for the real renderer.
 */
export function createRegistryNetworkPort(options: { mainConfigDir?: string } = {}): { network: NetworkPort; services: StandInServices } {
  const services = createStandInServices({ mainConfigDir: options.mainConfigDir });
  services.dialogs.answerConfirmations(true);
  const registry = createIpcHandlerRegistry(createMainHandlers(services), { appOrigin: APP_ORIGIN });
  const network: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const call of Object.keys(ipcContract.network)) {
    network[call] = (input?: unknown) => registry.invoke(callChannel('network', call), input, { url: `${APP_ORIGIN}/index.html`, isMainFrame: true });
  }
  return { network: network as unknown as NetworkPort, services };
}
