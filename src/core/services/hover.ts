import { openAnomaliesAffecting } from '../anomaly/anomalies';
import { kindOfId } from '../config/load';
import { compareIds, type TraceIndex } from '../traceIndex';
import type { Position } from '../model/range';
import { escapeMarkdown } from './document';
import { idAt, type IdAt } from './idAt';
import { incomingLinks, itemCoverage, coverageText } from './trace';
import type { Hover, Location } from './types';

/**
 * A link target for a location (the server gives `file:///…/TST-3.md#L5`); undefined, or a
 * function that answers undefined, leaves the name as plain text.
 */
export type LinkTo = (location: Location) => string | undefined;

/** Markdown hover for the trace ID at `position`, or undefined when there is none. */
export function hover(
  index: TraceIndex,
  file: string,
  text: string,
  position: Position,
  linkTo?: LinkTo,
): Hover | undefined {
  const at = idAt(index, file, text, position);
  if (!at) return undefined;
  return { contents: hoverText(index, at.id, at, linkTo), range: at.range };
}

/**
 * The hover's Markdown for `id`. `at` (where the cursor is) adds the state of the hovered
 * link entry: its pin against the target's current fingerprint. With `linkTo`, each name
 * under "Linked from" is a link to the place that links (the entry's or tag's line).
 */
export function hoverText(index: TraceIndex, id: string, at?: IdAt, linkTo?: LinkTo): string {
  const config = index.config;
  const defs = index.definitions(id);
  const item = defs[0];
  const kind = kindOfId(config, id);
  const out: string[] = [];
  if (!item) {
    out.push(`**${id}**${kind ? ` · ${kind.label}` : ''}`, '', `No item defines ${id}`);
    return out.join('\n');
  }
  const kindLabel = config.kindByName.get(item.kind)?.label ?? item.kind;
  out.push(`**${id}** · ${kindLabel}${item.title ? ` — ${escapeMarkdown(item.title)}` : ''}`);
  out.push('', `Status: ${item.status} · \`${item.file}\``);
  if (defs.length > 1) out.push('', `Defined ${defs.length} times: ${defs.map((d) => `\`${d.file}\``).join(', ')}`);

  const up = groupBy(item.links.map((l) => [l.type, l.target] as const));
  if (up.size > 0) {
    out.push('', 'Links to:');
    for (const [type, targets] of up) out.push(`- ${type}: ${targets.map((t) => withTitle(index, t)).join(', ')}`);
  }

  const incoming = incomingLinks(index, id);
  const down = groupBy(
    incoming.map((m) => (m.tag ? ([`@${m.tag.tag}`, m.file] as const) : ([m.link!.type, m.item!.id] as const))),
  );
  if (down.size > 0) {
    const order = [...config.links.keys()];
    const rank = (k: string): number => (k.startsWith('@') ? order.length : order.indexOf(k));
    const types = [...down.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    // Where each one links (its first mention of the ID), for clients that can open a location.
    const where = new Map<string, Location>();
    for (const m of incoming) {
      const key = m.tag ? `@${m.tag.tag}\u0000${m.file}` : `${m.link!.type}\u0000${m.item!.id}`;
      if (!where.has(key)) where.set(key, { file: m.file, range: m.range });
    }
    const show = (type: string, name: string): string => {
      const target = linkTo?.(where.get(`${type}\u0000${name}`)!);
      return target === undefined ? name : `[${escapeMarkdown(name)}](${target})`;
    };
    out.push('', 'Linked from:');
    for (const type of types)
      out.push(
        `- ${type}: ${down
          .get(type)!
          .map((n) => show(type, n))
          .join(', ')}`,
      );
  }

  const coverage = itemCoverage(index, item);
  if (coverage.length > 0) {
    out.push('', 'Coverage:');
    for (const c of coverage) out.push(`- ${c.exempt || c.covered ? '' : '⚠ '}${coverageText(c)}`);
  }

  const anomalies = openAnomaliesAffecting(index, id);
  if (anomalies.length > 0) {
    out.push('', 'Open anomalies:');
    for (const a of anomalies) {
      const what = [a.severity, a.state].filter((x) => x !== undefined).join(', ');
      const title = a.title ? ` — ${escapeMarkdown(a.title)}` : '';
      out.push(`- ⚠ ${a.id} (${what})${title}${a.safety_evaluation === undefined ? ' · no safety evaluation' : ''}`);
    }
  }

  const link = at?.link;
  if (link?.pin !== undefined) {
    out.push(
      '',
      link.pin === item.fingerprint
        ? `Pinned at ${link.pin} (current)`
        : `⚠ Suspect link: ${id} changed since this link was reviewed (pinned ${link.pin}, current ${item.fingerprint})`,
    );
  }
  return out.join('\n');
}

function withTitle(index: TraceIndex, id: string): string {
  const t = index.resolve(id);
  return t ? (t.title ? `${id} (${escapeMarkdown(t.title)})` : id) : `${id} (undefined)`;
}

/** Groups [key, value] pairs by key, keys in first-seen order, values unique and naturally sorted. */
function groupBy(pairs: readonly (readonly [string, string])[]): Map<string, string[]> {
  const m = new Map<string, Set<string>>();
  for (const [k, v] of pairs) {
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    s.add(v);
  }
  const out = new Map<string, string[]>();
  for (const [k, s] of m) out.set(k, [...s].sort(compareIds));
  return out;
}
