/**
 * Switches that open a running CaseDesk to another process: Chromium's remote
 * debugging port or pipe (a DevTools session reads every decrypted record),
 * Node's inspector, and V8 flags. The Electron fuses cover NODE_OPTIONS and,
 * in a packaged build, `--inspect`; nothing covers `--remote-debugging-*` or
 * `--js-flags`. So the shell refuses to run at all when it sees one.
 */

/** Names are matched by prefix: `remote-debugging-port`, `-pipe`, `-address`; `inspect`, `inspect-brk`, `inspect-port`. */
const FORBIDDEN_PREFIXES = ['remote-debugging', 'inspect', 'js-flags'] as const;

/** The names Electron's own parser may hold, asked of `app.commandLine.hasSwitch` as well as argv. */
export const KNOWN_DEBUGGING_SWITCHES = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'inspect-publish-uid',
  'js-flags',
] as const;

/**
 * Chromium reads `--name`, `-name` and, on Windows, `/name`, and lower-cases
 * names on Windows; a switch hidden in any of those spellings must still be seen.
 */
function switchName(argument: string, platform: NodeJS.Platform): string | null {
  const prefix = /^--?/.exec(argument)?.[0] ?? (platform === 'win32' && argument.startsWith('/') ? '/' : null);
  if (prefix === null) return null;
  const name = argument.slice(prefix.length).split('=')[0]!;
  return name === '' ? null : name.toLowerCase();
}

/**
 * The debugging switches present, by name only (a value could be anything).
 * argv[0] is the executable; every later argument is checked, even after `--`,
 * because refusing too much costs a restart and refusing too little costs the vault.
 */
export function findDebuggingSwitches(
  argv: readonly string[],
  platform: NodeJS.Platform,
  hasSwitch: (name: string) => boolean = () => false,
): string[] {
  const found = new Set<string>();
  for (const argument of argv.slice(1)) {
    const name = switchName(argument, platform);
    if (name && FORBIDDEN_PREFIXES.some((prefix) => name.startsWith(prefix))) found.add(name);
  }
  for (const name of KNOWN_DEBUGGING_SWITCHES) if (hasSwitch(name)) found.add(name);
  return [...found].sort();
}
