import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Which Chromium the harness, the end-to-end tests and the bench drive, in
 * order: the one named by CASEDESK_CHROMIUM; Playwright's own download; the
 * system's. `ensure-chromium.ts` fetches one where none is found.
 */

/** Where Linux distributions put Chromium or Chrome. */
export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
] as const;

/** Flags that keep Chromium from phoning home (a closed network refuses it anyway). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type ChromiumSource = 'CASEDESK_CHROMIUM' | 'playwright' | 'system';

export type ChromiumSearch =
  | { readonly found: true; readonly path: string; readonly source: ChromiumSource }
  | {
      readonly found: false;
      /** CASEDESK_CHROMIUM named a file that does not exist: nothing else is tried, the name is a choice. */
      readonly namedButMissing: string | null;
      readonly looked: readonly string[];
    };

/** What the search reads from the machine, injectable for tests. */
export interface ChromiumProbe {
  readonly namedPath: string | undefined;
  readonly exists: (path: string) => boolean;
  /** Where Playwright keeps (or would keep) its own Chromium; null where it has none for this platform. */
  readonly playwrightPath: () => string | null;
}

export function machineChromiumProbe(): ChromiumProbe {
  return {
    namedPath: process.env.CASEDESK_CHROMIUM || undefined,
    exists: existsSync,
    playwrightPath: () => {
      try {
        return chromium.executablePath() || null;
      } catch {
        return null;
      }
    },
  };
}

export function findChromium(probe: ChromiumProbe = machineChromiumProbe()): ChromiumSearch {
  if (probe.namedPath) {
    return probe.exists(probe.namedPath)
      ? { found: true, path: probe.namedPath, source: 'CASEDESK_CHROMIUM' }
      : { found: false, namedButMissing: probe.namedPath, looked: [probe.namedPath] };
  }
  const looked: string[] = [];
  const playwrightPath = probe.playwrightPath();
  if (playwrightPath) {
    if (probe.exists(playwrightPath)) return { found: true, path: playwrightPath, source: 'playwright' };
    looked.push(playwrightPath);
  }
  for (const candidate of SYSTEM_CHROMIUM_PATHS) {
    if (probe.exists(candidate)) return { found: true, path: candidate, source: 'system' };
    looked.push(candidate);
  }
  return { found: false, namedButMissing: null, looked };
}

export function describeMissingChromium(search: Extract<ChromiumSearch, { found: false }>): string {
  if (search.namedButMissing) {
    return `CASEDESK_CHROMIUM names ${search.namedButMissing}, which does not exist. Point it at a Chromium binary, or unset it.`;
  }
  return [
    `No Chromium found (looked at ${search.looked.join(', ')}).`,
    'Run `npx tsx test/harness/ensure-chromium.ts` to fetch one (Playwright\'s download, or Debian\'s',
    '`chromium` package as root), install Chromium with your package manager, or point CASEDESK_CHROMIUM at one.',
  ].join('\n');
}

/** The Chromium to launch; throws the advice where there is none (`ensureChromium` fetches one first). */
export function requireChromium(probe?: ChromiumProbe): string {
  const search = findChromium(probe);
  if (!search.found) throw new Error(describeMissingChromium(search));
  return search.path;
}
