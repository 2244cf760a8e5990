/**
 * Runs ELK, on the page's thread for small graphs and in a Web Worker for large ones.
 *
 * The worker under a strict CSP: VS Code serves extension files from a different origin than the
 * webview document, and `new Worker(url)` needs a same-origin URL; `importScripts` and `import()`
 * are unavailable in webview workers. So the page fetches the worker bundle
 * (`dist/webview/elkWorker.js`, URL in `data-worker-uri`, allowed by `connect-src <cspSource>`),
 * wraps it in a Blob and starts the worker from its `blob:` URL (allowed by `worker-src blob:`).
 * A blob worker inherits the page's CSP; ELK needs no eval. If anything of that fails the
 * layout runs on the page's thread instead.
 *
 * Both paths speak ELK's own worker protocol (`{id, cmd: 'layout', graph, layoutOptions,
 * options}` → `{id, data}` | `{id, error}`), so the same client code drives either.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import { Worker as SameThreadElk } from 'elkjs/lib/elk-worker.min.js';
import { elkLayoutOptions, LARGE_GRAPH, NODE_HEIGHT, NODE_WIDTH, WORKER_THRESHOLD } from './layering';

/**
 * A small three-layer graph laid out once when the worker starts: it runs ELK's class
 * initialisers and compiles its hot paths before the first real (large) graph arrives, which
 * takes about a fifth off that first layout.
 */
export function warmupGraph(n = 30): ElkNode {
  const sizes = [Math.ceil(n * 0.2), Math.ceil(n * 0.4), Math.ceil(n * 0.4)];
  const children: ElkNode[] = [];
  const layers = sizes.map((count, l) =>
    Array.from({ length: count }, (_, i) => {
      const id = `w${l}_${i}`;
      children.push({ id, width: NODE_WIDTH, height: NODE_HEIGHT, x: 0, y: l * NODE_HEIGHT * 3 });
      return id;
    }),
  );
  const edges: ElkNode['edges'] = [];
  const [a, b, c] = layers as [string[], string[], string[]];
  b.forEach((id, i) => edges.push({ id: `e${edges.length}`, sources: [a[i % a.length]!], targets: [id] }));
  c.forEach((id, i) => {
    edges.push({ id: `e${edges.length}`, sources: [b[(i * 7) % b.length]!], targets: [id] });
    if (i % 3 === 0) edges.push({ id: `e${edges.length}`, sources: [b[(i * 3) % b.length]!], targets: [id] });
  });
  return { id: 'warmup', layoutOptions: elkLayoutOptions(LARGE_GRAPH), children, edges };
}

interface Port {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

interface Pending {
  resolve(g: ElkNode): void;
  reject(e: Error): void;
}

class ElkClient {
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly port: Port) {
    port.onmessage = (ev) => this.onMessage(ev.data);
    // ELK knows no algorithm until one is registered; messages are handled in order.
    this.call({ cmd: 'register', algorithms: ['layered'] }).catch(() => undefined);
  }

  layout(graph: ElkNode): Promise<ElkNode> {
    return this.call({ cmd: 'layout', graph, layoutOptions: {}, options: {} });
  }

  private call(message: Record<string, unknown>): Promise<ElkNode> {
    const id = this.next++;
    return new Promise<ElkNode>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.port.postMessage({ ...message, id });
      } catch (e) {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Rejects everything in flight (the worker died). */
  failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    const { id, data: graph, error } = data as { id?: unknown; data?: unknown; error?: unknown };
    if (typeof id !== 'number') return;
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (error !== undefined) p.reject(new LayoutError(describeError(error)));
    else p.resolve(graph as ElkNode);
  }
}

/** ELK itself failed on the graph (as opposed to the worker failing to start). */
export class LayoutError extends Error {}

function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && 'message' in e) return String(e.message);
  return String(e);
}

export type LayoutThread = 'worker' | 'page';

export class LayoutEngine {
  private sameThread?: ElkClient;
  private worker?: Promise<{ client: ElkClient; worker: Worker } | undefined>;
  private workerBroken = false;
  /** Where the last layout ran. */
  lastThread: LayoutThread = 'page';

  constructor(
    private readonly workerUri: string | undefined,
    private readonly threshold = WORKER_THRESHOLD,
  ) {}

  async layout(graph: ElkNode): Promise<ElkNode> {
    const n = graph.children?.length ?? 0;
    if (this.workerUri && !this.workerBroken && n >= this.threshold) {
      const w = await this.startWorker();
      if (w) {
        try {
          const r = await w.client.layout(graph);
          this.lastThread = 'worker';
          return r;
        } catch (e) {
          if (e instanceof LayoutError) throw e;
          this.workerBroken = true; // fall through to the page's thread
          console.warn('Tracespine: layout worker failed, laying out on the page instead:', e);
        }
      }
    }
    this.sameThread ??= new ElkClient(new SameThreadElk());
    this.lastThread = 'page';
    return this.sameThread.layout(graph);
  }

  /** Starts the worker ahead of need (e.g. when a large graph is about to arrive). */
  prewarm(): void {
    if (this.workerUri && !this.workerBroken) void this.startWorker();
  }

  dispose(): void {
    void this.worker?.then((w) => w?.worker.terminate());
  }

  private startWorker(): Promise<{ client: ElkClient; worker: Worker } | undefined> {
    this.worker ??= (async () => {
      try {
        const res = await fetch(this.workerUri!);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const blob = new Blob([await res.text()], { type: 'text/javascript' });
        const url = URL.createObjectURL(blob);
        const worker = new Worker(url);
        const client = new ElkClient(worker as unknown as Port);
        worker.addEventListener('error', (ev) => {
          ev.preventDefault();
          this.workerBroken = true;
          client.failAll(new Error(`layout worker error: ${ev.message || 'failed to start'}`));
        });
        client.layout(warmupGraph()).catch(() => undefined);
        return { client, worker };
      } catch (e) {
        this.workerBroken = true;
        console.warn('Tracespine: cannot start the layout worker, laying out on the page instead:', e);
        return undefined;
      }
    })();
    return this.worker;
  }
}
