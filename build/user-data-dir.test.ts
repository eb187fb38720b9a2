import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_NAME, userDataDir } from './user-data-dir';

describe('userDataDir', () => {
  it('is the folder Electron uses for CaseDesk on each platform', () => {
    expect(userDataDir({ platform: 'linux', env: {}, homedir: '/home/ana' })).toBe('/home/ana/.config/CaseDesk');
    expect(userDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/srv/ana/config' }, homedir: '/home/ana' })).toBe('/srv/ana/config/CaseDesk');
    expect(userDataDir({ platform: 'darwin', env: {}, homedir: '/Users/ana' })).toBe('/Users/ana/Library/Application Support/CaseDesk');
    expect(userDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, homedir: 'C:\\Users\\ana' })).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\CaseDesk',
    );
  });

  it('falls back where the environment says nothing usable', () => {
    expect(userDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: 'relative/config' }, homedir: '/home/ana' })).toBe('/home/ana/.config/CaseDesk');
    expect(userDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '' }, homedir: '/home/ana' })).toBe('/home/ana/.config/CaseDesk');
    expect(userDataDir({ platform: 'win32', env: {}, homedir: 'C:\\Users\\ana' })).toBe('C:\\Users\\ana\\AppData\\Roaming\\CaseDesk');
  });

  it('uses the product name Electron takes from package.json', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')) as { productName: string };
    expect(APP_NAME).toBe(manifest.productName);
  });
});
