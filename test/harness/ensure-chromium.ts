import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeMissingChromium, findChromium, machineChromiumProbe, type ChromiumProbe, type ChromiumSource } from './chromium';

/**
 * Makes sure a Chromium exists before the end-to-end tests (Playwright's
 * globalSetup) and `npm run start:browser` need one: where the search finds
 * none, fetch one the way this machine allows, saying what is run: first
 * Playwright's own download; then, on Debian or Ubuntu as root, the distro's
 * `chromium` package.
 */

export interface ChromiumFetchMachine {
  readonly probe: ChromiumProbe;
  /** Runs a command with its output shown; resolves to its exit code (non-zero if it cannot start). */
  readonly run: (command: string, args: readonly string[]) => Promise<number>;
  readonly isRoot: boolean;
  /** The text of /etc/os-release, or null where there is none. */
  readonly osRelease: string | null;
  readonly log: (line: string) => void;
}

export type EnsuredChromium = { readonly ok: true; readonly path: string; readonly source: ChromiumSource } | { readonly ok: false; readonly advice: string };

const PLAYWRIGHT_CLI = path.resolve(__dirname, '../../node_modules/@playwright/test/cli.js');

/** `ID` or `ID_LIKE` names Debian or Ubuntu: apt-get and a `chromium` package exist. */
export function isDebianLike(osRelease: string | null): boolean {
  if (!osRelease) return false;
  const ids = [...osRelease.matchAll(/^(?:ID|ID_LIKE)=("?)([^"\n]*)\1$/gm)].flatMap((match) => match[2]!.split(/\s+/));
  return ids.some((id) => id === 'debian' || id === 'ubuntu');
}

export async function ensureChromium(machine: ChromiumFetchMachine): Promise<EnsuredChromium> {
  const first = findChromium(machine.probe);
  if (first.found) return { ok: true, path: first.path, source: first.source };
  // A Chromium named on purpose is not silently replaced by another one.
  if (first.namedButMissing) return { ok: false, advice: describeMissingChromium(first) };

  machine.log(`ensure-chromium: no Chromium found (looked at ${first.looked.join(', ')}).`);
  machine.log('ensure-chromium: fetching Playwright\'s own Chromium: npx playwright install chromium');
  const playwrightExit = await machine.run(process.execPath, [PLAYWRIGHT_CLI, 'install', 'chromium']);
  const afterPlaywright = findChromium(machine.probe);
  if (afterPlaywright.found) return { ok: true, path: afterPlaywright.path, source: afterPlaywright.source };
  machine.log(`ensure-chromium: Playwright's download did not give a usable Chromium (exit ${playwrightExit}).`);

  if (isDebianLike(machine.osRelease)) {
    if (!machine.isRoot) {
      return { ok: false, advice: `${describeMissingChromium(afterPlaywright)}\nOn this Debian/Ubuntu machine: sudo apt-get install -y chromium` };
    }
    machine.log('ensure-chromium: installing the distribution\'s package: apt-get update && apt-get install -y chromium');
    const updateExit = await machine.run('apt-get', ['update']);
    const installExit = updateExit === 0 ? await machine.run('apt-get', ['install', '-y', 'chromium']) : updateExit;
    const afterApt = findChromium(machine.probe);
    if (afterApt.found) return { ok: true, path: afterApt.path, source: afterApt.source };
    machine.log(`ensure-chromium: apt-get did not install Chromium (exit ${installExit}).`);
    return { ok: false, advice: describeMissingChromium(afterApt) };
  }
  return { ok: false, advice: describeMissingChromium(afterPlaywright) };
}

function runShowingOutput(command: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: command === 'apt-get' ? { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } : process.env,
    });
    child.on('error', () => resolve(127));
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

function readOsRelease(): string | null {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return null;
  }
}

export function thisMachine(): ChromiumFetchMachine {
  return {
    probe: machineChromiumProbe(),
    run: runShowingOutput,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    osRelease: readOsRelease(),
    log: (line) => console.log(line),
  };
}

/** Playwright's globalSetup (test/playwright.config.ts): the end-to-end run stops here, plainly, without a Chromium. */
export default async function ensureChromiumBeforeTests(): Promise<void> {
  const ensured = await ensureChromium(thisMachine());
  if (!ensured.ok) throw new Error(ensured.advice);
  console.log(`Chromium for the end-to-end tests: ${ensured.path} (${ensured.source})`);
}

// `npx tsx test/harness/ensure-chromium.ts`: the same step on its own.
if (typeof module !== 'undefined' && require.main === module) {
  ensureChromiumBeforeTests().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
