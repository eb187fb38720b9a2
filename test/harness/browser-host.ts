import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { createIpcHandlerRegistry, type IpcHandlerRegistry } from '../../electron/ipc/ipc-handler-registry';
import { createMainHandlers } from '../../electron/ipc/main-handlers';
import type { DemoEnrolment } from '../../shared/ipc/contract';
import { buildIpcEventMessage } from '../../shared/ipc/ipc-event-message';
import { buildBridgeInitScript, EMIT_FUNCTION, INPUT_PART_BINDING, INVOKE_BINDING } from './bridge-init-script';
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
   * Serve the app on this port: IndexedDB belongs to an origin, so a browser
   * relaunched on the same profile must get the same port to find its vault.
   */
  readonly rendererPort?: number;
  /**
   * Pretend the OS keystore is this backend (e.g. `basic_text`, or
   * PRETEND_DEVICE_BOUND_BACKEND for a device-bound one). Without it the
   * stand-in reports no keystore: the harness binds nothing to the device.
   */
  readonly keystoreBackend?: string;
  /** PEM certificates main trusts for the endpoint (a test server's self-signed one). */
  readonly trustedCertificates?: readonly string[];
  /** What `app.demoEnrolment` answers (start:browser's local demo endpoint); null by default. */
  readonly demoEnrolment?: DemoEnrolment | null;
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
  /** SIGKILLs every Chromium process of this profile (a crash or a pulled plug), then stops serving; false if none ran. */
  kill(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Runs the built renderer in Debian's Chromium with the real main-process
 * handler registry behind `window.casedesk` (the browser host harness).
 */
export async function launchBrowserHost(options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const executablePath = requireChromium();
  const server = await startRendererServer(options.rendererDir ?? BUILT_RENDERER_DIR, options.rendererPort);
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'casedesk-profile-'));
  const services = createStandInServices({
    keystoreDir: path.join(path.dirname(userDataDir), `${path.basename(userDataDir)}-keystore`),
    keystoreBackend: options.keystoreBackend,
    // Main's own config (the enrolled endpoint) lives beside the profile, as userData does beside Chromium's.
    mainConfigDir: path.join(path.dirname(userDataDir), `${path.basename(userDataDir)}-main`),
    trustedCertificates: options.trustedCertificates,
    demoEnrolment: options.demoEnrolment ?? null,
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
  // Input and result cross as JSON text: Playwright's own serializer walks an object graph node by node,
  // which made a 500-case pull page cost more in transit than in main. JSON is what IPC payloads are anyway.
  // Parts of large inputs, per frame (a sub-frame cannot add to the main frame's input) and input id,
  // until their call takes them (bridge-init-script.ts).
  const inputParts = new WeakMap<object, Map<string, string[]>>();
  const partsOf = (frame: object) => {
    let parts = inputParts.get(frame);
    if (!parts) inputParts.set(frame, (parts = new Map()));
    return parts;
  };
  await context.exposeBinding(INPUT_PART_BINDING, (source, inputId: unknown, part: unknown) => {
    if (typeof inputId !== 'string' || typeof part !== 'string') return;
    const parts = partsOf(source.frame);
    parts.set(inputId, [...(parts.get(inputId) ?? []), part]);
  });
  await context.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, sentJson: unknown, inputId?: unknown) => {
    let inputJson = sentJson;
    if (typeof inputId === 'string') {
      const parts = partsOf(source.frame);
      inputJson = (parts.get(inputId) ?? []).join('');
      parts.delete(inputId);
    }
    let input: unknown;
    try {
      input = typeof inputJson === 'string' && inputJson !== '' ? JSON.parse(inputJson) : undefined;
    } catch {
      input = inputJson; // not JSON: the registry's schema check refuses it
    }
    const result = await registry.invoke(String(channel), input, { url: source.frame.url(), isMainFrame: source.frame.parentFrame() === null });
    return JSON.stringify(result);
  });
  await context.addInitScript({ content: buildBridgeInitScript() });

  const unsubscribeLock = services.lockEvents.onLockRequested((reason) => {
    const message = buildIpcEventMessage('app', 'onLockRequested', { reason });
    if (!message) return;
    for (const openPage of context.pages()) {
      void openPage
        .evaluate(`window.${EMIT_FUNCTION}(${JSON.stringify(message.channel)}, ${JSON.stringify(message.payload)})`)
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
    async kill() {
      unsubscribeLock();
      let killed = true;
      try {
        execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${userDataDir}`]);
      } catch {
        killed = false; // pkill exits 1 when nothing matched: the browser was already gone.
      }
      await context.close().catch(() => undefined);
      await server.close();
      return killed;
    },
  };
}
