/**
 * Entry of the layout Web Worker (bundled to dist/webview/elkWorker.js and started from a blob:
 * URL, see layout.ts). ELK's GWT build registers its own message handler on `self` when it
 * finds itself in a worker (no `document`), speaking the protocol ElkClient uses.
 */
import 'elkjs/lib/elk-worker.min.js';
