// Type-aware lint for the whole workspace, and the import direction of ../shared/CONVENTIONS.md:
// shared imports nothing of ours; workers and relay import shared; web imports shared and workers.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ours = (...names) => names.map((n) => `@sheaf/${n}`).flatMap((n) => [n, `${n}/*`]);
const folders = (...names) => names.map((n) => `**/${n}/**`);
const direction = (message, ...patterns) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/.tsbuild/**',
      '**/node_modules/**',
      'data/**',
      '**/test-results/**',
      'playwright-report/**',
      'bench/results/**',
      'bench/.probe/**',
      'web/dev-dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.config.ts', '*.config.js', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Named exports only: no export * barrels.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['shared/**'],
    rules: direction(
      'shared/ is the core: it imports nothing of ours and no Node or DOM API.',
      ...ours('workers', 'relay', 'web', 'e2e'),
      ...folders('workers', 'relay', 'web', 'e2e'),
      'node:*',
    ),
  },
  {
    files: ['workers/**'],
    rules: direction(
      'workers/ imports only shared/.',
      ...ours('relay', 'web', 'e2e'),
      ...folders('relay', 'web', 'e2e'),
      'node:*',
    ),
  },
  {
    files: ['relay/**'],
    rules: direction(
      'relay/ imports only shared/.',
      ...ours('workers', 'web', 'e2e'),
      ...folders('workers', 'web', 'e2e'),
    ),
  },
  {
    files: ['web/**'],
    rules: direction(
      'web/ imports shared/ and workers/ only.',
      ...ours('relay', 'e2e'),
      ...folders('relay', 'e2e'),
      'node:*',
    ),
  },
);
