// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const banNode = {
  group: ['node:*'],
  message: 'No Node built-ins here: inject what is needed through the host (DESIGN.md).',
};
const banNodeNames = nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins here (DESIGN.md).' }));
const banVscode = { name: 'vscode', message: "Only src/extension may import 'vscode'." };

/** A relative import into room `room` (`../../core/x`, or `../src/core/x` from webview/). */
const roomPattern = (room) => ({
  regex: `^(\\.\\./)+(src/)?${room}(/|$)`,
  message: `Imports point one way (docs/architecture.md): this room may not import src/${room}.`,
});
/** Each room and the rooms it must not import. */
const layers = [
  { files: ['src/core/**/*.ts'], banned: ['node', 'cli', 'server', 'shared', 'extension', 'webview'], builtins: true },
  { files: ['src/shared/**/*.ts'], banned: ['node', 'cli', 'server', 'extension', 'webview'], builtins: true },
  { files: ['webview/**/*.ts'], banned: ['core', 'node', 'cli', 'server', 'extension'], builtins: true },
  { files: ['src/node/**/*.ts'], banned: ['cli', 'server', 'shared', 'extension', 'webview'] },
  { files: ['src/server/**/*.ts'], banned: ['cli', 'extension', 'webview'] },
  { files: ['src/cli/**/*.ts'], banned: ['extension', 'webview'] },
];
const extensionBanned = ['core', 'node', 'cli', 'server', 'webview'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'examples/**',
      '.bench/**',
      '.scratch/**',
      '.vscode-test/**',
      'test/fixtures/**',
      'test-results/**',
      '**/*.d.ts',
      '**/*.generated.ts',
    ],
  },
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
    languageOptions: {
      parserOptions: { project: false, projectService: false, program: null },
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
        TextDecoder: 'readonly',
      },
    },
  },
  // Rooms and the direction of imports (docs/architecture.md): core <- node <- cli/server; shared holds the
  // protocols over core; extension and webview reach the engine only through shared. The CLI may start the server.
  ...layers.map(({ files, banned, builtins }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [banVscode, ...(builtins ? banNodeNames : [])],
          patterns: [...(builtins ? [banNode] : []), ...banned.map(roomPattern)],
        },
      ],
    },
  })),
  {
    files: ['src/extension/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: extensionBanned.map(roomPattern) }] },
  },
);
