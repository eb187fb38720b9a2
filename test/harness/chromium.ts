import { existsSync } from 'node:fs';

/** Debian's Chromium: Playwright's own browser download cannot run here. */
export const CHROMIUM_PATH = process.env.CASEDESK_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Chromium from phoning home (a closed network refuses it anyway). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function requireChromium(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install Debian's package (apt-get install -y chromium) ` +
        'or point CASEDESK_CHROMIUM at a Chromium binary.',
    );
  }
  return CHROMIUM_PATH;
}
