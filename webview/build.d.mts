import type { BuildOptions } from 'esbuild';

/** Build options of the webview bundles (see build.mjs). */
export declare function webviewBuilds(common: BuildOptions, outdir?: string): BuildOptions[];
