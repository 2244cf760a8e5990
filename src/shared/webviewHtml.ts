/**
 * The trace-graph webview's HTML: a pure string function shared by the extension host and the
 * browser tests, so that both run the page under the same Content Security Policy.
 *
 * CSP (DESIGN.md, "Webviews"):
 *   default-src 'none'; img-src <cspSource> data:; style-src <cspSource>; font-src <cspSource>;
 *   script-src 'nonce-<nonce>'; [worker-src blob:; connect-src <cspSource>;]
 *
 * - Scripts run only by nonce: one `<script nonce src=scriptUri>`; no inline script, no eval.
 * - Styles only from the extension's own resources (`styleUri`); the web components of
 *   `@vscode-elements/elements` use constructable stylesheets, which need no `'unsafe-inline'`.
 * - The ELK layout worker (used for large graphs): VS Code webviews cannot start a Worker from a
 *   webview resource URI (a different origin), so when `workerUri` is given the page fetches
 *   that bundle from the extension's own resources (`connect-src <cspSource>`) and starts it
 *   from a `blob:` URL (`worker-src blob:`). Without `workerUri` neither directive is emitted
 *   and layout runs on the page's thread.
 * - Initial state goes into an escaped `data-initial-state` attribute, never into a script.
 */

export interface WebviewHtmlOptions {
  /** `webview.cspSource` (in tests: the origin of the local test server). */
  cspSource: string;
  /** A fresh nonce for every render ({@link makeNonce}). */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview/main.js)`. */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview/style.css)`. */
  styleUri: string;
  /** `webview.asWebviewUri(dist/webview/elkWorker.js)`; enables the layout worker. */
  workerUri?: string;
  /**
   * Rendered before any message arrives: a `ToWebviewMessage` (validated in the page like any
   * posted message), e.g. the first `graph` so the panel paints without a round trip.
   */
  initialState?: unknown;
  /** Document title; defaults to "Trace Graph". */
  title?: string;
}

const NONCE_RE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

/** Escapes text for an HTML attribute value in double quotes (and for text content). */
export function escapeHtmlAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/**
 * A CSP source list (normally one source, e.g. `https://*.vscode-cdn.net`) must not be able to
 * add directives or keywords of its own: no `;`, `,` or quotes; tokens split by single spaces.
 */
function checkCspSource(s: string): string {
  const tokens = s.trim().split(/ +/);
  // VS Code's webview.cspSource is `'self' https://*.vscode-cdn.net`: 'self' is the one keyword allowed.
  if (!s.trim() || tokens.some((t) => !t || (t !== "'self'" && /[;,'"\s]/.test(t))))
    throw new Error(`Invalid CSP source: ${JSON.stringify(s)}`);
  return tokens.join(' ');
}

export function buildCsp(opts: Pick<WebviewHtmlOptions, 'cspSource' | 'nonce' | 'workerUri'>): string {
  const src = checkCspSource(opts.cspSource);
  if (!NONCE_RE.test(opts.nonce)) throw new Error('Invalid nonce: use at least 16 base64/base64url characters');
  const directives = [
    "default-src 'none'",
    `img-src ${src} data:`,
    `style-src ${src}`,
    `font-src ${src}`,
    `script-src 'nonce-${opts.nonce}'`,
  ];
  if (opts.workerUri !== undefined) directives.push('worker-src blob:', `connect-src ${src}`);
  return directives.join('; ') + ';';
}

export function renderWebviewHtml(opts: WebviewHtmlOptions): string {
  const csp = buildCsp(opts);
  const a = escapeHtmlAttr;
  const dataAttrs: string[] = [];
  if (opts.workerUri !== undefined) dataAttrs.push(` data-worker-uri="${a(opts.workerUri)}"`);
  if (opts.initialState !== undefined) dataAttrs.push(` data-initial-state="${a(JSON.stringify(opts.initialState))}"`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(opts.styleUri)}">
<title>${a(opts.title ?? 'Trace Graph')}</title>
</head>
<body>
<div id="app"${dataAttrs.join('')}></div>
<script nonce="${a(opts.nonce)}" src="${a(opts.scriptUri)}"></script>
</body>
</html>
`;
}

/** 24 random bytes as base64url (32 characters). Uses the Web Crypto global (browsers, Node ≥ 19): no imports. */
export function makeNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
