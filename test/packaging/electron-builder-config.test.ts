import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';

const requireCjs = createRequire(__filename);
const buildDir = path.resolve(__dirname, '../../build');
const config = requireCjs(path.join(buildDir, 'electron-builder.config.cjs'));
const afterPack = requireCjs(path.join(buildDir, 'after-pack-fuses.cjs'));

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is rejected by that validation when it carries an unknown key (the check can fail)', async () => {
    await expect(validateConfiguration({ ...config, notAnOption: true }, new DebugLogger(false))).rejects.toThrow(
      /notAnOption/,
    );
  });

  it('packs only the bundled output, never rebuilding native modules', () => {
    expect(config).toMatchObject({ appId: expect.any(String), productName: 'CaseDesk', asar: true, npmRebuild: false });
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**/*', 'dist/renderer/**/*', '!**/node_modules/**']));
    expect(config.files.filter((pattern: string) => !pattern.startsWith('!'))).toEqual([
      'package.json',
      'dist/electron/**/*',
      'dist/renderer/**/*',
    ]);
    expect(config.extraMetadata.main).toBe('dist/electron/main.cjs');
  });

  it('targets AppImage + deb, NSIS and dmg, with the icon in build/', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.icon).toBe('build/icon.png');
  });

  it('flips exactly the hardening fuses in afterPack', () => {
    expect(config.afterPack).toBe('./build/after-pack-fuses.cjs');
    expect(typeof afterPack).toBe('function');
    expect(afterPack.FUSES).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });
});
