import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './security/content-security-policy';
import { createFakeElectron, FakeBrowserWindow, type FakeElectron } from './testing/fake-electron';
import { ipcContract } from '../shared/ipc/contract';

/**
 * Loads the real electron/main.ts with only the `electron` module replaced,
 * then checks the policy it applies: window preferences, session handlers,
 * the app:// protocol and the IPC registrations.
 */
let electron: FakeElectron;
let window: FakeBrowserWindow;

/** On Linux main runs a D-Bus monitor as a child process; here a fake one the test prints into. */
const monitors: Array<{ args: readonly string[]; stdout: PassThrough }> = [];
const fakeToolDir = mkdtempSync(path.join(tmpdir(), 'casedesk-fake-tools-'));
const savedPath = process.env.PATH;

beforeAll(async () => {
  electron = createFakeElectron();
  vi.doMock('electron', () => electron);
  // What `npm start` passes for its local demo endpoint (the fake app is unpackaged).
  process.env.CASEDESK_DEMO_ENDPOINT = 'http://127.0.0.1:41917';
  process.env.CASEDESK_DEMO_CODE = '0123456789ABCDEF';
  writeFileSync(path.join(fakeToolDir, 'dbus-monitor'), '', { mode: 0o755 });
  process.env.PATH = fakeToolDir;
  vi.doMock('node:child_process', () => ({
    spawn: (_command: string, args: readonly string[]) => {
      const child = Object.assign(new EventEmitter(), { stdout: new PassThrough(), kill: () => true });
      monitors.push({ args, stdout: child.stdout });
      return child;
    },
  }));
  await import('./main');
  electron.markReady();
  await vi.waitFor(() => expect(FakeBrowserWindow.created).toHaveLength(1));
  window = FakeBrowserWindow.created[0]!;
});

afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(fakeToolDir, { recursive: true, force: true });
});

describe('the main window', () => {
  it('is created with every security preference pinned', () => {
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
  });

  it('is kept out of screenshots and screen sharing', () => {
    expect(window.contentProtection).toBe(true);
  });

  it('loads the renderer from app://, never file://', () => {
    expect(window.loadedUrl).toBe('app://casedesk/index.html');
    expect(electron.privilegedSchemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });

  it('takes the single-instance lock', () => {
    expect(electron.app.quitCalls).toBe(0);
    expect(electron.app.listenerCount('second-instance')).toBe(1);
  });
});

describe('web contents created by the app', () => {
  it('deny navigation, redirects, webviews and new windows', () => {
    electron.app.emit('web-contents-created', {}, window.webContents);
    for (const eventName of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      window.webContents.emit(eventName, event, 'https://example.invalid/');
      expect(event.defaultPrevented, eventName).toBe(true);
    }
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.invalid/' })).toEqual({ action: 'deny' });
  });
});

describe('the default session', () => {
  it('denies every permission request and check', async () => {
    const session = electron.session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const decision = await new Promise<boolean>((resolve) =>
        session.permissionRequestHandler?.({}, permission, resolve, {}),
      );
      expect(decision, permission).toBe(false);
      expect(session.permissionCheckHandler?.({}, permission, 'app://casedesk', {})).toBe(false);
    }
    expect(session.devicePermissionHandler?.({})).toBe(false);
    expect(session.spellCheckerEnabled).toBe(false);
  });

  it('cancels every request that is not for the app itself', () => {
    const session = electron.session.defaultSession;
    const decide = (url: string) =>
      new Promise<{ cancel: boolean }>((resolve) => session.beforeRequest?.({ url }, resolve));
    return Promise.all([
      expect(decide('app://casedesk/assets/index.js')).resolves.toEqual({ cancel: false }),
      expect(decide('https://example.invalid/beacon')).resolves.toEqual({ cancel: true }),
      expect(decide('file:///etc/passwd')).resolves.toEqual({ cancel: true }),
      expect(decide('app://casedesk.evil/x')).resolves.toEqual({ cancel: true }),
      expect(decide('ws://127.0.0.1:9/')).resolves.toEqual({ cancel: true }),
    ]);
  });

  it('serves app:// with the strict CSP and refuses other hosts', async () => {
    const handler = electron.session.defaultSession.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    const page = await handler!(new Request('app://casedesk/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|'unsafe-eval'|https?:|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    const other = await handler!(new Request('app://elsewhere/index.html'));
    expect(other.status).toBe(404);
  });
});

describe('IPC registration', () => {
  const appFrame = { senderFrame: { url: 'app://casedesk/index.html', parent: null } };
  const foreignFrame = { senderFrame: { url: 'https://casedesk.example/index.html', parent: null } };
  const appSubFrame = { senderFrame: { url: 'app://casedesk/index.html', parent: appFrame.senderFrame } };
  const goneFrame = { senderFrame: null };

  it('registers exactly one handler per contract call', () => {
    const expected = Object.entries(ipcContract).flatMap(([namespace, calls]) =>
      Object.keys(calls).map((call) => `${namespace}.${call}`),
    );
    expect([...electron.ipcHandlers.keys()].sort()).toEqual(expected.sort());
  });

  it('answers the app, refuses a foreign frame and bad input', async () => {
    const info = electron.ipcHandlers.get('app.info')!;
    await expect(info(appFrame, undefined)).resolves.toMatchObject({ ok: true, value: { host: 'electron' } });
    await expect(info(foreignFrame, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
    await expect(info(appSubFrame, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
    await expect(info(goneFrame, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
    const seal = electron.ipcHandlers.get('keystore.seal')!;
    await expect(seal(appFrame, { secret: 42 })).resolves.toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    await expect(seal(appFrame, { secret: 'c2VjcmV0' })).resolves.toMatchObject({ ok: true });
  });

  it('offers the launcher\'s demo endpoint and code to the app, and drops the code from its environment', async () => {
    const demoEnrolment = electron.ipcHandlers.get('app.demoEnrolment')!;
    await expect(demoEnrolment(appFrame, undefined)).resolves.toEqual({
      ok: true,
      value: { endpointUrl: 'http://127.0.0.1:41917', code: '0123456789ABCDEF', deviceName: 'CaseDesk demo device' },
    });
    expect(process.env.CASEDESK_DEMO_CODE).toBeUndefined();
  });

  it('forwards OS lock and suspend to the window as lock requests', () => {
    window.webContents.sent.length = 0;
    electron.powerMonitor.emit('lock-screen');
    electron.powerMonitor.emit('suspend');
    expect(window.webContents.sent).toEqual([
      { channel: 'app.onLockRequested', payload: { reason: 'os-lock' } },
      { channel: 'app.onLockRequested', payload: { reason: 'suspend' } },
    ]);
  });

  it.runIf(process.platform === 'linux')('on Linux, hears the screensaver on D-Bus, locks, and says detection works', async () => {
    const session = monitors.find((monitor) => monitor.args[0] === '--session');
    expect(session, 'a session-bus monitor was started').toBeDefined();
    const lockDetection = electron.ipcHandlers.get('app.lockDetection')!;
    window.webContents.sent.length = 0;
    session!.stdout.write(
      'signal time=1.5 sender=:1.2 -> destination=(null destination) serial=2 path=/org/gnome/ScreenSaver; interface=org.gnome.ScreenSaver; member=ActiveChanged\n   boolean true\n',
    );
    await vi.waitFor(() => expect(window.webContents.sent).toEqual([{ channel: 'app.onLockRequested', payload: { reason: 'os-lock' } }]));
    await expect(lockDetection(appFrame, undefined)).resolves.toMatchObject({ ok: true, value: { screenLock: 'detected' } });
  });

  it('stops listening for OS locks when the app quits', () => {
    electron.app.emit('will-quit');
    window.webContents.sent.length = 0;
    electron.powerMonitor.emit('lock-screen');
    expect(window.webContents.sent).toEqual([]);
  });
});
