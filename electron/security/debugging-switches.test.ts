import { describe, expect, it } from 'vitest';
import { findDebuggingSwitches } from './debugging-switches';

const EXE = '/opt/CaseDesk/casedesk';

describe('findDebuggingSwitches', () => {
  it.each([
    ['--remote-debugging-port=9222', 'remote-debugging-port'],
    ['--remote-debugging-pipe', 'remote-debugging-pipe'],
    ['--remote-debugging-address=0.0.0.0', 'remote-debugging-address'],
    ['--inspect', 'inspect'],
    ['--inspect=127.0.0.1:9229', 'inspect'],
    ['--inspect-brk', 'inspect-brk'],
    ['--inspect-port=0', 'inspect-port'],
    ['--js-flags=--allow-natives-syntax', 'js-flags'],
    // Chromium also reads a single dash.
    ['-remote-debugging-port=9222', 'remote-debugging-port'],
    ['--REMOTE-DEBUGGING-PORT=9222', 'remote-debugging-port'],
  ])('finds %s', (argument, name) => {
    expect(findDebuggingSwitches([EXE, argument], 'linux')).toEqual([name]);
  });

  it('reads Windows spellings: a slash prefix and any case', () => {
    expect(findDebuggingSwitches(['C:\\CaseDesk\\CaseDesk.exe', '/Remote-Debugging-Port=9222'], 'win32')).toEqual(['remote-debugging-port']);
    // On POSIX a leading slash is a path, not a switch.
    expect(findDebuggingSwitches([EXE, '/inspect'], 'linux')).toEqual([]);
  });

  it('finds switches after --, among ordinary ones, and names each once without its value', () => {
    const found = findDebuggingSwitches([EXE, '--no-sandbox-is-not-ours', '--', '--inspect=0.0.0.0:1', '--inspect', '--js-flags=x'], 'linux');
    expect(found).toEqual(['inspect', 'js-flags']);
    expect(found.join(' ')).not.toContain('0.0.0.0');
  });

  it('asks the parsed command line too', () => {
    expect(findDebuggingSwitches([EXE], 'linux', (name) => name === 'remote-debugging-pipe')).toEqual(['remote-debugging-pipe']);
  });

  it('lets an ordinary start through', () => {
    expect(findDebuggingSwitches([EXE], 'linux')).toEqual([]);
    expect(findDebuggingSwitches([EXE, '--enable-logging', 'app://casedesk/', '--lang=en-GB', 'inspect', 'js-flags'], 'linux')).toEqual([]);
    // argv[0] is the executable, whatever it is called.
    expect(findDebuggingSwitches(['--inspect-named-binary'], 'linux')).toEqual([]);
  });
});
