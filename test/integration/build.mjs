// Bundles the integration suite for VS Code's extension host:
//   test/integration/suite/index.ts + test/integration/suite/**/*.test.ts -> dist/test/integration/index.js
// One CommonJS file, `vscode` external (the extension host provides it), mocha bundled in so that
// the module does not depend on the extension host's cwd or on where node_modules is.
// `node test/integration/build.mjs [--outfile FILE]`
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteDir = join(root, 'test', 'integration', 'suite');
const i = process.argv.indexOf('--outfile');
const outfile = i > 0 ? resolve(process.argv[i + 1]) : join(root, 'dist', 'test', 'integration', 'index.js');

const testFiles = readdirSync(suiteDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => f.split('\\').join('/'))
  .sort();
if (testFiles.length === 0) {
  console.error(`[build] no *.test.ts files under ${relative(root, suiteDir)}`);
  process.exit(1);
}

// index.ts first: it creates the Mocha instance and defines describe/it before the test files
// evaluate (ES modules are evaluated in import order, which esbuild preserves).
const entry = [`export { run } from './index';`, ...testFiles.map((f) => `import './${f}';`)].join('\n');

const t0 = Date.now();
await esbuild.build({
  stdin: { contents: entry, resolveDir: suiteDir, sourcefile: 'integration-entry.ts', loader: 'ts' },
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  // mocha's parallel mode (never used here) resolves its worker files at run time
  logOverride: { 'require-resolve-not-external': 'silent' },
});
console.error(
  `[build] ${relative(root, outfile)} (${testFiles.length} test file(s): ${testFiles.join(', ')}) in ${Date.now() - t0} ms`,
);
