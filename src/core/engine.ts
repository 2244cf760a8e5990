import { fixedCode } from './config/codes';
import { loadConfig, type LoadedConfig } from './config/load';
import { CONFIG_FILE } from './config/defaults';
import type { TraceConfig } from './config/types';
import type { CoverageResult } from './graph/coverage';
import type { CancellationToken, ReadResult, WorkspaceHost } from './host';
import { TraceIndex } from './traceIndex';
import type { Finding, Notice } from './model/finding';
import type { Item } from './model/item';
import { range } from './model/range';
import { validateIndex } from './validate/validator';

export interface Summary {
  readonly items: number;
  readonly byKind: Record<string, number>;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly coverage: Record<string, { covered: number; total: number }>;
}

export interface CheckResult {
  readonly config: TraceConfig;
  /** True when tracespine.yaml is invalid: only its findings are reported and no gate applies. */
  readonly configInvalid: boolean;
  readonly index: TraceIndex;
  readonly items: readonly Item[];
  readonly findings: readonly Finding[];
  readonly coverage: readonly CoverageResult[];
  readonly summary: Summary;
  readonly notices: readonly Notice[];
}

export interface CheckOptions {
  /** Path of the configuration, relative to the root; default tracespine.yaml. */
  readonly configFile?: string;
  /** The configuration text when the caller has it already (undefined: read it through the host). */
  readonly configText?: string | null;
  readonly token?: CancellationToken;
  /** Called after each batch of files read, for progress reports. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Reads the configuration through the host: its text, or undefined when there is none. */
export async function readConfig(host: WorkspaceHost, file = CONFIG_FILE): Promise<{ loaded: LoadedConfig; notice?: string }> {
  const r = await host.readFile(file);
  if (r.text === undefined && r.missing) return { loaded: loadConfig(undefined, file) };
  if (r.text === undefined) {
    // It is there but cannot be read: checking against the defaults instead would gate CI on
    // a policy nobody wrote. Report it like any invalid configuration.
    const defaults = loadConfig(undefined, file);
    const finding = { ...fixedCode('config.invalid'), message: `${file} cannot be read: ${r.notice}`, file, range: range(0, 0, 0, 0) };
    return { loaded: { config: defaults.config, findings: [finding], file } };
  }
  return { loaded: loadConfig(r.text, file) };
}

/** Lists and reads every item and code file of the workspace into a fresh index. */
export async function buildIndex(host: WorkspaceHost, config: TraceConfig, options: CheckOptions = {}): Promise<{ index: TraceIndex; notices: Notice[] }> {
  const index = new TraceIndex(config);
  const notices: Notice[] = [];
  const roles = new Map<string, 'items' | 'code'>();
  const { files, notices: listNotices } = await host.listFiles(
    (p) => {
      const role = index.roleOf(p);
      if (role) roles.set(p, role);
      return role !== undefined;
    },
    (d) => index.matcher.skipDir(d),
    options.token,
  );
  notices.push(...listNotices);
  files.sort();
  let done = 0;
  const batches = (host.readFiles ? host.readFiles(files, options.token) : readOneByOne(host, files, options.token))[Symbol.asyncIterator]();
  try {
    const first = batches.next(); // the reading starts (on a second thread, where the host has one)
    if (files.length >= WARM_UP_MIN_FILES) await warmUp(host, index, files, roles);
    for (let r = await first; !r.done; r = await batches.next()) {
      for (const res of r.value) {
        const file = files[done++]!;
        if (res.notice) notices.push({ file, message: res.notice });
        if (res.text !== undefined) index.update(file, res.text, roles.get(file));
      }
      if (options.token?.isCancellationRequested) break;
      options.onProgress?.(done, files.length);
    }
  } finally {
    await batches.return?.(undefined); // a reading thread stops
  }
  if (done === 0) options.onProgress?.(0, files.length);
  return { index, notices };
}

/** Workspaces of this many files get the parser warmed up first (it costs a few milliseconds). */
const WARM_UP_MIN_FILES = 2000;
const WARM_UP_SAMPLES = 64;

/**
 * Parses an even spread of the workspace's files into a scratch index, which is dropped,
 * while the first batch is read. In a sorted workspace each kind of file comes in a run of
 * its own (the hazards, then the requirements, then the tests, ...), and V8 optimizes the
 * parser for the first run, then throws that code away and optimizes it again as each new
 * shape of frontmatter appears: three or four times, about 25 ms of a core each. Having
 * seen every shape first, it optimizes the parser once. The index proper is not touched.
 */
async function warmUp(host: WorkspaceHost, index: TraceIndex, files: readonly string[], roles: ReadonlyMap<string, 'items' | 'code'>): Promise<void> {
  const scratch = new TraceIndex(index.config);
  const step = files.length / WARM_UP_SAMPLES;
  for (let i = 0; i < WARM_UP_SAMPLES; i++) {
    const file = files[Math.floor(i * step)]!;
    const r = await host.readFile(file); // never throws (WorkspaceHost)
    if (r.text !== undefined) scratch.update(file, r.text, roles.get(file));
  }
}

async function* readOneByOne(host: WorkspaceHost, files: readonly string[], token?: CancellationToken): AsyncIterable<readonly ReadResult[]> {
  for (let i = 0; i < files.length && !token?.isCancellationRequested; i += 500) {
    const batch: ReadResult[] = [];
    for (const file of files.slice(i, i + 500)) batch.push(await host.readFile(file));
    yield batch;
  }
}

export function summarize(index: TraceIndex, findings: readonly Finding[], coverage: readonly CoverageResult[]): Summary {
  const items = index.items();
  const byKind: Record<string, number> = {};
  for (const k of index.config.kinds) byKind[k.name] = 0;
  for (const i of items) byKind[i.kind] = (byKind[i.kind] ?? 0) + 1;
  const cov: Record<string, { covered: number; total: number }> = {};
  for (const c of coverage) cov[c.name] = { covered: c.covered.length, total: c.covered.length + c.uncovered.length };
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { items: items.length, byKind, errors, warnings, infos, coverage: cov };
}

/** `tracespine check`: configuration, index, every rule. Never writes. */
export async function checkWorkspace(host: WorkspaceHost, options: CheckOptions = {}): Promise<CheckResult> {
  const configFile = options.configFile ?? CONFIG_FILE;
  const notices: Notice[] = [];
  let loaded: LoadedConfig;
  if (options.configText !== undefined) loaded = loadConfig(options.configText ?? undefined, configFile);
  else {
    const r = await readConfig(host, configFile);
    loaded = r.loaded;
    if (r.notice) notices.push({ file: configFile, message: r.notice });
  }
  if (loaded.findings.length > 0) {
    const index = new TraceIndex(loaded.config);
    const findings = [...loaded.findings];
    return { config: loaded.config, configInvalid: true, index, items: [], findings, coverage: [], summary: summarize(index, findings, []), notices };
  }
  const { index, notices: readNotices } = await buildIndex(host, loaded.config, options);
  notices.push(...readNotices);
  const { findings, coverage } = validateIndex(index);
  return { config: loaded.config, configInvalid: false, index, items: index.items(), findings, coverage, summary: summarize(index, findings, coverage), notices };
}
