// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// Layer rules from design.md: the core never reaches into Electron, React or the shells,
// and the renderer reaches electron/ only through the contract.
const coreForbidden = {
  patterns: [
    {
      group: ['electron', 'react', 'react-dom', 'react-i18next'],
      message: 'electron/core is plain Node: no electron or react.',
    },
    {
      group: ['**/main/**', '**/preload/**', '**/host/**', '**/cli/**', '**/renderer/**'],
      message: 'The core must not import the shells.',
    },
  ],
};
const rendererForbidden = {
  // Regexes, not gitignore globs: a glob 'electron' would match any path with an electron/ folder.
  patterns: [
    {
      regex: '(^|/)electron/(?!core/contract(\\.ts)?$)',
      message: 'The renderer talks to electron/ only through electron/core/contract.',
    },
    {
      regex: '^(node:.*|fs|path|child_process|os|electron)(/.*)?$',
      message: 'The renderer never uses Node APIs.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.bench/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', '.ci/*.mjs', 'electron/cli/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: { console: 'readonly', process: 'readonly' } } },
  { files: ['electron/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', coreForbidden] } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'no-restricted-imports': ['error', rendererForbidden],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
