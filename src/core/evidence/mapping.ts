import type { TraceConfig } from '../config/types';
import type { TraceIndex } from '../traceIndex';
import type { CodeTag } from '../model/item';
import type { Range } from '../model/range';
import type { IdToken } from '../parse/ids';
import type { JUnitReport, TestCase } from './junit';

/** How a case names an item: a `<property>`, an ID in its name/classname/suites, or a code tag at its file and line. */
export type Via = 'property' | 'name' | 'tag';

export interface CaseTarget {
  readonly id: string;
  readonly via: Via;
}

export interface UnknownId {
  readonly id: string;
  /** Where in the report: the property, or the `<testcase>` tag. */
  readonly range: Range;
}

/**
 * Maps the cases of reports to the items they verify (SPEC section 8, mapping a–c). Code
 * tags are looked up by the file a case gives: the index's code file whose path is a
 * suffix of it (reports hold absolute paths, or paths relative to where the runner ran).
 */
export class CaseMapper {
  private readonly tagsByBase = new Map<string, string[]>();
  private readonly fileTags = new Map<string, { lines: number[]; byLine: Map<number, CodeTag[]> } | null>();
  private readonly properties: ReadonlySet<string>;
  private readonly scanned = new Map<string, IdToken[]>();
  private readonly counting: ReadonlySet<string>;

  constructor(
    private readonly index: TraceIndex,
    config: TraceConfig = index.config,
  ) {
    this.properties = new Set(config.evidence?.properties ?? []);
    const counting = new Set<string>();
    for (const t of config.codeTags.values()) if (t.countsAs !== undefined) counting.add(t.name);
    this.counting = counting;
  }

  /** The IDs a case names, each once (first way wins: property, then name, then tag), and the unknown IDs it lists. */
  map(
    report: JUnitReport,
    c: TestCase,
    fileLines?: readonly number[],
  ): { targets: CaseTarget[]; unknown: UnknownId[] } {
    const targets: CaseTarget[] = [];
    const unknown: UnknownId[] = [];
    const seen = new Set<string>();
    const add = (id: string, via: Via): void => {
      if (seen.has(id)) return;
      seen.add(id);
      targets.push({ id, via });
    };
    const scanner = this.index.scanner;
    for (const p of c.properties) {
      if (!this.properties.has(p.name)) continue;
      for (const tok of p.value.split(/[\s,;]+/)) {
        if (tok === '') continue;
        if (this.index.resolve(tok)) add(tok, 'property');
        else unknown.push({ id: tok, range: p.range });
      }
    }
    const texts = c.suites.length === 0 ? [c.name, c.classname] : [c.name, c.classname, ...c.suites];
    for (let k = 0; k < texts.length; k++) {
      const text = texts[k]!;
      if (text === '') continue;
      // Class and suite names repeat from case to case: scanned once each.
      let found = k === 0 ? undefined : this.scanned.get(text);
      if (found === undefined) {
        found = scanner.scan(text);
        if (k > 0) this.scanned.set(text, found);
      }
      if (found.length === 0) continue;
      for (const t of found) {
        if (this.index.resolve(t.id)) add(t.id, 'name');
        else if (!seen.has(`?${t.id}`)) {
          seen.add(`?${t.id}`);
          unknown.push({ id: t.id, range: c.range });
        }
      }
    }
    if (c.file !== undefined) for (const id of this.tagIds(c.file, c.line, fileLines)) add(id, 'tag');
    void report;
    return { targets, unknown };
  }

  /**
   * The counting tags of the test at `file:line`: the tags between the previous test of the
   * file in the report (exclusive) and this one's line; for the first test, the block of tag
   * lines right above it. Tags above the first test's block apply to every test of the file.
   * Without a line: every tag of the file.
   */
  private tagIds(reportFile: string, line: number | undefined, fileLines: readonly number[] | undefined): string[] {
    const tags = this.tagsOf(reportFile);
    if (!tags) return [];
    const { lines, byLine } = tags;
    const out: string[] = [];
    const push = (l: number): void => {
      for (const t of byLine.get(l)!) out.push(t.id);
    };
    if (line === undefined) {
      for (const l of lines) push(l);
      return out;
    }
    const at = line - 1; // 0-based, as the index's ranges
    const caseLines = fileLines ?? [line];
    const first = caseLines[0]! - 1;
    // The first test's block: the nearest tag line at or above it, and the consecutive tag lines above that.
    let top = -1;
    for (let i = lines.length - 1; i >= 0; i--) {
      if (lines[i]! <= first) {
        top = i;
        while (top > 0 && lines[top - 1] === lines[top]! - 1) top--;
        break;
      }
    }
    const fileLevelEnd = top >= 0 ? top : lines.findIndex((l) => l > first);
    for (let i = 0; i < (fileLevelEnd < 0 ? lines.length : fileLevelEnd); i++) push(lines[i]!);
    let prev = -1;
    for (const l of caseLines) if (l - 1 < at && l - 1 > prev) prev = l - 1;
    const from = at === first ? (top >= 0 ? lines[top]! : Infinity) : prev + 1;
    for (const l of lines) if (l >= from && l <= at) push(l);
    return out;
  }

  private tagsOf(reportFile: string): { lines: number[]; byLine: Map<number, CodeTag[]> } | undefined {
    const norm = reportFile.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    const cached = this.fileTags.get(norm);
    if (cached !== undefined) return cached ?? undefined;
    if (this.tagsByBase.size === 0) {
      for (const f of this.index.allFiles()) {
        if (f.kind !== 'code' || f.tags.length === 0) continue;
        const base = f.file.slice(f.file.lastIndexOf('/') + 1);
        let list = this.tagsByBase.get(base);
        if (!list) this.tagsByBase.set(base, (list = []));
        list.push(f.file);
      }
    }
    const base = norm.slice(norm.lastIndexOf('/') + 1);
    // The longest workspace path that the report's path ends with.
    let best: string | undefined;
    for (const f of this.tagsByBase.get(base) ?? []) {
      if (
        (norm === f || norm.endsWith(`/${f}`) || f.endsWith(`/${norm}`)) &&
        (best === undefined || f.length > best.length)
      )
        best = f;
    }
    if (best === undefined) {
      this.fileTags.set(norm, null);
      return undefined;
    }
    const byLine = new Map<number, CodeTag[]>();
    for (const t of this.index.get(best)!.tags) {
      if (!this.counting.has(t.tag)) continue;
      const l = t.range.start.line;
      let list = byLine.get(l);
      if (!list) byLine.set(l, (list = []));
      list.push(t);
    }
    const entry = byLine.size === 0 ? null : { lines: [...byLine.keys()].sort((a, b) => a - b), byLine };
    this.fileTags.set(norm, entry);
    return entry ?? undefined;
  }
}

/** Per test file of a report, the lines its cases give, ascending: where each test's tags begin. */
export function caseLines(report: JUnitReport): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const c of report.cases) {
    if (c.file === undefined || c.line === undefined) continue;
    const list = out.get(c.file);
    if (list) list.push(c.line);
    else out.set(c.file, [c.line]);
  }
  for (const l of out.values()) l.sort((a, b) => a - b);
  return out;
}
