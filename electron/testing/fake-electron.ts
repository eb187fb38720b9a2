import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A stand-in for the `electron` module, used only by unit tests through
 * vi.mock('electron'). It records what the real main-process code asks of
 * Electron, so tests can assert the policy itself: window options, session
 * handlers, protocol responses, IPC registrations.
 */

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  contentProtection = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {}
  setContentProtection(enabled: boolean): void {
    this.contentProtection = enabled;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

export class FakeSession extends EventEmitter {
  permissionRequestHandler: Listener | undefined;
  permissionCheckHandler: Listener | undefined;
  devicePermissionHandler: Listener | undefined;
  displayMediaRequestHandler: Listener | undefined;
  spellCheckerEnabled = true;
  beforeRequest: Listener | undefined;
  readonly protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  readonly protocol = {
    handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
      this.protocolHandlers.set(scheme, handler);
    },
  };
  readonly webRequest = {
    onBeforeRequest: (listener: Listener) => {
      this.beforeRequest = listener;
    },
  };
  setPermissionRequestHandler(handler: Listener): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Listener): void {
    this.devicePermissionHandler = handler;
  }
  setDisplayMediaRequestHandler(handler: Listener): void {
    this.displayMediaRequestHandler = handler;
  }
  setSpellCheckerEnabled(enabled: boolean): void {
    this.spellCheckerEnabled = enabled;
  }
}

export function createFakeElectron() {
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    singleInstanceLockGranted: true,
    quitCalls: 0,
    exitCodes: [] as number[],
    /** Switches Electron's own parser holds; tests add to it before main loads. */
    switches: new Set<string>(),
    commandLine: {
      hasSwitch: (name: string) => app.switches.has(name),
    },
    exit(code = 0) {
      this.exitCodes.push(code);
    },
    getVersion: () => '0.1.0-test',
    /** Main's config folder; nothing is written there unless a test enrols. */
    getPath: (name: string) => path.join(tmpdir(), `casedesk-fake-electron-${process.pid}`, name),
    requestSingleInstanceLock() {
      return this.singleInstanceLockGranted;
    },
    quit() {
      this.quitCalls += 1;
    },
    whenReady: () => ready,
  });
  const ipcHandlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  const privilegedSchemes: unknown[] = [];
  return {
    app,
    markReady: () => resolveReady(),
    BrowserWindow: FakeBrowserWindow,
    session: { defaultSession: new FakeSession() },
    privilegedSchemes,
    protocol: {
      registerSchemesAsPrivileged(schemes: unknown[]) {
        privilegedSchemes.push(...schemes);
      },
    },
    ipcHandlers,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, input: unknown) => unknown) => {
        ipcHandlers.set(channel, handler);
      },
    },
    dialog: {
      errorBoxes: [] as Array<{ title: string; content: string }>,
      showErrorBox(title: string, content: string) {
        this.errorBoxes.push({ title, content });
      },
    },
    powerMonitor: new EventEmitter(),
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (text: string) => Buffer.from(`sealed:${text}`),
      decryptString: (sealed: Buffer) => sealed.toString().replace(/^sealed:/, ''),
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
