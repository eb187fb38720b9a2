import path from 'node:path';
import { app, BrowserWindow, dialog, protocol, session } from 'electron';
import { APP_ENTRY_URL, APP_HOST, APP_ORIGIN, APP_SCHEME } from './protocol/app-origin';
import { serveRendererFile } from './protocol/serve-renderer-file';
import { findDebuggingSwitches } from './security/debugging-switches';
import { hardenSession, hardenWebContents } from './security/harden-session';
import { buildMainWindowOptions } from './window/main-window-options';
import { createIpcHandlerRegistry } from './ipc/ipc-handler-registry';
import { createMainHandlers } from './ipc/main-handlers';
import { forwardLockEvents, registerIpcHandlers } from './ipc/register-ipc';
import { DEMO_CODE_VARIABLE, readDemoEnrolment } from './services/demo-enrolment';
import { createElectronServices } from './services/electron-services';

const isDevelopment = !app.isPackaged && process.env.CASEDESK_DEV === '1';
const rendererDir = path.join(__dirname, '..', 'renderer');
// Only `npm start` sets these; a packaged app never takes an endpoint from its environment.
const demoEnrolment = app.isPackaged ? null : readDemoEnrolment(process.env);
// The code is a one-time secret: no child process needs to inherit it.
delete process.env[DEMO_CODE_VARIABLE];

/** A debugger attached to the app reads every decrypted record: no window, no vault, exit. */
function refuseToRun(switches: readonly string[]): void {
  const message = `CaseDesk does not run with debugging switches (${switches.map((name) => `--${name}`).join(', ')}). Start it without them.`;
  process.stderr.write(`${message}\n`);
  dialog.showErrorBox('CaseDesk will not start', message);
  app.exit(1);
}

let mainWindow: BrowserWindow | undefined;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(buildMainWindowOptions(path.join(__dirname, 'preload.cjs'), isDevelopment));
  // Windows and macOS keep the window out of screenshots and screen sharing; Linux has no such API.
  window.setContentProtection(true);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

function start(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, isDevelopment);
    session.defaultSession.protocol.handle(APP_SCHEME, (request) => {
      if (new URL(request.url).hostname !== APP_HOST) return new Response('Not found', { status: 404 });
      return serveRendererFile(request.url, rendererDir);
    });

    const services = createElectronServices(isDevelopment, demoEnrolment);
    registerIpcHandlers(createIpcHandlerRegistry(createMainHandlers(services), { appOrigin: APP_ORIGIN }));
    const stopLockEvents = forwardLockEvents(services.lockEvents, () => mainWindow?.webContents);
    // Ends the Linux D-Bus monitor children with the app.
    app.once('will-quit', stopLockEvents);
    mainWindow = createMainWindow();
    mainWindow.on('closed', () => (mainWindow = undefined));
  });
}

// First thing, before any scheme, window or handler exists.
const debuggingSwitches = findDebuggingSwitches(process.argv, process.platform, (name) => app.commandLine.hasSwitch(name));
if (debuggingSwitches.length > 0) {
  refuseToRun(debuggingSwitches);
} else {
  // Must run before `ready`: a standard, secure scheme gets a real origin, so
  // CSP 'self', IndexedDB and workers behave as on https.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
  start();
}
