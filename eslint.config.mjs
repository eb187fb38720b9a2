// Lint keeps the house in order: typescript-eslint's recommended rules, the
// security bans that matter in an Electron app, and the layering rule
// (shared ← electron, renderer, server; electron and renderer never meet).
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const importsFrom = (...layers) =>
  layers.flatMap((layer) => [`**/${layer}/**`, `../${layer}`, `../../${layer}`, `../../../${layer}`]);

const rendererPatterns = [
  { group: importsFrom('electron', 'server', 'test', 'build'), message: 'renderer/ meets main only through the IPC contract in shared/.' },
  { group: ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto', 'net', 'http', 'https'], message: 'renderer/ runs in the browser: no Node built-ins.' },
];
const rendererImports = (...extraPatterns) => ({
  'no-restricted-imports': [
    'error',
    { paths: [{ name: 'electron', message: 'Only electron/ may import Electron.' }], patterns: [...rendererPatterns, ...extraPatterns] },
  ],
});

// Features never import each other (nor the app that composes them): what
// two features share goes to renderer/ui/ (or below), and renderer/app/
// wires them together. Listed from the folder, so a new feature is covered.
const FEATURES = readdirSync(new URL('./renderer/features/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const fromFeature = (feature) => ({
  files: [`renderer/features/${feature}/**/*.{ts,tsx}`],
  rules: rendererImports({
    group: [
      ...FEATURES.filter((other) => other !== feature).flatMap((other) => [`../${other}`, `../${other}/**`, `**/features/${other}`, `**/features/${other}/**`]),
      '../../app', '../../app/**', '**/renderer/app/**',
    ],
    message: `A feature imports no other feature and not the app: share through renderer/ui/ or compose in renderer/app/.`,
  }),
});
const fromSharedUi = {
  files: ['renderer/ui/**/*.{ts,tsx}'],
  rules: rendererImports({
    group: ['../features', '../features/**', '../app', '../app/**', '**/renderer/features/**', '**/renderer/app/**'],
    message: 'renderer/ui/ is shared by features, so it imports none of them (nor the app).',
  }),
};

const layering = (message, ...layers) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: importsFrom(...layers), message }] }],
});

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', '**/node_modules/**', 'test-results/**', 'playwright-report/**', '.casedesk-browser-profile/**', 'server/dist/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { property: 'openExternal', message: 'shell.openExternal must never be reachable from case data.' },
        { property: 'innerHTML', message: 'Build DOM through React; never inject HTML.' },
        { property: 'outerHTML', message: 'Build DOM through React; never inject HTML.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No dangerouslySetInnerHTML.' },
        { selector: "Property[key.name='nodeIntegration'][value.value=true]", message: 'nodeIntegration stays off.' },
        { selector: "Property[key.name='contextIsolation'][value.value=false]", message: 'contextIsolation stays on.' },
        { selector: "Property[key.name='sandbox'][value.value=false]", message: 'sandbox stays on.' },
        { selector: "Property[key.name='webSecurity'][value.value=false]", message: 'webSecurity stays on.' },
      ],
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only electron/ may import Electron.' }],
          patterns: [
            { group: importsFrom('electron', 'renderer', 'server', 'test', 'build'), message: 'shared/ imports nothing of ours: it is the bottom layer.' },
            { group: ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto', 'net', 'http', 'https'], message: 'shared/ runs in the browser too: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: rendererImports(),
  },
  ...FEATURES.map(fromFeature),
  fromSharedUi,
  {
    files: ['electron/**/*.{ts,tsx}'],
    rules: layering('electron/ meets the renderer only through the IPC contract in shared/.', 'renderer', 'server', 'test', 'build'),
  },
  {
    files: ['server/**/*.{ts,tsx}'],
    rules: layering('server/ imports only shared/.', 'electron', 'renderer', 'test', 'build'),
  },
  {
    // electron-builder loads its config and hooks as CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.test.{ts,tsx}', 'test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
