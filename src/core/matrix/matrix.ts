import { isCovered } from '../graph/coverage';
import { compareIds, type TraceIndex } from '../traceIndex';
import type { Item, LinkEntry } from '../model/item';
import type { EvidenceInput } from '../release/inputs';
import { hazardRisk, RISK_COLUMNS, scalarText } from './risk';

/**
 * The traceability matrix (SPEC section 10): pure functions of the index. Every view is a
 * table of strings, so that each format (CSV, Markdown, HTML, JSON, XLSX) writes the same
 * cells; the formatters live outside core.
 */

export const MATRIX_VIEWS = ['links', 'requirements', 'hazards', 'needs'] as const;
export type MatrixView = (typeof MATRIX_VIEWS)[number];

export type LinkState = 'ok' | 'suspect' | 'dangling' | 'wrong-kind' | 'obsolete' | 'gap';

export const LINK_COLUMNS = [
  'from_id',
  'from_kind',
  'from_title',
  'link',
  'to_id',
  'to_kind',
  'to_title',
  'state',
  'evidence',
] as const;

export interface MatrixTable {
  readonly view: MatrixView | 'gaps' | 'legend';
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface MatrixOptions {
  /** Verification status per item (SPEC 8); absent: the evidence column stays empty. */
  readonly evidence?: EvidenceInput;
}

/** The kind each item view lists (the default configuration's names). */
export const VIEW_KINDS: Record<Exclude<MatrixView, 'links'>, string> = {
  requirements: 'requirement',
  hazards: 'hazard',
  needs: 'need',
};

export const VIEW_TITLES: Record<MatrixView | 'gaps' | 'legend', string> = {
  links: 'Links',
  requirements: 'Requirements',
  hazards: 'Hazards',
  needs: 'Needs',
  gaps: 'Gaps',
  legend: 'Legend',
};

/** One view of the matrix. */
export function matrixTable(index: TraceIndex, view: MatrixView, options: MatrixOptions = {}): MatrixTable {
  switch (view) {
    case 'links':
      return { view, title: VIEW_TITLES.links, columns: LINK_COLUMNS, rows: linkRows(index, options) };
    case 'requirements':
      return requirementsTable(index, options);
    case 'hazards':
      return hazardsTable(index, options);
    case 'needs':
      return needsTable(index, options);
  }
}

/** Every view, then the Gaps and the Legend (the XLSX workbook's sheets). */
export function matrixWorkbook(index: TraceIndex, options: MatrixOptions = {}): MatrixTable[] {
  const links = matrixTable(index, 'links', options);
  const gaps: MatrixTable = {
    view: 'gaps',
    title: VIEW_TITLES.gaps,
    columns: LINK_COLUMNS,
    rows: links.rows.filter((r) => r[7] === 'gap'),
  };
  return [
    links,
    matrixTable(index, 'requirements', options),
    matrixTable(index, 'hazards', options),
    matrixTable(index, 'needs', options),
    gaps,
    legendTable(),
  ];
}

export const STATE_MEANINGS: Record<LinkState, string> = {
  ok: 'the link resolves to a live item of an allowed kind, and its pin (if any) is current',
  suspect:
    "the pinned fingerprint differs from the target's current one: the target changed after the link was reviewed",
  dangling: 'no item defines the target ID',
  'wrong-kind': 'the link type may not go from this kind, or to the target kind',
  obsolete: 'the source or the target is obsolete: the link does not count as coverage',
  gap: "a required-link or coverage rule is not met: 'link' is the rule's code, the 'to' columns are empty",
};

export function legendTable(): MatrixTable {
  const rows: string[][] = (Object.keys(STATE_MEANINGS) as LinkState[]).map((s) => ['state', s, STATE_MEANINGS[s]]);
  rows.push(['column', 'from_id', "the item's ID, or path:line of a code tag"]);
  rows.push(['column', 'link', 'the link type, @tag for a code tag, or the rule code of a gap']);
  rows.push([
    'column',
    'evidence',
    'the verification status (passed, failed, stale, skipped, missing, none) where evidence is configured',
  ]);
  return { view: 'legend', title: VIEW_TITLES.legend, columns: ['what', 'value', 'meaning'], rows };
}

// --- links view ------------------------------------------------------------------------------

/** Whether a row of this link type (or code tag counting as it) carries the target's verification status. */
function verifiesLike(index: TraceIndex, type: string): boolean {
  return type === 'verifies' || index.config.codeTags.get(type)?.countsAs === 'verifies';
}

export function linkState(
  index: TraceIndex,
  from: Item | undefined,
  type: string,
  target: string,
  pin: string | undefined,
  allowed: ReadonlySet<string>,
): LinkState {
  const to = index.resolve(target);
  if (!to) return 'dangling';
  if (!allowed.has(to.kind)) return 'wrong-kind';
  if (from && !index.config.links.get(type)?.from.has(from.kind)) return 'wrong-kind';
  if (!to.live || (from !== undefined && !from.live)) return 'obsolete';
  if (pin !== undefined && pin !== to.fingerprint) return 'suspect';
  return 'ok';
}

/** The links view: one row per frontmatter link and code tag, one gap row per unmet rule; natural ID order. */
export function linkRows(index: TraceIndex, options: MatrixOptions = {}): string[][] {
  const config = index.config;
  const status = options.evidence?.status;
  const rows: string[][] = [];
  for (const resolved of index.items()) {
    for (const item of index.definitions(resolved.id)) {
      for (const l of item.links) {
        const type = config.links.get(l.type);
        const state = linkState(index, item, l.type, l.target, l.pin, type?.to ?? EMPTY_SET);
        const to = index.resolve(l.target);
        const evidence = status && verifiesLike(index, l.type) ? (status(l.target) ?? '') : '';
        rows.push([item.id, item.kind, item.title, l.type, l.target, to?.kind ?? '', to?.title ?? '', state, evidence]);
      }
      if (resolved !== item) continue; // a duplicate definition's rules are the resolved one's
      for (const code of gapCodes(index, item))
        rows.push([item.id, item.kind, item.title, code, '', '', '', 'gap', status ? (status(item.id) ?? '') : '']);
    }
  }
  const tagRows: { key: string; row: string[] }[] = [];
  for (const f of index.allFiles()) {
    for (const t of f.tags) {
      const tag = config.codeTags.get(t.tag);
      const to = index.resolve(t.id);
      const state = linkState(index, undefined, t.tag, t.id, undefined, tag?.to ?? EMPTY_SET);
      const fromId = `${f.file}:${t.range.start.line + 1}`;
      const evidence = status && tag?.countsAs === 'verifies' ? (status(t.id) ?? '') : '';
      tagRows.push({
        key: fromId,
        row: [fromId, 'code', '', `@${t.tag}`, t.id, to?.kind ?? '', to?.title ?? '', state, evidence],
      });
    }
  }
  // Stable: tags of one line keep their source order.
  tagRows.sort((a, b) => compareIds(a.key, b.key));
  for (const t of tagRows) rows.push(t.row);
  return rows;
}

const EMPTY_SET: ReadonlySet<string> = new Set();

/** The codes of the required-link and coverage rules a live item does not meet (as link.missing / coverage.<name>). */
export function gapCodes(index: TraceIndex, item: Item): string[] {
  if (!item.live) return NO_CODES;
  const config = index.config;
  let out: string[] | undefined;
  if (config.rules.get('link.missing') !== 'off') {
    for (const rule of config.required) {
      if (rule.kind !== item.kind || item.links.some((l: LinkEntry) => rule.links.includes(l.type))) continue;
      (out ??= []).push('link.missing');
    }
  }
  for (const rule of config.coverage) {
    const code = `coverage.${rule.name}`;
    if (rule.kind !== item.kind || rule.severity === 'off' || config.rules.get(code) === 'off') continue;
    if (!isCovered(index, item, rule)) (out ??= []).push(code);
  }
  return out ?? NO_CODES;
}

const NO_CODES: string[] = [];

// --- item views ------------------------------------------------------------------------------

/** An incoming link of an item: from an item (`verifies TST-1`) or a code tag (`@verifies src/a.ts:3`). */
export interface IncomingLink {
  readonly type: string;
  readonly from: string;
  readonly item?: Item;
  readonly state: LinkState;
}

export function incomingLinks(index: TraceIndex, item: Item): IncomingLink[] {
  const out: IncomingLink[] = [];
  for (const file of index.referrers(item.id)) {
    const f = index.get(file);
    if (!f) continue;
    if (f.item) {
      for (const l of f.item.links) {
        if (l.target !== item.id) continue;
        const state = linkState(
          index,
          f.item,
          l.type,
          l.target,
          l.pin,
          index.config.links.get(l.type)?.to ?? EMPTY_SET,
        );
        out.push({ type: l.type, from: f.item.id, item: f.item, state });
      }
    }
    for (const t of f.tags) {
      if (t.id !== item.id) continue;
      const state = linkState(
        index,
        undefined,
        t.tag,
        t.id,
        undefined,
        index.config.codeTags.get(t.tag)?.to ?? EMPTY_SET,
      );
      out.push({ type: `@${t.tag}`, from: `${f.file}:${t.range.start.line + 1}`, state });
    }
  }
  out.sort((a, b) => compareIds(a.from, b.from) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return out;
}

function described(type: string, id: string, state: LinkState): string {
  return state === 'ok' ? `${type} ${id}` : `${type} ${id} (${state})`;
}

function outgoingCell(index: TraceIndex, item: Item): string {
  return item.links
    .map((l) =>
      described(
        l.type,
        l.target,
        linkState(index, item, l.type, l.target, l.pin, index.config.links.get(l.type)?.to ?? EMPTY_SET),
      ),
    )
    .join('; ');
}

function incomingCell(links: readonly IncomingLink[]): string {
  return links.map((l) => described(l.type, l.from, l.state)).join('; ');
}

function itemsOf(index: TraceIndex, kind: string): readonly Item[] {
  return index.items().filter((i) => i.kind === kind);
}

function evidenceOf(options: MatrixOptions, id: string): string {
  return options.evidence?.status(id) ?? '';
}

function requirementsTable(index: TraceIndex, options: MatrixOptions): MatrixTable {
  const columns = ['id', 'title', 'status', 'traces_to', 'traced_from', 'evidence', 'gaps'];
  const rows = itemsOf(index, VIEW_KINDS.requirements).map((item) => [
    item.id,
    item.title,
    item.status,
    outgoingCell(index, item),
    incomingCell(incomingLinks(index, item)),
    evidenceOf(options, item.id),
    gapCodes(index, item).join('; '),
  ]);
  return { view: 'requirements', title: VIEW_TITLES.requirements, columns, rows };
}

/** Needs: what refines or validates each need, and what verifies that in turn (the chain down). */
function needsTable(index: TraceIndex, options: MatrixOptions): MatrixTable {
  const columns = ['id', 'title', 'status', 'traced_from', 'chain', 'evidence', 'gaps'];
  const rows = itemsOf(index, VIEW_KINDS.needs).map((item) => {
    const incoming = incomingLinks(index, item);
    const chain: string[] = [];
    for (const l of incoming) {
      if (!l.item) continue;
      const below = incomingLinks(index, l.item).map((b) => b.from);
      chain.push(below.length > 0 ? `${l.from} ← ${below.join(', ')}` : l.from);
    }
    return [
      item.id,
      item.title,
      item.status,
      incomingCell(incoming),
      chain.join('; '),
      evidenceOf(options, item.id),
      gapCodes(index, item).join('; '),
    ];
  });
  return { view: 'needs', title: VIEW_TITLES.needs, columns, rows };
}

/** Hazards: hazard → risk controls (the items that mitigate it) → their verification and evidence → residual risk. */
function hazardsTable(index: TraceIndex, options: MatrixOptions): MatrixTable {
  const columns = [
    'id',
    'title',
    'status',
    'severity',
    'probability',
    'controls',
    'verification',
    'evidence',
    ...RISK_COLUMNS,
    'gaps',
  ];
  // Risk controls: the links that cover a hazard under its coverage rules (mitigates, by default).
  const controlTypes = new Set(index.config.coverage.filter((r) => r.kind === VIEW_KINDS.hazards).flatMap((r) => r.by));
  const rows = itemsOf(index, VIEW_KINDS.hazards).map((item) => {
    const controls = incomingLinks(index, item).filter(
      (l) => l.item && (controlTypes.size === 0 || controlTypes.has(l.type)),
    );
    const verification: string[] = [];
    const evidence: string[] = [];
    for (const c of controls) {
      const below = incomingLinks(index, c.item!).filter((b) => verifiesLike(index, b.type.replace(/^@/, '')));
      if (below.length > 0) verification.push(`${c.from} ← ${below.map((b) => b.from).join(', ')}`);
      const s = evidenceOf(options, c.from);
      if (s !== '') evidence.push(`${c.from} ${s}`);
    }
    return [
      item.id,
      item.title,
      item.status,
      fieldText(item, 'severity'),
      fieldText(item, 'probability'),
      incomingCell(controls),
      verification.join('; '),
      evidence.join('; '),
      ...hazardRisk(index.config, item).cells,
      gapCodes(index, item).join('; '),
    ];
  });
  return { view: 'hazards', title: VIEW_TITLES.hazards, columns, rows };
}

export function fieldText(item: Item, key: string): string {
  const v = item.fields.get(key)?.value;
  if (v === undefined || v === null) return '';
  return scalarText(v);
}
