import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IpcHandlerError } from '../../shared/ipc/ipc-result';
import { createIpcHandlerRegistry, type IpcHandlers } from './ipc-handler-registry';
import { createMainHandlers } from './main-handlers';
import type { MainServices } from '../services/main-services';

const APP = 'app://casedesk';
const mainConfigDir = mkdtempSync(path.join(tmpdir(), 'casedesk-registry-test-'));

const mainFrame = (url: string | undefined) => ({ url, isMainFrame: true });

function services(overrides: Partial<MainServices['keystore']> = {}): MainServices {
  return {
    appInfo: () => ({
      name: 'CaseDesk',
      version: '1.0.0',
      platform: 'linux',
      host: 'electron',
      electronVersion: '45.0.0',
      isDevelopment: false,
    }),
    keystore: {
      isEncryptionAvailable: () => true,
      backendName: () => 'gnome_libsecret',
      encrypt: (plain) => Buffer.concat([Buffer.from('S'), plain]),
      decrypt: (sealed) => {
        if (sealed[0] !== 'S'.charCodeAt(0)) throw new Error('bad seal: secret bytes here');
        return sealed.subarray(1);
      },
      ...overrides,
    },
    lockEvents: {
      onLockRequested: () => () => undefined,
      detection: () => ({ screenLock: 'unavailable', detail: 'no D-Bus here' }),
    },
    dialogs: { confirm: () => Promise.resolve(false), chooseFolder: () => Promise.resolve(null) },
    endpointTransport: { send: () => Promise.reject(new Error('these tests make no request')) },
    mainConfigDir,
    log: () => undefined,
    demoEnrolment: { endpointUrl: 'http://127.0.0.1:41917', code: '0123456789ABCDEF', deviceName: 'CaseDesk demo device' },
    diskEncryption: () => Promise.resolve({ state: 'not-encrypted', method: null, detail: 'plain disk' }),
  };
}

describe('IPC handler registry', () => {
  const registry = createIpcHandlerRegistry(createMainHandlers(services()), { appOrigin: APP });

  it('answers a good call from the app origin', async () => {
    await expect(registry.invoke('app.info', undefined, mainFrame('app://casedesk/index.html'))).resolves.toEqual({
      ok: true,
      value: expect.objectContaining({ name: 'CaseDesk' }),
    });
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['a lookalike host', 'app://casedesk.evil/index.html'],
    ['credentials in the URL', 'app://attacker@casedesk/index.html'],
    ['another scheme', 'file:///work/dist/renderer/index.html'],
    ['a port', 'app://casedesk:8080/index.html'],
    ['no frame', undefined],
    ['garbage', 'not a url'],
  ])('refuses a sender from %s', async (_label, senderUrl) => {
    const result = await registry.invoke('app.info', undefined, mainFrame(senderUrl));
    expect(result).toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
  });

  it('refuses a sub-frame even at the app origin, before looking at channel or input', async () => {
    const refusals: string[] = [];
    const watched = createIpcHandlerRegistry(createMainHandlers(services()), {
      appOrigin: APP,
      onRefused: (channel, code) => refusals.push(`${channel}:${code}`),
    });
    const subFrame = { url: `${APP}/index.html`, isMainFrame: false };
    await expect(watched.invoke('app.info', undefined, subFrame)).resolves.toEqual({
      ok: false,
      error: { code: 'ForbiddenSender', message: 'IPC call refused: the sender is not the main frame' },
    });
    await expect(watched.invoke('no.such', { junk: true }, subFrame)).resolves.toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
    expect(refusals).toEqual(['app.info:ForbiddenSender', 'no.such:ForbiddenSender']);
  });

  it('answers app.lockDetection from the lock event source', async () => {
    await expect(registry.invoke('app.lockDetection', undefined, mainFrame(`${APP}/`))).resolves.toEqual({
      ok: true,
      value: { screenLock: 'unavailable', detail: 'no D-Bus here' },
    });
  });

  it('refuses bad input with InvalidInput and never echoes it', async () => {
    const secretLooking = 'REF-CANARY-123 not base64!';
    const result = await registry.invoke('keystore.seal', { secret: secretLooking }, mainFrame(`${APP}/`));
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(JSON.stringify(result)).not.toContain('CANARY');
    await expect(registry.invoke('keystore.seal', { secret: 'c2VjcmV0', extra: 1 }, mainFrame(`${APP}/`))).resolves.toMatchObject(
      { ok: false, error: { code: 'InvalidInput' } },
    );
    await expect(registry.invoke('app.info', { anything: true }, mainFrame(`${APP}/`))).resolves.toMatchObject({
      ok: false,
      error: { code: 'InvalidInput' },
    });
  });

  it('refuses an unknown channel', async () => {
    await expect(registry.invoke('shell.openExternal', 'https://x', mainFrame(`${APP}/`))).resolves.toMatchObject({
      ok: false,
      error: { code: 'UnknownChannel' },
    });
  });

  it('passes declared error codes through and hides everything else as Internal', async () => {
    const unsealed = await registry.invoke('keystore.unseal', { sealed: 'AAAA' }, mainFrame(`${APP}/`));
    expect(unsealed).toMatchObject({ ok: false, error: { code: 'KeystoreUnsealFailed' } });
    expect(JSON.stringify(unsealed)).not.toContain('secret bytes');

    const leaky: IpcHandlers = {
      ...createMainHandlers(services()),
      app: {
        ...createMainHandlers(services()).app,
        info: () => {
          throw new IpcHandlerError('NotInTheContract', 'should not pass');
        },
      },
    };
    const strict = createIpcHandlerRegistry(leaky, { appOrigin: APP });
    await expect(strict.invoke('app.info', undefined, mainFrame(`${APP}/`))).resolves.toEqual({
      ok: false,
      error: { code: 'Internal', message: 'IPC call app.info failed inside the main process' },
    });
  });

  it('answers app.demoEnrolment with what main received at launch, to the app only', async () => {
    await expect(registry.invoke('app.demoEnrolment', undefined, mainFrame(`${APP}/index.html`))).resolves.toEqual({
      ok: true,
      value: { endpointUrl: 'http://127.0.0.1:41917', code: '0123456789ABCDEF', deviceName: 'CaseDesk demo device' },
    });
    await expect(registry.invoke('app.demoEnrolment', undefined, mainFrame('https://evil.example/'))).resolves.toMatchObject({
      ok: false,
      error: { code: 'ForbiddenSender' },
    });
  });

  it('reports refusals by channel and code only', async () => {
    const refusals: string[] = [];
    const watched = createIpcHandlerRegistry(createMainHandlers(services()), {
      appOrigin: APP,
      onRefused: (channel, code) => refusals.push(`${channel}:${code}`),
    });
    await watched.invoke('keystore.seal', { secret: '!!' }, mainFrame(`${APP}/`));
    await watched.invoke('app.info', undefined, mainFrame('https://evil.example/'));
    expect(refusals).toEqual(['keystore.seal:InvalidInput', 'app.info:ForbiddenSender']);
  });
});

describe('keystore handlers', () => {
  it('seal and unseal round-trip on a device-bound backend', async () => {
    const registry = createIpcHandlerRegistry(createMainHandlers(services()), { appOrigin: APP });
    const sealed = await registry.invoke('keystore.seal', { secret: 'a2V5' }, mainFrame(`${APP}/`));
    expect(sealed.ok).toBe(true);
    const { sealed: blob } = (sealed as { value: { sealed: string } }).value;
    await expect(registry.invoke('keystore.unseal', { sealed: blob }, mainFrame(`${APP}/`))).resolves.toEqual({
      ok: true,
      value: { secret: 'a2V5' },
    });
  });

  it('refuses to seal with Linux basic_text and says so in status', async () => {
    const registry = createIpcHandlerRegistry(createMainHandlers(services({ backendName: () => 'basic_text' })), {
      appOrigin: APP,
    });
    await expect(registry.invoke('keystore.status', undefined, mainFrame(`${APP}/`))).resolves.toEqual({
      ok: true,
      value: { available: true, backend: 'basic_text', deviceBound: false },
    });
    await expect(registry.invoke('keystore.seal', { secret: 'a2V5' }, mainFrame(`${APP}/`))).resolves.toMatchObject({
      ok: false,
      error: { code: 'KeystoreNotDeviceBound' },
    });
  });

  it('reports an unavailable keystore', async () => {
    const registry = createIpcHandlerRegistry(
      createMainHandlers(services({ isEncryptionAvailable: () => false })),
      { appOrigin: APP },
    );
    await expect(registry.invoke('keystore.seal', { secret: 'a2V5' }, mainFrame(`${APP}/`))).resolves.toMatchObject({
      ok: false,
      error: { code: 'KeystoreUnavailable' },
    });
  });
});
