/**
 * Entry of the trace-graph webview (bundled to dist/webview/main.js, loaded by a nonce'd
 * script tag: see src/shared/webviewHtml.ts). Outside VS Code (a plain browser) the host API
 * is replaced by one that logs what the page would send.
 */
import { App } from './app';

function hostApi(): VsCodeApi {
  if (typeof acquireVsCodeApi === 'function') return acquireVsCodeApi();
  let state: unknown;
  return {
    postMessage: (m) => console.info('Tracespine webview →', m),
    getState: () => state,
    setState: (s) => {
      state = s;
    },
  };
}

const root = document.getElementById('app');
if (root) new App(root, hostApi());
