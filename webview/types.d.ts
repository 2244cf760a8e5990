/** The API VS Code injects into webviews (mocked in the browser tests). */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** ELK's GWT-compiled layouter: in a page it exports a same-thread "fake" worker; in a worker it serves `self`. */
declare module 'elkjs/lib/elk-worker.min.js' {
  export class Worker {
    constructor(url?: string);
    postMessage(message: unknown): void;
    onmessage: ((event: { data: unknown }) => void) | null;
  }
}
