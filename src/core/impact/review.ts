import { impactReason } from '../graph/impactGraph';
import type { ReviewCodeEntry, ReviewEntry, ReviewGroup, ReviewSuspectLink } from '../graph/types';
import type { Item } from '../model/item';
import { compareIds, type TraceIndex } from '../traceIndex';
import { comparePaths } from './compare';
import type { ChangeKind, ImpactAnalysisResult } from './types';

/** The reviewer's list ("Review Changes"): items in three groups, then the code files to re-check. */
export interface ReviewList {
  /** Changed items (ID order), then impacted (by depth, then ID), then upstream (ID order). */
  readonly entries: ReviewEntry[];
  /** Every code file `tracespine impact` lists, once, by path. */
  readonly code: ReviewCodeEntry[];
}

/**
 * The review list of a branch impact, in the order and with the reasons of
 * {@link impactGraph}'s, each entry saying its group, its change, the file that defines it
 * in the base (for a diff) and its suspect links (pins its target no longer has, with the
 * link entry's position, where the re-affirm quick fix applies). `base` must hold every base
 * definition the caller wants diffable (the live-index analysis reads every base file).
 *
 * Code files: those with changed trace tags and those tagged with a changed or impacted item
 * (`report.code` and `report.impactedCode`), merged by path.
 */
export function reviewList(head: TraceIndex, base: TraceIndex, report: ImpactAnalysisResult): ReviewList {
  const changed = new Map<string, ChangeKind>(report.changed.map((c) => [c.id, c.change]));
  const entries: ReviewEntry[] = [];
  const add = (id: string, group: ReviewGroup, reason: string): void => {
    const change = changed.get(id);
    const item = change === 'deleted' ? base.resolve(id) : head.resolve(id);
    if (!item) return;
    const entry: ReviewEntry = {
      id,
      kind: item.kind,
      title: item.title,
      file: item.file,
      line: item.idRange.start.line,
      reason,
      group,
    };
    if (change !== undefined) entry.change = change;
    const baseFile = change === 'added' ? undefined : base.resolve(id)?.file;
    if (baseFile !== undefined) entry.baseFile = baseFile;
    if (change !== 'deleted') {
      const suspect = suspectLinks(head, item);
      if (suspect.length > 0) entry.suspect = suspect;
    }
    entries.push(entry);
  };
  for (const c of report.changed) add(c.id, 'changed', c.change);
  const byDepth = [...report.impacted].sort((a, b) => a.depth - b.depth || compareIds(a.id, b.id));
  for (const i of byDepth) add(i.id, 'impacted', impactReason(head, i.via, changed));
  for (const u of report.upstream)
    add(u.id, 'upstream', `upstream of ${u.via[0]!} (${changed.get(u.via[0]!) ?? 'changed'})`);
  return { entries, code: codeEntries(head, base, report, changed) };
}

/** The pinned links of `item` whose target (in `head`) has another fingerprint than the pin. */
export function suspectLinks(head: TraceIndex, item: Item): ReviewSuspectLink[] {
  const out: ReviewSuspectLink[] = [];
  for (const l of item.links) {
    if (l.pin === undefined || l.target === item.id) continue;
    const target = head.resolve(l.target);
    if (!target || target.fingerprint === l.pin) continue;
    out.push({
      type: l.type,
      target: l.target,
      pin: l.pin,
      current: target.fingerprint,
      line: l.range.start.line,
      character: l.range.start.character,
    });
  }
  return out;
}

function codeEntries(
  head: TraceIndex,
  base: TraceIndex,
  report: ImpactAnalysisResult,
  changed: ReadonlyMap<string, ChangeKind>,
): ReviewCodeEntry[] {
  const byFile = new Map<string, { tagsChanged: string[]; tags: string[]; depth?: number }>();
  const get = (file: string): { tagsChanged: string[]; tags: string[]; depth?: number } => {
    let e = byFile.get(file);
    if (!e) byFile.set(file, (e = { tagsChanged: [], tags: [] }));
    return e;
  };
  for (const c of report.code) get(c.file).tagsChanged = [...c.ids];
  for (const c of report.impactedCode) {
    const e = get(c.file);
    e.tags = [...c.ids];
    e.depth = c.depth;
  }
  const out: ReviewCodeEntry[] = [];
  for (const [file, e] of [...byFile].sort((a, b) => comparePaths(a[0], b[0]))) {
    const h = head.get(file);
    const wanted = new Set([...e.tagsChanged, ...e.tags]);
    const tag = h?.tags.find((t) => wanted.has(t.id));
    const reasons: string[] = [];
    if (e.tagsChanged.length > 0) reasons.push(`trace tags changed: ${e.tagsChanged.join(', ')}`);
    if (e.tags.length > 0)
      reasons.push(`tags ${e.tags.map((id) => (changed.has(id) ? `${id} (${changed.get(id)!})` : id)).join(', ')}`);
    out.push({
      file,
      line: tag?.range.start.line ?? 0,
      tagsChanged: e.tagsChanged,
      tags: e.tags,
      ...(e.depth !== undefined ? { depth: e.depth } : {}),
      inBase: base.get(file) !== undefined,
      inHead: h !== undefined,
      reason: reasons.join('; '),
    });
  }
  return out;
}
