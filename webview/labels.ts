/** The text of the graph: edge labels, node badges and names, the Mermaid flowchart. */
import { mermaidFlowchart, mermaidLabel, type MermaidEdge } from '../src/shared/mermaid';
import { cssToken, kindColorSlot, sortedKinds } from './kinds';
import type { GraphData, GraphEdge, GraphNode } from '../src/shared/protocol';
import { SLOT_COLORS } from './graphStyle';

export function edgeLabel(e: Pick<GraphEdge, 'type' | 'suspect'>): string {
  return e.suspect ? `${e.type} (suspect)` : e.type;
}

/** Cuts `s` to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  return max <= 1 ? '…' : `${t.slice(0, max - 1).trimEnd()}…`;
}

const EVIDENCE_BADGES: Record<NonNullable<GraphNode['evidence']>, { cls: string; text: string; title: string }> = {
  failed: { cls: 'evidence-failed', text: '✕ failed', title: 'Evidence: a test result failed' },
  stale: { cls: 'evidence-stale', text: 'stale', title: 'Evidence: the results predate a change of the item' },
  missing: {
    cls: 'evidence-missing',
    text: 'no result',
    title: 'Evidence: verified by a test, but no result names it',
  },
  skipped: { cls: 'evidence-skipped', text: 'skipped', title: 'Evidence: only skipped results' },
  passed: { cls: 'evidence-passed', text: '✓ passed', title: 'Evidence: the tests passed' },
};

/** Short badge texts of a node, in display order. */
export function nodeBadges(n: GraphNode): { cls: string; text: string; title: string }[] {
  const out: { cls: string; text: string; title: string }[] = [];
  if (n.change) out.push({ cls: `change-${n.change}`, text: n.change, title: `Changed on this branch: ${n.change}` });
  else if (n.impacted) out.push({ cls: 'impacted', text: 'impacted', title: 'Impacted by a change: needs re-review' });
  if (n.errors)
    out.push({ cls: 'errors', text: `✕ ${n.errors}`, title: `${n.errors} error${n.errors === 1 ? '' : 's'}` });
  if (n.warnings)
    out.push({
      cls: 'warnings',
      text: `⚠ ${n.warnings}`,
      title: `${n.warnings} warning${n.warnings === 1 ? '' : 's'}`,
    });
  if (n.untested) out.push({ cls: 'untested', text: 'untested', title: 'No test verifies this item' });
  if (n.unmitigated)
    out.push({ cls: 'unmitigated', text: 'unmitigated', title: 'No requirement mitigates this hazard' });
  if (n.suspect)
    out.push({
      cls: 'suspect',
      text: 'suspect',
      title: 'A link of this item is suspect: its target changed since it was reviewed',
    });
  if (n.evidence && n.evidence !== 'passed') out.push(EVIDENCE_BADGES[n.evidence]);
  else if (n.evidence === 'passed') out.push(EVIDENCE_BADGES.passed);
  if (n.failingDownstream)
    out.push({
      cls: 'failing-downstream',
      text: '✕ below',
      title: 'An item downstream of this one (a requirement, a test) has a failing result',
    });
  if (n.anomalies?.length)
    out.push({
      cls: 'anomalies',
      text: `PR ${n.anomalies.length}`,
      title: `Open problem report${n.anomalies.length === 1 ? '' : 's'} affecting it: ${n.anomalies.join(', ')}`,
    });
  return out;
}

/** The accessible name of a node (also its tooltip's first line). */
export function nodeAriaLabel(n: GraphNode): string {
  const parts = [`${n.kindLabel} ${n.id}: ${n.title}`];
  if (n.status) parts.push(`status ${n.status}`);
  for (const b of nodeBadges(n)) parts.push(b.title.toLowerCase());
  return parts.join(', ');
}

/** Text for a quoted Mermaid label: the engine's one escaping (src/core/graph/mermaid.ts). */
export const escapeMermaid = mermaidLabel;

/**
 * A Mermaid flowchart of `data`: `graph TD`, one node per item (`n0`, `n1`, … in input order,
 * labelled `ID: title`), one edge per link from carrier to target labelled with the link type
 * (dotted when suspect), then per kind a `classDef` (its colour) and a `class` line; the focus
 * gets a thick border.
 */
export function toMermaid(data: GraphData, focus?: string): string {
  const key = new Map<string, string>(data.nodes.map((n, i) => [n.id, `n${i}`]));
  const nodes = data.nodes.map((n, i) => ({ key: `n${i}`, label: [`${n.id}: ${n.title}`] }));
  const edges: MermaidEdge[] = [];
  for (const e of data.edges) {
    const a = key.get(e.from);
    const b = key.get(e.to);
    if (a && b) edges.push({ from: a, to: b, label: edgeLabel(e), dotted: e.suspect === true });
  }
  const tail: string[] = [];
  sortedKinds(data.kinds).forEach((k, i) => {
    const members = data.nodes.filter((n) => n.kind === k.kind).map((n) => key.get(n.id));
    if (members.length === 0) return;
    const colour = SLOT_COLORS[kindColorSlot(k.kind, i)]?.[1] ?? '#888888';
    tail.push(`classDef ${cssToken(k.kind)} stroke:${colour},stroke-width:2px`);
    tail.push(`class ${members.join(',')} ${cssToken(k.kind)}`);
  });
  const f = focus !== undefined ? key.get(focus) : undefined;
  if (f) tail.push(`style ${f} stroke-width:3px`);
  return mermaidFlowchart({ nodes, edges, tail });
}
