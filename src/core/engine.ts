import { fixedCode } from './config/codes';
import { loadConfig, withResults, type LoadedConfig } from './config/load';
import { readEvidenceSources } from './evidence/load';
import { computeEvidence, type EvidenceCounts, type EvidenceState } from './evidence/state';
import { CONFIG_FILE } from './config/defaults';
import { isDoorstopDocumentFile, withDoorstopTree } from './config/doorstop';
import type { TraceConfig } from './config/types';
import type { CoverageResult } from './graph/coverage';
import type { CancellationToken, ReadResult, WorkspaceHost } from './host';
import { TraceIndex } from './traceIndex';
import type { Finding, Notice } from './model/finding';
import type { Item } from './model/item';
import { pushAll } from './model/lists';
import { range } from './model/range';
import { validateIndex } from './validate/validator';
import { applySection9 } from './approvals/check';
import type { SuppressedFinding } from './approvals/deviations';
import type { SignatureVerifier } from './approvals/state';
import type { Deviation, ItemApprovalState } from './approvals/types';

export interface Summary {
  readonly items: number;
  readonly byKind: Record<string, number>;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly coverage: Record<string, { covered: number; total: number }>;
  /** Findings waived by a deviation in force (SPEC section 9); not in errors, warnings, infos. */
  readonly suppressed: number;
  /** Items by verification status; only where evidence is configured. */
  readonly evidence?: EvidenceCounts;
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
  /** SPEC section 9: each item's approval state (items with approvals or required ones), by ID. */
  readonly approvals: ReadonlyMap<string, ItemApprovalState>;
  /** Findings a deviation in force waives (`suppressed.by`): reported in JSON and SARIF, never gating. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Live deviations, in ID order, with whether each is in force and how much it suppresses. */
  readonly deviations: readonly Deviation[];
  /** The verification evidence, where `evidence:` is configured (or `results` given). */
  readonly evidence?: EvidenceState;
}

export interface CheckOptions {
  /** Checks approval signatures (Node: ssh-keygen); without one, signatures are not verified. */
  readonly verifier?: SignatureVerifier;
  /** The day deviations are judged on, `YYYY-MM-DD` (default: today, UTC). */
  readonly asOf?: string;
  /** Path of the configuration, relative to the root; default tracespine.yaml. */
  readonly configFile?: string;
  /** The configuration text when the caller has it already (undefined: read it through the host). */
  readonly configText?: string | null;
  /** Why the configuration the caller was given cannot be read (it is then config.invalid). */
  readonly configUnreadable?: string;
  readonly token?: CancellationToken;
  /** `--results GLOB`: replaces `evidence.results` and turns evidence on. */
  readonly results?: readonly string[];
  /** Called after each batch of files read, for progress reports. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Reads the configuration through the host: its text, or undefined when there is none. */
export async function readConfig(
  host: WorkspaceHost,
  file = CONFIG_FILE,
): Promise<{ loaded: LoadedConfig; notice?: string }> {
  const r = await host.readFile(file);
  if (r.text === undefined && r.missing) return { loaded: loadConfig(undefined, file) };
  if (r.text === undefined) return { loaded: unreadableConfig(file, r.notice) };
  return { loaded: loadConfig(r.text, file), ...(r.notice !== undefined ? { notice: r.notice } : {}) };
}

/**
 * A configuration that is there but cannot be read: checking against the defaults instead
 * would gate CI on a policy nobody wrote. It is reported like any invalid configuration.
 */
export function unreadableConfig(file: string, reason: string): LoadedConfig {
  const defaults = loadConfig(undefined, file);
  const finding = {
    ...fixedCode('config.invalid'),
    message: `${file} cannot be read: ${reason}`,
    file,
    range: range(0, 0, 0, 0),
  };
  return { config: defaults.config, findings: [finding], file };
}

/** Lists and reads every item and code file of the workspace into a fresh index. */
export async function buildIndex(
  host: WorkspaceHost,
  config: TraceConfig,
  options: CheckOptions = {},
): Promise<{ index: TraceIndex; notices: Notice[] }> {
  let index = new TraceIndex(config);
  const notices: Notice[] = [];
  const roles = new Map<string, 'items' | 'code'>();
  // preset: doorstop: the documents' .doorstop.yml come from the same listing (doorstop.ts).
  const documents: string[] | undefined = config.preset === 'doorstop' ? [] : undefined;
  const { files, notices: listNotices } = await host.listFiles(
    (p) => {
      if (documents && isDoorstopDocumentFile(p)) documents.push(p);
      const role = index.roleOf(p);
      if (role) roles.set(p, role);
      return role !== undefined;
    },
    (d) => index.matcher.skipDir(d),
    options.token,
  );
  pushAll(notices, listNotices);
  let treeFindings: ReadonlyMap<string, readonly Finding[]> | undefined;
  if (documents) {
    const read: { file: string; text: string }[] = [];
    for (const file of documents.sort()) {
      const r = await host.readFile(file);
      if (r.text !== undefined) read.push({ file, text: r.text });
      else notices.push({ file, message: r.notice });
    }
    const tree = withDoorstopTree(config, read);
    index = new TraceIndex(tree.config);
    treeFindings = tree.findings;
  }
  files.sort();
  let done = 0;
  const batches = (host.readFiles ? host.readFiles(files, options.token) : readOneByOne(host, files, options.token))[
    Symbol.asyncIterator
  ]();
  try {
    const first = batches.next(); // the reading starts (on a second thread, where the host has one)
    if (files.length >= WARM_UP_MIN_FILES) await warmUp(host, index, files, roles);
    for (let r = await first; !r.done; r = await batches.next()) {
      for (const res of r.value) {
        const file = files[done++]!;
        if (res.notice) notices.push({ file, message: res.notice });
        if (res.text !== undefined) index.update(file, res.text, roles.get(file));
        else if (!res.missing) index.markUnreadable(file, res.notice, res.at, roles.get(file)); // a finding too
      }
      if (options.token?.isCancellationRequested) break;
      options.onProgress?.(done, files.length);
    }
  } finally {
    await batches.return?.(undefined); // a reading thread stops
  }
  if (done === 0) options.onProgress?.(0, files.length);
  if (treeFindings) for (const [file, list] of treeFindings) index.putFindings(file, list);
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
 * shape of frontmatter appears (figures: docs/performance.md). Having seen every shape
 * first, it optimizes the parser once. The index proper is not touched.
 */
async function warmUp(
  host: WorkspaceHost,
  index: TraceIndex,
  files: readonly string[],
  roles: ReadonlyMap<string, 'items' | 'code'>,
): Promise<void> {
  const scratch = new TraceIndex(index.config);
  const step = files.length / WARM_UP_SAMPLES;
  for (let i = 0; i < WARM_UP_SAMPLES; i++) {
    const file = files[Math.floor(i * step)]!;
    const r = await host.readFile(file); // never throws (WorkspaceHost)
    if (r.text !== undefined) scratch.update(file, r.text, roles.get(file));
  }
}

async function* readOneByOne(
  host: WorkspaceHost,
  files: readonly string[],
  token?: CancellationToken,
): AsyncIterable<readonly ReadResult[]> {
  for (let i = 0; i < files.length && !token?.isCancellationRequested; i += 500) {
    const batch: ReadResult[] = [];
    for (const file of files.slice(i, i + 500)) batch.push(await host.readFile(file));
    yield batch;
  }
}

export function summarize(
  index: TraceIndex,
  findings: readonly Finding[],
  coverage: readonly CoverageResult[],
  suppressed = 0,
  evidence?: EvidenceState,
): Summary {
  const items = index.items();
  const byKind: Record<string, number> = {};
  for (const k of index.config.kinds) if (k.quiet !== true) byKind[k.name] = 0;
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
  return {
    items: items.length,
    byKind,
    errors,
    warnings,
    infos,
    coverage: cov,
    suppressed,
    ...(evidence ? { evidence: { ...evidence.counts } } : {}),
  };
}

/** `tracespine check`: configuration, index, every rule. Never writes. */
export async function checkWorkspace(host: WorkspaceHost, options: CheckOptions = {}): Promise<CheckResult> {
  const configFile = options.configFile ?? CONFIG_FILE;
  const notices: Notice[] = [];
  let loaded: LoadedConfig;
  if (options.configUnreadable !== undefined) loaded = unreadableConfig(configFile, options.configUnreadable);
  else if (options.configText !== undefined) loaded = loadConfig(options.configText ?? undefined, configFile);
  else {
    const r = await readConfig(host, configFile);
    loaded = r.loaded;
    if (r.notice) notices.push({ file: configFile, message: r.notice });
  }
  if (options.results !== undefined && loaded.findings.length === 0)
    loaded = { ...loaded, config: withResults(loaded.config, options.results) };
  if (loaded.findings.length > 0) {
    const index = new TraceIndex(loaded.config);
    const findings = [...loaded.findings];
    const summary = summarize(index, findings, []);
    return {
      config: loaded.config,
      configInvalid: true,
      index,
      items: [],
      findings,
      coverage: [],
      summary,
      notices,
      approvals: new Map(),
      suppressed: [],
      deviations: [],
    };
  }
  const { index, notices: readNotices } = await buildIndex(host, loaded.config, options);
  // A file that could not be read has its file.unreadable finding, which says the same.
  for (const n of readNotices) if (index.get(n.file)?.findings[0]?.code !== 'file.unreadable') notices.push(n);
  let evidence: EvidenceState | undefined;
  if (loaded.config.evidence) {
    const read = await readEvidenceSources(
      host,
      loaded.config.evidence,
      (d) => index.matcher.skipDir(d),
      options.token,
    );
    notices.push(...read.notices);
    evidence = computeEvidence(index, read.sources);
  }
  const validation = validateIndex(index, evidence);
  const coverage = validation.coverage;
  const { findings, suppressed, approvals, deviations } = await applySection9(
    host,
    index,
    validation.findings,
    options,
  );
  const summary = summarize(index, findings, coverage, suppressed.length, evidence);
  const items = index.items();
  return {
    config: index.config,
    configInvalid: false,
    index,
    items,
    findings,
    coverage,
    summary,
    notices,
    approvals,
    suppressed,
    deviations,
    ...(evidence ? { evidence } : {}),
  };
}
