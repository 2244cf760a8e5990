// Build options of the webview bundles, shared by esbuild.mjs, the browser tests and the benchmark.
// Outputs: main.js (the page, an IIFE), elkWorker.js (ELK's layout worker, started from a blob:
// URL, see webview/layout.ts) and style.css (the page chrome, loaded by a <link>).
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/**
 * @param {import('esbuild').BuildOptions} common
 * @param {string} [outdir]
 * @returns {import('esbuild').BuildOptions[]}
 */
export function webviewBuilds(common, outdir = 'dist/webview') {
  const browser = { ...common, platform: 'browser', format: 'iife', target: 'es2022' };
  return [
    { ...browser, entryPoints: [here('./main.ts')], outfile: `${outdir}/main.js` },
    { ...browser, entryPoints: [here('./elkWorker.ts')], outfile: `${outdir}/elkWorker.js` },
    { ...common, entryPoints: [here('./style.css')], outfile: `${outdir}/style.css` },
  ];
}
