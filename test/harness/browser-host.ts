import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { createIpcHandlerRegistry, type IpcHandlerRegistry } from '../../electron/ipc/ipc-handler-registry';
import { createMainHandlers } from '../../electron/ipc/main-handlers';
import { eventChannel } from '../../shared/ipc/channels';
import { buildBridgeInitScript, EMIT_FUNCTION, INVOKE_BINDING } from './bridge-init-script';
import { CHROMIUM_ARGS, requireChromium } from './chromium';
import { startRendererServer } from './renderer-server';
import { createStandInServices, type StandInServices } from './stand-ins/stand-in-services';

export const BUILT_RENDERER_DIR = path.resolve(__dirname, '../../dist/renderer');

export interface BrowserHostOptions {
  /** Keep Chromium's profile here (later tests scan it); a fresh temp profile otherwise. */
  readonly userDataDir?: string;
  readonly headless?: boolean;
  readonly rendererDir?: string;
  /**
   * Pretend the OS keystore is this backend (e.g. `basic_text`, or
   * PRETEND_DEVICE_BOUND_BACKEND for a device-bound one). Without it the
   * stand-in reports no keystore: the harness binds nothing to the device.
   */
  readonly keystoreBackend?: string;
}

export interface BrowserHost {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly appOrigin: string;
  readonly appUrl: string;
  readonly userDataDir: string;
  readonly services: StandInServices;
  readonly registry: IpcHandlerRegistry;
  /** Open the app again in a new page of the same profile. */
  reopen(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Runs the built renderer in Debian's Chromium with the real main-process
 * handler registry behind `window.casedesk` (the browser host harness).
 */
export async function launchBrowserHost(options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const executablePath = requireChromium();
  const server = await startRendererServer(options.rendererDir ?? BUILT_RENDERER_DIR);
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'casedesk-profile-'));
  const services = createStandInServices({
    keystoreDir: path.join(path.dirname(userDataDir), `${path.basename(userDataDir)}-keystore`),
    keystoreBackend: options.keystoreBackend,
  });
  const registry = createIpcHandlerRegistry(createMainHandlers(services), { appOrigin: server.origin });

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: options.headless ?? true,
      args: CHROMIUM_ARGS,
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  await context.exposeBinding(INVOKE_BINDING, (source, channel: unknown, input: unknown) =>
    registry.invoke(String(channel), input, source.frame.url()),
  );
  await context.addInitScript({ content: buildBridgeInitScript() });

  const lockChannel = eventChannel('app', 'onLockRequested');
  const unsubscribeLock = services.lockEvents.onLockRequested((reason) => {
    for (const openPage of context.pages()) {
      void openPage
        .evaluate(`window.${EMIT_FUNCTION}(${JSON.stringify(lockChannel)}, ${JSON.stringify({ reason })})`)
        .catch(() => undefined);
    }
  });

  const appUrl = `${server.origin}/index.html`;
  const openApp = async () => {
    const page = await context.newPage();
    await page.goto(appUrl);
    return page;
  };
  const [blank] = context.pages();
  const page = await openApp();
  await blank?.close();

  return {
    page,
    context,
    appOrigin: server.origin,
    appUrl,
    userDataDir,
    services,
    registry,
    reopen: openApp,
    async close() {
      unsubscribeLock();
      await context.close();
      await server.close();
    },
  };
}
