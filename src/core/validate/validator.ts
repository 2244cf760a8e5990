import type { CoverageRule, TraceConfig } from '../config/types';
import type { CoverageResult } from '../graph/coverage';
import type { IndexedFile, TraceIndex } from '../traceIndex';
import { compareFindings, type Finding } from '../model/finding';
import type { Item } from '../model/item';
import { coverageFindings, unmetCoverageRules } from './coverage';
import { cycleRule } from './cycles';
import { duplicateIdFindings } from './duplicateIds';
import { linkTargetFindings } from './linkTargets';
import { referenceFindings } from './references';
import { emptyList, pushAll } from '../model/lists';
import { givesCoverage, isCovered } from '../graph/coverage';
import { exemptBy } from './exempt';
import { verificationOf, type EvidenceState } from '../evidence/state';
import { waiverOf } from '../approvals/deviations';

/**
 * Findings the engine adds after the rules (SPEC section 9: approvals, deviations), per file,
 * and the waivers of the deviations in force (`code\0itemId` -> deviation ID).
 */
export interface FindingsOverlay {
  readonly byFile: ReadonlyMap<string, readonly Finding[]>;
  readonly waivers: ReadonlyMap<string, string>;
}

/** A finding a deviation in force waives (as the check's JSON has it). */
export type WaivedFinding = Finding & { readonly suppressed: { readonly by: string } };

/** A change to the index: the file, and what the index held for it before (undefined if it was new). */
export interface FileChange {
  readonly file: string;
  readonly before: IndexedFile | undefined;
}

const NONE: readonly Finding[] = emptyList();
const NONE_UNMET: readonly string[] = emptyList();
const NONE_WAIVED: readonly WaivedFinding[] = emptyList();
const NONE_FILES: readonly string[] = emptyList();

/**
 * Every rule over the index, kept current incrementally. Rules that look at one file
 * alone ran when the file was parsed; rules across files run per file here, and after a
 * change only for the files the change can affect (the changed file, files that mention
 * its ids, definitions of what it links to). Cycles are recomputed only when links of an
 * acyclic type or item ids change. Pure: reads the index, writes nothing.
 */
export class Validator {
  private readonly byFile = new Map<string, readonly Finding[]>();
  /** item file -> names of the coverage rules its item does not meet. */
  private readonly unmet = new Map<string, readonly string[]>();
  private cycles = new Map<string, Finding[]>();
  /** During validateAll: link type -> IDs that a live link of that type targets. */
  private coveredIds: Map<string, Set<string>> | undefined;
  private readonly coveredInPass = (rule: CoverageRule, item: Item): boolean => {
    const ids = this.coveredIds;
    if (rule.from === undefined) {
      for (const t of rule.by) if (ids?.get(t)?.has(item.id) === true) return true;
      return false;
    }
    for (const t of rule.by)
      for (const k of rule.from) if (ids?.get(`${t}\u0000${k}`)?.has(item.id) === true) return true;
    return false;
  };
  private readonly scratch: Finding[] = [];
  /** Verification evidence (SPEC section 8), when configured: its findings and what it covers. */
  private evidence: EvidenceState | undefined;
  private evidenceByFile = new Map<string, Finding[]>();
  /** Approvals and deviations (SPEC section 9), when set: added findings and waivers. */
  private overlay: FindingsOverlay | undefined;
  private readonly waivedByFile = new Map<string, readonly WaivedFinding[]>();

  constructor(readonly index: TraceIndex) {}

  /**
   * Sets the evidence the rules see (undefined: none). Takes effect at the next validation
   * of each file; returns the files whose evidence findings may differ, for `update`.
   */
  setEvidence(evidence: EvidenceState | undefined): Set<string> {
    const touched = new Set(this.evidenceByFile.keys());
    this.evidence = evidence;
    this.evidenceByFile = groupByFile(evidence?.findings ?? NONE);
    for (const f of this.evidenceByFile.keys()) touched.add(f);
    return touched;
  }

  /** The current evidence, as last set. */
  get evidenceState(): EvidenceState | undefined {
    return this.evidence;
  }

  /** Findings of files that are not in the index (reports, run records, approval records), refreshed. */
  refreshEvidenceFiles(): void {
    for (const file of new Set([...this.byFile.keys(), ...this.waivedByFile.keys()]))
      if (!this.index.get(file) && !this.evidenceByFile.has(file) && !this.overlay?.byFile.has(file))
        this.store(file, NONE, false);
    for (const file of this.evidenceByFile.keys()) if (!this.index.get(file)) this.refreshLoose(file);
    if (this.overlay) for (const file of this.overlay.byFile.keys()) if (!this.index.get(file)) this.refreshLoose(file);
  }

  /** A file outside the index: its evidence and overlay findings. */
  private refreshLoose(file: string): readonly Finding[] {
    const raw = [...(this.evidenceByFile.get(file) ?? NONE), ...(this.overlay?.byFile.get(file) ?? NONE)];
    const findings = raw.length === 0 ? NONE : applySeverities(raw, this.index.config).sort(compareFindings);
    return this.store(file, findings, false);
  }

  /**
   * Sets the approvals' and deviations' findings and waivers (undefined: none). Returns the
   * files whose findings may differ, for {@link refreshFiles}.
   */
  setOverlay(overlay: FindingsOverlay | undefined): Set<string> {
    const old = this.overlay;
    this.overlay = overlay;
    const touched = new Set<string>();
    const before = old?.byFile ?? new Map<string, readonly Finding[]>();
    const after = overlay?.byFile ?? new Map<string, readonly Finding[]>();
    for (const file of new Set([...before.keys(), ...after.keys()]))
      if (!sameFindings(before.get(file) ?? NONE, after.get(file) ?? NONE)) touched.add(file);
    if (!sameWaivers(old?.waivers, overlay?.waivers)) {
      for (const file of this.byFile.keys()) touched.add(file);
      for (const file of this.waivedByFile.keys()) touched.add(file);
    }
    return touched;
  }

  /** Validates `files` again (index files and others); returns those whose findings changed. */
  refreshFiles(files: Iterable<string>): Set<string> {
    const changed = new Set<string>();
    for (const file of files) {
      const old = this.byFile.get(file) ?? NONE;
      const oldWaived = this.waivedByFile.get(file) ?? NONE;
      const now = this.refresh(file);
      if (!sameFindings(old, now) || !sameFindings(oldWaived, this.waived(file))) changed.add(file);
    }
    return changed;
  }

  /** Findings of `file` that a deviation in force waives (shown as waived, never counted). */
  waived(file: string): readonly WaivedFinding[] {
    return this.waivedByFile.get(file) ?? NONE_WAIVED;
  }

  /** Files that have waived findings. */
  filesWithWaived(): IterableIterator<string> {
    return this.waivedByFile.keys();
  }

  /** Stores a file's findings, the waived ones apart; returns those that stand. */
  private store(file: string, findings: readonly Finding[], fresh: boolean): readonly Finding[] {
    const waivers = this.overlay?.waivers;
    let kept = findings;
    let waived: WaivedFinding[] | undefined;
    if (waivers && waivers.size > 0 && findings.length > 0) {
      const k: Finding[] = [];
      for (const f of findings) {
        const by = waiverOf(waivers, f);
        if (by === undefined) k.push(f);
        else (waived ??= []).push({ ...f, suppressed: { by } });
      }
      if (waived) kept = k.length === 0 ? NONE : k;
    }
    if (waived) this.waivedByFile.set(file, waived);
    else this.waivedByFile.delete(file);
    if (kept.length > 0) this.byFile.set(file, kept);
    else if (!fresh) this.byFile.delete(file);
    return kept;
  }

  /** Coverage as the evidence changes it: a mapped case counts as `verifies`; `evidence: passed` asks for a pass. */
  private withEvidence(
    covered: (rule: CoverageRule, item: Item) => boolean,
  ): (rule: CoverageRule, item: Item) => boolean {
    const ev = this.evidence;
    if (!ev) return covered;
    return (rule, item) => {
      const linked = covered(rule, item) || (rule.by.includes('verifies') && ev.mappedIds.has(item.id));
      if (!linked) return false;
      return rule.evidence !== 'passed' || verificationOf(ev, item.id).status === 'passed';
    };
  }

  /** Validates every file. */
  validateAll(): void {
    this.byFile.clear();
    this.waivedByFile.clear();
    this.unmet.clear();
    this.cycles = groupByFile(cycleRule(this.index));
    // One pass over all links answers every coverage question of a full validation.
    this.coveredIds = coveredIdsByType(this.index);
    for (const f of this.index.allFiles()) this.check(f, true);
    this.coveredIds = undefined;
    if (this.evidence || this.overlay) this.refreshEvidenceFiles();
  }

  /** Re-checks what `changes` can affect; returns the files whose findings changed (including removed files). */
  update(changes: readonly FileChange[], also: Iterable<string> = NONE_FILES): Set<string> {
    const affected = new Set<string>();
    let cyclesChanged = false;
    for (const { file, before } of changes) {
      const after = this.index.get(file);
      affected.add(file);
      const ids = new Set<string>();
      if (before?.item) ids.add(before.item.id);
      if (after?.item) ids.add(after.item.id);
      const targets = new Set<string>();
      for (const f of [before, after]) {
        if (!f) continue;
        if (f.item) for (const l of f.item.links) targets.add(l.target);
        for (const t of f.tags) targets.add(t.id);
      }
      for (const id of ids) {
        for (const r of this.index.referrers(id)) affected.add(r);
        for (const d of this.index.definitions(id)) affected.add(d.file);
      }
      for (const id of targets) for (const d of this.index.definitions(id)) affected.add(d.file);
      if (!cyclesChanged && this.cyclesMayChange(file, before, after)) cyclesChanged = true;
    }
    if (cyclesChanged) {
      const next = groupByFile(cycleRule(this.index));
      for (const file of new Set([...this.cycles.keys(), ...next.keys()])) affected.add(file);
      this.cycles = next;
    }
    for (const file of also) affected.add(file);
    return this.refreshFiles(affected);
  }

  /**
   * Whether a change can create or break a cycle, without recomputing them all: a new edge
   * closes a cycle only if its target already reaches its source; a removed edge breaks one
   * only if the file was on a cycle (had cycle findings).
   */
  private cyclesMayChange(file: string, before: IndexedFile | undefined, after: IndexedFile | undefined): boolean {
    // Ids that appear or vanish change what links resolve to; a file on a cycle may have
    // moved the positions its cycle findings point at.
    if (before?.item?.id !== after?.item?.id || this.cycles.has(file)) return true;
    const old = acyclicEdges(this.index, before);
    const now = acyclicEdges(this.index, after);
    const source = after?.item?.id;
    if (source === undefined) return false;
    for (const e of now) {
      if (old.has(e)) continue;
      const [type, target] = e.split('\u0000') as [string, string];
      if (this.reaches(type, target, source)) return true;
    }
    return false;
  }

  /** Whether `from` reaches `to` along resolved links of `type` (depth first, each item once). */
  private reaches(type: string, from: string, to: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === to) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      const item = this.index.resolve(id);
      if (item) for (const l of item.links) if (l.type === type && !seen.has(l.target)) stack.push(l.target);
    }
    return false;
  }

  private refresh(file: string): readonly Finding[] {
    const f = this.index.get(file);
    this.unmet.delete(file);
    if (!f) return this.refreshLoose(file);
    return this.check(f, false);
  }

  /** Runs the rules across files for `f`; `fresh`: nothing is recorded for it yet (a full validation). */
  private check(f: IndexedFile, fresh: boolean): readonly Finding[] {
    const file = f.file;
    // Most files have no finding: the rules add to one scratch list, copied only when something was found.
    const raw = this.scratch;
    raw.length = 0;
    for (const x of f.findings) raw.push(x);
    linkTargetFindings(this.index, f, raw);
    referenceFindings(this.index, f, raw);
    if (f.item) {
      const base = this.coveredIds ? this.coveredInPass : undefined;
      const covered = this.evidence ? this.withEvidence(base ?? ((r, i) => isCovered(this.index, i, r))) : base;
      const unmet = unmetCoverageRules(this.index, f.item, covered);
      if (unmet.length > 0)
        this.unmet.set(
          file,
          unmet.map((r) => r.name),
        );
      duplicateIdFindings(this.index, f.item, raw);
      coverageFindings(this.index, f.item, unmet, raw);
    }
    const ev = this.evidenceByFile.size === 0 ? undefined : this.evidenceByFile.get(file);
    if (ev) for (const x of ev) raw.push(x);
    const cyc = this.cycles.size === 0 ? undefined : this.cycles.get(file);
    if (cyc) for (const x of cyc) raw.push(x);
    const extra = this.overlay?.byFile.get(file);
    if (extra) for (const x of extra) raw.push(x);
    const findings = raw.length === 0 ? NONE : applySeverities(raw, this.index.config).sort(compareFindings);
    if (!this.overlay && this.waivedByFile.size === 0) {
      if (findings.length > 0) this.byFile.set(file, findings);
      else if (!fresh) this.byFile.delete(file);
      return findings;
    }
    return this.store(file, findings, fresh);
  }

  /** The current findings of one file. */
  findings(file: string): readonly Finding[] {
    return this.byFile.get(file) ?? NONE;
  }

  /** Files that have findings. */
  filesWithFindings(): IterableIterator<string> {
    return this.byFile.keys();
  }

  /** Each coverage rule's covered and uncovered live items, from the last validation. */
  coverage(): CoverageResult[] {
    const rules = this.index.config.coverage;
    const results = rules.map((rule) => ({
      name: rule.name,
      kind: rule.kind,
      covered: [] as Item[],
      uncovered: [] as Item[],
    }));
    // One pass over the items, one look-up of an item's unmet rules.
    for (const item of this.index.items()) {
      if (!item.live) continue;
      let unmet: readonly string[] | undefined;
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r]!;
        if (rule.kind !== item.kind || exemptBy(item, rule.unless)) continue;
        unmet ??= this.unmet.get(item.file) ?? NONE_UNMET;
        (unmet.includes(rule.name) ? results[r]!.uncovered : results[r]!.covered).push(item);
      }
    }
    return results;
  }

  /** Every finding, sorted by file and position. */
  all(): Finding[] {
    const files = [...this.byFile.keys()].sort();
    const out: Finding[] = [];
    for (const file of files) pushAll(out, this.byFile.get(file)!);
    return out;
  }
}

/** For each link type, the IDs that at least one live link of that type (or a code tag counting as it) targets. */
function coveredIdsByType(index: TraceIndex): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const byKind = index.config.coverage.some((r) => r.from !== undefined);
  const add = (type: string, id: string): void => {
    let set = out.get(type);
    if (!set) out.set(type, (set = new Set()));
    set.add(id);
  };
  for (const f of index.allFiles()) {
    if (f.item && givesCoverage(index.config, f.item)) {
      const kind = f.item.kind;
      for (const l of f.item.links) {
        add(l.type, l.target);
        if (byKind) add(`${l.type}\u0000${kind}`, l.target); // for coverage rules with `from`
      }
    }
    for (const t of f.tags) {
      const countsAs = index.config.codeTags.get(t.tag)?.countsAs;
      if (countsAs !== undefined) add(countsAs, t.id);
    }
  }
  return out;
}

/** A file's links along acyclic link types, as `type\0target` strings. */
function acyclicEdges(index: TraceIndex, f: IndexedFile | undefined): Set<string> {
  const out = new Set<string>();
  const item: Item | undefined = f?.item;
  if (item)
    for (const l of item.links) if (index.config.links.get(l.type)?.acyclic) out.add(`${l.type}\u0000${l.target}`);
  return out;
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = map.get(f.file);
    if (!list) map.set(f.file, (list = []));
    list.push(f);
  }
  return map;
}

function sameWaivers(a: ReadonlyMap<string, string> | undefined, b: ReadonlyMap<string, string> | undefined): boolean {
  if ((a?.size ?? 0) !== (b?.size ?? 0)) return false;
  for (const [k, v] of a ?? []) if (b?.get(k) !== v) return false;
  return true;
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  return true;
}

export interface Validation {
  /** Every finding, severities applied, `off` ones dropped, sorted by file and position. */
  readonly findings: Finding[];
  readonly coverage: readonly CoverageResult[];
}

/** Runs every rule over the whole index once (the CLI's path). */
export function validateIndex(index: TraceIndex, evidence?: EvidenceState): Validation {
  const v = new Validator(index);
  if (evidence) v.setEvidence(evidence);
  v.validateAll();
  return { findings: v.all(), coverage: v.coverage() };
}

/** The `rules:` overrides of tracespine.yaml: a new severity per code, or `off`. Always a new list. */
export function applySeverities(findings: readonly Finding[], config: TraceConfig): Finding[] {
  if (config.rules.size === 0) return [...findings];
  const out: Finding[] = [];
  for (const f of findings) {
    const level = config.rules.get(f.code);
    if (level === undefined) out.push(f);
    else if (level !== 'off') out.push(level === f.severity ? f : { ...f, severity: level });
  }
  return out;
}
