// Lint, including the process boundaries of ARCHITECTURE.md: core and db never import 'electron';
// the renderer never imports Node built-ins, native modules or runtime code from electron/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// Core's areas in layers, lowest first: an area imports its own files and lower layers only, so the
// dependencies point one way (close-out above coding and the analysis; the app, which assembles
// core and dispatches every call, on top). Files at core's root (random.ts, csv.ts) are the floor.
export const CORE_LAYERS = [
  ['audit'],
  ['study'],
  ['auth'],
  ['media'],
  ['blinding'],
  ['assignment', 'coding', 'backup'],
  ['analysis', 'setup'],
  ['reliability'],
  ['fidelity'],
  ['closeout'],
  ['app'],
];

const coreElectron = [{ name: 'electron', message: 'core and db run without Electron: keep Electron in electron/main and electron/preload.' }];
const coreShell = { regex: '(^|/)(\\.\\./)+(electron/)?(main|preload|server|cli)(/|$)', message: 'core may not import the shell.' };

function coreBlocks() {
  const blocks = [
    {
      files: ['electron/core/*.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          { paths: coreElectron, patterns: [coreShell, { regex: '^\\./[a-z]+/', message: "core's root files are the floor: they import no area." }] },
        ],
      },
    },
  ];
  CORE_LAYERS.forEach((layer, rank) => {
    const above = CORE_LAYERS.slice(rank + 1).flat();
    for (const area of layer) {
      const barred = [...above, ...layer.filter((a) => a !== area)];
      const patterns = [coreShell];
      if (barred.length > 0) {
        patterns.push({
          regex: `^(\\.\\./)+(${barred.join('|')})(/|$)`,
          message: `core/${area} imports only lower layers (${CORE_LAYERS.slice(0, rank).flat().join(', ') || 'none'}): CORE_LAYERS in eslint.config.js.`,
        });
      }
      blocks.push({ files: [`electron/core/${area}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { paths: coreElectron, patterns }] } });
    }
  });
  return blocks;
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'tests/.artifacts/**', 'tests/.fixtures/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Storage is the lowest layer: it imports nothing of core or common (its row types are its own).
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'db runs without Electron.' }],
          patterns: [{ group: ['**/electron/**', '../electron/*'], message: 'db imports nothing of electron/ (core, common, main): declare the stored type in db/repositories/types.ts.' }],
        },
      ],
    },
  },
  ...coreBlocks(),
  {
    // The boundary every client shares runs in main, the sandboxed preload and the renderer: zod and
    // itself only (a `node:` import here would break the preload at run time).
    files: ['electron/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod$|zod/|\\.{1,2}/)', message: 'electron/common imports zod and itself only.' },
            { regex: '(^|/)\\.\\./(\\.\\./)*(core|main|preload|server|cli|renderer|db|tests)(/|$)', message: 'electron/common imports zod and itself only.' },
            { regex: '^\\.\\./\\.\\./\\.\\./', message: 'electron/common imports zod and itself only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer has no Node: use the contract API on window.blindfold.' })),
            { name: 'electron', message: 'The renderer talks to main only through window.blindfold.' },
            { name: 'better-sqlite3', message: 'The renderer has no database access.' },
            { name: 'fluent-ffmpeg', message: 'The renderer cannot run ffmpeg.' },
          ],
          patterns: [
            {
              group: ['**/electron/**', '!**/electron/common', '!**/electron/common/**'],
              message: 'The renderer imports only electron/common (the contract), types included.',
            },
            { group: ['**/db/**'], message: 'The renderer has no database access.' },
          ],
        },
      ],
    },
  },
);
