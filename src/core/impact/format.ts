import { printable } from '../model/printable';
import { mermaidFlowchart, type MermaidEdge, type MermaidNode } from '../graph/mermaid';
import { impactNodeIds } from './edges';
import type { ChangedItem, ImpactEdge, ImpactReport } from './types';

/** Above this many nodes, the Markdown report leaves the graph out (PR comments have size limits). */
export const MARKDOWN_GRAPH_MAX_NODES = 100;
const TITLE_MAX = 60;
/** The Markdown report stays below this many characters: GitHub refuses comments over 65,536. */
export const MARKDOWN_MAX_CHARS = 60_000;

export interface ImpactTextOptions {
  /** How a ROOT-relative path is shown (the CLI makes it relative to the current directory). */
  readonly path?: (file: string) => string;
}

/** `--format json`: the report itself, two-space indented. */
export function formatImpactJson(report: ImpactReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** `--format text`: a concise listing for a terminal or a CI log. */
export function formatImpactText(report: ImpactReport, options: ImpactTextOptions = {}): string {
  const path = options.path ?? ((f: string) => f);
  const out: string[] = [
    `Impact of ${sideText(report.head)} against ${report.base.ref} (merge base ${short(report.base.commit)})`,
  ];
  const changes = changeById(report);
  const section = (title: string, rows: string[][]): void => {
    if (rows.length === 0) return;
    out.push('', `${title} (${rows.length}):`, ...table(rows).map((l) => `  ${l}`));
  };
  section(
    'Changed',
    report.changed.map((c) => [c.id, c.kind, c.change, path(c.file), c.title]),
  );
  section(
    'Code with changed trace tags',
    report.code.map((c) => [path(c.file), c.ids.join(', ')]),
  );
  section(
    'Impacted, to re-review',
    report.impacted.map((i) => [i.id, i.kind, `depth ${i.depth}`, viaText(i.via, changes, ' -> '), path(i.file)]),
  );
  section(
    'Upstream, to re-check',
    report.upstream.map((u) => [
      u.id,
      u.kind,
      `upstream of ${u.via[0]!} (${changes.get(u.via[0]!) ?? 'changed'})`,
      path(u.file),
    ]),
  );
  section(
    'Code tagged with changed or impacted items',
    report.impactedCode.map((c) => [path(c.file), `depth ${c.depth}`, c.ids.join(', ')]),
  );
  if (report.changed.length === 0 && report.code.length === 0) out.push('', 'No design items or trace tags changed.');
  out.push('', summaryText(report));
  // One line per row, whatever a title or a file name holds (printable.ts).
  return `${out.map(printable).join('\n')}\n`;
}

/** `--format markdown`: a pull-request comment, with a Mermaid graph when it is small enough. */
export function formatImpactMarkdown(report: ImpactReport, edges: readonly ImpactEdge[]): string {
  const changes = changeById(report);
  const out: string[] = ['## Tracespine: design impact', ''];
  const head =
    report.head.commit === null
      ? '`WORKTREE` (working tree)'
      : `${code(report.head.ref)} (${code(short(report.head.commit))})`;
  const counts = `**${report.changed.length} changed, ${report.impacted.length} impacted**`;
  const more: string[] = [];
  if (report.upstream.length > 0) more.push(`${report.upstream.length} upstream to re-check`);
  if (report.code.length > 0) more.push(`${plural(report.code.length, 'code file')} with changed trace tags`);
  if (report.impactedCode.length > 0) more.push(`${plural(report.impactedCode.length, 'code file')} to re-check`);
  out.push(
    `${counts}${more.length > 0 ? `, ${more.join(', ')}` : ''}: ${head} against ${code(report.base.ref)} (merge base ${code(short(report.base.commit))}).`,
  );
  if (report.changed.length === 0 && report.code.length === 0) {
    out.push('', 'No design items or trace tags changed.');
    return `${out.join('\n')}\n`;
  }
  const nodes = impactNodeIds(report).length;
  let graph: string[];
  if (nodes > MARKDOWN_GRAPH_MAX_NODES)
    graph = [`_${nodes} items: too many to draw here. \`tracespine impact --format mermaid\` prints the whole graph._`];
  else graph = ['```mermaid', impactMermaid(report, edges).trimEnd(), '```'];
  // The tables share what the comment has left once the rest is counted; a row that does not fit ends its table.
  let room = MARKDOWN_MAX_CHARS - length(out) - length(graph) - 2000;
  const table = (heading: string, columns: string, rows: readonly string[]): void => {
    if (rows.length === 0) return;
    const bar = `|${columns
      .split('|')
      .slice(1, -1)
      .map(() => '---')
      .join('|')}|`;
    out.push('', heading, '', columns, bar);
    let shown = 0;
    for (const r of rows) {
      if (r.length + 1 > room) break;
      out.push(r);
      room -= r.length + 1;
      shown++;
    }
    if (shown < rows.length) {
      out.push(
        '',
        `_${rows.length - shown} more not shown: GitHub refuses comments over 65,536 characters. \`tracespine impact --format json\` lists them all._`,
      );
      room = 0;
    }
  };
  table(
    '### Changed',
    '| ID | Kind | Change | Title | File |',
    report.changed.map((c) => row([cell(c.id), cell(c.kind), c.change, cell(c.title), code(c.file)])),
  );
  table('### Needs re-review', '| ID | Kind | Title | Why |', [
    ...report.impacted.map((i) =>
      row([cell(i.id), cell(i.kind), cell(i.title), cell(`depends on ${viaText(i.via, changes, ' → ')}`)]),
    ),
    ...report.upstream.map((u) =>
      row([
        cell(u.id),
        cell(u.kind),
        cell(u.title),
        cell(`upstream of ${u.via[0]!} (${changes.get(u.via[0]!) ?? 'changed'})`),
      ]),
    ),
  ]);
  table(
    '### Code with changed trace tags',
    '| File | IDs |',
    report.code.map((c) => row([code(c.file), cell(c.ids.join(', '))])),
  );
  table(
    '### Code tagged with changed or impacted items',
    '| File | IDs |',
    report.impactedCode.map((c) => row([code(c.file), cell(c.ids.join(', '))])),
  );
  out.push('', '### Graph', '', ...graph);
  return `${out.join('\n')}\n`;
}

/**
 * `--format mermaid`: a `graph TD` of the changed, impacted and upstream items, arrows from
 * the item carrying a link to its target (dotted from deleted items), styled by role.
 */
export function impactMermaid(report: ImpactReport, edges: readonly ImpactEdge[]): string {
  const ids = impactNodeIds(report);
  const node = new Map(ids.map((id, i) => [id, `n${i}`]));
  const changed = new Map(report.changed.map((c) => [c.id, c]));
  const impacted = new Map(report.impacted.map((i) => [i.id, i]));
  const upstream = new Map(report.upstream.map((u) => [u.id, u]));
  const head = [
    'classDef changed fill:#ffe0b2,stroke:#e65100,stroke-width:2px',
    'classDef deleted fill:#ffcdd2,stroke:#b71c1c,stroke-width:2px,stroke-dasharray:5 3',
    'classDef impacted fill:#fff9c4,stroke:#f9a825',
    'classDef upstream fill:#e3f2fd,stroke:#1565c0',
  ];
  const classes: Record<'changed' | 'deleted' | 'impacted' | 'upstream', string[]> = {
    changed: [],
    deleted: [],
    impacted: [],
    upstream: [],
  };
  const nodes: MermaidNode[] = [];
  for (const id of ids) {
    const n = node.get(id)!;
    const c = changed.get(id);
    const i = impacted.get(id);
    const title = (c ?? i ?? upstream.get(id))?.title ?? '';
    const first = c ? `${id} (${c.change})` : i ? `${id} (depth ${i.depth})` : id;
    nodes.push({ key: n, label: title ? [first, truncate(title)] : [first] });
    classes[c ? (c.change === 'deleted' ? 'deleted' : 'changed') : i ? 'impacted' : 'upstream'].push(n);
  }
  const lines: MermaidEdge[] = [];
  for (const e of edges) {
    const from = node.get(e.from);
    const to = node.get(e.to);
    if (from && to) lines.push({ from, to, label: e.type, dotted: e.deleted });
  }
  const tail = Object.entries(classes)
    .filter(([, list]) => list.length > 0)
    .map(([name, list]) => `class ${list.join(',')} ${name}`);
  return mermaidFlowchart({ head, nodes, edges: lines, tail });
}

export function summaryText(report: ImpactReport): string {
  const parts = [
    `${report.changed.length} changed`,
    `${report.impacted.length} impacted`,
    `${report.upstream.length} upstream`,
  ];
  parts.push(
    `${plural(report.code.length, 'code file')} with changed tags`,
    `${plural(report.impactedCode.length, 'code file')} to re-check`,
  );
  return parts.join(', ');
}

function changeById(report: ImpactReport): Map<string, ChangedItem['change']> {
  return new Map(report.changed.map((c) => [c.id, c.change]));
}

function viaText(via: readonly string[], changes: Map<string, ChangedItem['change']>, arrow: string): string {
  const [first, ...rest] = via;
  return [`${first!} (${changes.get(first!) ?? 'changed'})`, ...rest].join(arrow);
}

function sideText(side: ImpactReport['head']): string {
  return side.commit === null ? side.ref : `${side.ref} (${short(side.commit)})`;
}

function short(commit: string): string {
  return commit.slice(0, 12);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function truncate(s: string): string {
  return s.length > TITLE_MAX ? `${s.slice(0, TITLE_MAX - 1).trimEnd()}…` : s;
}

/** Left-aligned columns, two spaces apart; the last column is not padded. */
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** Characters of `lines` joined by newlines. */
function length(lines: readonly string[]): number {
  let n = 0;
  for (const l of lines) n += l.length + 1;
  return n;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Plain text in a Markdown table cell: no HTML, no emphasis or links, no column breaks. */
function cell(s: string): string {
  return printable(s.replace(/[\r\n]+/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

/** A code span (in a table cell: pipes escaped, which GitHub honours inside code spans). */
function code(s: string): string {
  const text = printable(s.replace(/[\r\n]+/g, ' ')).replace(/\|/g, '\\|');
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${text}${fence === '``' ? ' ' : ''}${fence}`;
}
