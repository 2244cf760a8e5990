// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls', 'tty', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];
const banNode = { group: ['node:*'], message: 'No Node built-ins here: inject what is needed through the host (DESIGN.md).' };
const banNodeNames = nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins here (DESIGN.md).' }));
const banVscode = { name: 'vscode', message: "Only src/extension may import 'vscode'." };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/**', '.bench/**', '.scratch/**', '.vscode-test/**', 'test/fixtures/**', 'test-results/**', '**/*.d.ts', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs', '**/*.mts'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { parserOptions: { project: false, projectService: false, program: null }, globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'readonly', __dirname: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', performance: 'readonly', TextDecoder: 'readonly' } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [banVscode, ...banNodeNames], patterns: [banNode] }] },
  },
  {
    files: ['src/shared/**/*.ts', 'webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [banVscode, ...banNodeNames], patterns: [banNode] }] },
  },
  {
    files: ['src/node/**/*.ts', 'src/cli/**/*.ts', 'src/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [banVscode] }] },
  },
);
