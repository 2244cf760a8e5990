// Bundles every face of Tracespine. `node esbuild.mjs [--watch] [--production]`.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { webviewBuilds } from './webview/build.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

const builds = [
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/server/main.ts'],
    outfile: 'dist/server.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The reading thread of the CLI's and the server's file-system host (src/node/readAhead.ts).
  {
    ...common,
    entryPoints: ['src/node/readWorker.ts'],
    outfile: 'dist/readWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  ...webviewBuilds(common), // webview/main.ts, webview/elkWorker.ts, webview/style.css -> dist/webview/
].filter((b) => existsSync(b.entryPoints[0]));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  // The CLI's code cache (bin/loadBundle.cjs), made by a Node without flags as the CLI runs.
  // (A watch build leaves the old cache, which no longer matches the bundle and is ignored.)
  const cache = spawnSync(process.execPath, ['bin/loadBundle.cjs', '--write-cache'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (cache.status !== 0) process.exitCode = 1;
}
