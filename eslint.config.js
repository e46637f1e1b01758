import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'coverage/', 'test-results/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // House rules (../shared/DESIGN.md): the engine runs under plain Node without Electron or the
  // simulators; shared/ is used by both sides, so it holds neither Node nor DOM code; the renderer
  // reaches the engine only through shared/'s API contract.
  {
    files: ['src-main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'engine/ runs under plain Node: no Electron.' }],
          patterns: [
            {
              group: ['**/simulators/**', '**/simulators'],
              message: 'engine/ never imports the simulators.',
            },
            {
              group: ['**/demo/**', '**/electron/**'],
              message: 'engine/ never imports the demo or the Electron layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'shared/ runs in the renderer too: no Node modules.' },
            {
              group: [
                'fs',
                'path',
                'os',
                'crypto',
                'http',
                'https',
                'url',
                'util',
                'events',
                'stream',
                'child_process',
                'better-sqlite3',
                'electron',
              ],
              message: 'shared/ runs in the renderer too: no Node or Electron modules.',
            },
            {
              group: ['react', 'react-dom', 'react-dom/*'],
              message: 'shared/ runs in the engine too: no DOM or React.',
            },
            { group: ['**/src-main/**', '**/src-renderer/**'], message: 'shared/ depends on neither side.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'process',
        'Buffer',
        'require',
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to the main process through the preload bridge only.',
            },
          ],
          patterns: [
            {
              group: ['**/src-main/**', 'node:*'],
              message: 'The renderer reaches the engine only through shared/ (the API contract).',
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
);
