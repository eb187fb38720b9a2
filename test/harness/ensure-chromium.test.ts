import { describe, expect, it } from 'vitest';
import { findChromium, requireChromium, type ChromiumProbe } from './chromium';
import { ensureChromium, isDebianLike, type ChromiumFetchMachine } from './ensure-chromium';

const PLAYWRIGHT_CHROME = '/home/dev/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
const DEBIAN_OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n';
const UBUNTU_OS_RELEASE = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';
const FEDORA_OS_RELEASE = 'NAME="Fedora Linux"\nID=fedora\n';

/**
 * A pretend machine: a set of files that exist, and commands that may add
 * files when they run (as a successful download or install would).
 */
function fakeMachine(options: {
  files?: string[];
  named?: string;
  playwrightPath?: string | null;
  isRoot?: boolean;
  osRelease?: string | null;
  installs?: Record<string, { exit: number; adds?: string }>;
}) {
  const files = new Set(options.files ?? []);
  const ran: string[] = [];
  const log: string[] = [];
  const probe: ChromiumProbe = {
    namedPath: options.named,
    exists: (path) => files.has(path),
    playwrightPath: () => (options.playwrightPath === undefined ? PLAYWRIGHT_CHROME : options.playwrightPath),
  };
  const machine: ChromiumFetchMachine = {
    probe,
    isRoot: options.isRoot ?? false,
    osRelease: options.osRelease ?? null,
    log: (line) => log.push(line),
    run: async (command, args) => {
      const commandLine = [command === process.execPath ? 'node' : command, ...args.map((arg) => (arg.endsWith('cli.js') ? 'playwright' : arg))].join(' ');
      ran.push(commandLine);
      const effect = options.installs?.[commandLine];
      if (effect?.adds) files.add(effect.adds);
      return effect?.exit ?? 1;
    },
  };
  return { machine, probe, ran, log };
}

describe('findChromium', () => {
  it('takes CASEDESK_CHROMIUM first, then Playwright\'s own browser, then the system\'s', () => {
    const all = ['/opt/my-chromium', PLAYWRIGHT_CHROME, '/usr/bin/chromium'];
    expect(findChromium(fakeMachine({ files: all, named: '/opt/my-chromium' }).probe)).toEqual({ found: true, path: '/opt/my-chromium', source: 'CASEDESK_CHROMIUM' });
    expect(findChromium(fakeMachine({ files: all }).probe)).toEqual({ found: true, path: PLAYWRIGHT_CHROME, source: 'playwright' });
    expect(findChromium(fakeMachine({ files: ['/usr/bin/chromium'] }).probe)).toEqual({ found: true, path: '/usr/bin/chromium', source: 'system' });
    expect(findChromium(fakeMachine({ files: ['/usr/bin/google-chrome'], playwrightPath: null }).probe)).toEqual({ found: true, path: '/usr/bin/google-chrome', source: 'system' });
  });

  it('does not fall back when CASEDESK_CHROMIUM names a missing file', () => {
    const search = findChromium(fakeMachine({ files: ['/usr/bin/chromium'], named: '/opt/gone' }).probe);
    expect(search).toEqual({ found: false, namedButMissing: '/opt/gone', looked: ['/opt/gone'] });
    expect(() => requireChromium(fakeMachine({ named: '/opt/gone' }).probe)).toThrow(/CASEDESK_CHROMIUM names \/opt\/gone/);
  });

  it('says where it looked when nothing is found', () => {
    expect(() => requireChromium(fakeMachine({}).probe)).toThrow(new RegExp(`looked at ${PLAYWRIGHT_CHROME}, /usr/bin/chromium, /usr/bin/chromium-browser`));
  });
});

describe('ensureChromium', () => {
  it('fetches nothing where a Chromium exists', async () => {
    const { machine, ran } = fakeMachine({ files: ['/usr/bin/chromium-browser'], isRoot: true, osRelease: DEBIAN_OS_RELEASE });
    expect(await ensureChromium(machine)).toEqual({ ok: true, path: '/usr/bin/chromium-browser', source: 'system' });
    expect(ran).toEqual([]);
  });

  it('tries Playwright\'s download first and stops there when it works', async () => {
    const { machine, ran, log } = fakeMachine({
      isRoot: true,
      osRelease: DEBIAN_OS_RELEASE,
      installs: { 'node playwright install chromium': { exit: 0, adds: PLAYWRIGHT_CHROME } },
    });
    expect(await ensureChromium(machine)).toEqual({ ok: true, path: PLAYWRIGHT_CHROME, source: 'playwright' });
    expect(ran).toEqual(['node playwright install chromium']);
    expect(log.join('\n')).toMatch(/npx playwright install chromium/);
  });

  it('on Debian or Ubuntu as root, installs the chromium package when Playwright\'s download fails', async () => {
    for (const osRelease of [DEBIAN_OS_RELEASE, UBUNTU_OS_RELEASE]) {
      const { machine, ran, log } = fakeMachine({
        isRoot: true,
        osRelease,
        installs: { 'apt-get update': { exit: 0 }, 'apt-get install -y chromium': { exit: 0, adds: '/usr/bin/chromium' } },
      });
      expect(await ensureChromium(machine)).toEqual({ ok: true, path: '/usr/bin/chromium', source: 'system' });
      expect(ran).toEqual(['node playwright install chromium', 'apt-get update', 'apt-get install -y chromium']);
      expect(log.join('\n')).toMatch(/apt-get install -y chromium/);
    }
  });

  it('also reaches apt-get when the download "succeeds" without a usable browser', async () => {
    const { machine, ran } = fakeMachine({
      isRoot: true,
      osRelease: DEBIAN_OS_RELEASE,
      installs: { 'node playwright install chromium': { exit: 0 }, 'apt-get update': { exit: 0 }, 'apt-get install -y chromium': { exit: 0, adds: '/usr/bin/chromium' } },
    });
    expect(await ensureChromium(machine)).toMatchObject({ ok: true, path: '/usr/bin/chromium' });
    expect(ran).toHaveLength(3);
  });

  it('does not install when apt-get update fails, and reports the failure', async () => {
    const { machine, ran } = fakeMachine({ isRoot: true, osRelease: DEBIAN_OS_RELEASE, installs: { 'apt-get update': { exit: 100 } } });
    expect(await ensureChromium(machine)).toMatchObject({ ok: false, advice: expect.stringMatching(/No Chromium found/) });
    expect(ran).toEqual(['node playwright install chromium', 'apt-get update']);
  });

  it('never runs apt-get without root, or off Debian and Ubuntu; it gives advice instead', async () => {
    const notRoot = fakeMachine({ isRoot: false, osRelease: DEBIAN_OS_RELEASE });
    expect(await ensureChromium(notRoot.machine)).toMatchObject({ ok: false, advice: expect.stringMatching(/sudo apt-get install -y chromium/) });
    expect(notRoot.ran).toEqual(['node playwright install chromium']);

    for (const osRelease of [FEDORA_OS_RELEASE, null]) {
      const elsewhere = fakeMachine({ isRoot: true, osRelease });
      expect(await ensureChromium(elsewhere.machine)).toMatchObject({ ok: false, advice: expect.stringMatching(/CASEDESK_CHROMIUM/) });
      expect(elsewhere.ran).toEqual(['node playwright install chromium']);
    }
  });

  it('fetches nothing when CASEDESK_CHROMIUM names a missing file', async () => {
    const { machine, ran } = fakeMachine({ named: '/opt/gone', isRoot: true, osRelease: DEBIAN_OS_RELEASE });
    expect(await ensureChromium(machine)).toMatchObject({ ok: false, advice: expect.stringMatching(/CASEDESK_CHROMIUM names \/opt\/gone/) });
    expect(ran).toEqual([]);
  });
});

describe('isDebianLike', () => {
  it('reads ID and ID_LIKE, quoted or not', () => {
    expect(isDebianLike(DEBIAN_OS_RELEASE)).toBe(true);
    expect(isDebianLike(UBUNTU_OS_RELEASE)).toBe(true);
    expect(isDebianLike('ID=linuxmint\nID_LIKE="ubuntu debian"\n')).toBe(true);
    expect(isDebianLike(FEDORA_OS_RELEASE)).toBe(false);
    expect(isDebianLike('ID=debianish\n')).toBe(false);
    expect(isDebianLike(null)).toBe(false);
  });
});
