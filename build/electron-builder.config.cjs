// electron-builder configuration. Only the bundled output (dist/) is packed:
// main and preload are esbuild bundles and the renderer is a Vite build, so
// the app carries no node_modules and no native module to rebuild.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.casedesk.desktop',
  productName: 'CaseDesk',
  copyright: 'CaseDesk',
  asar: true,
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  includePdb: false,
  directories: { output: 'release', buildResources: 'build' },
  files: ['package.json', 'dist/electron/**/*', 'dist/renderer/**/*', '!**/node_modules/**', '!**/*.map'],
  extraMetadata: { main: 'dist/electron/main.cjs' },
  afterPack: './build/after-pack-fuses.cjs',
  icon: 'build/icon.png',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    maintainer: 'CaseDesk <support@casedesk.invalid>',
    synopsis: 'Offline review of historical case files',
  },
  deb: { priority: 'optional' },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.productivity', hardenedRuntime: true },
  publish: null,
};
