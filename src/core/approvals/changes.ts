import type { TraceConfig } from '../config/types';
import type { ImpactReport } from '../impact/types';
import type { TraceIndex } from '../traceIndex';
import { matchesSpec } from './state';
import type { ItemApprovalState } from './types';

/** An approval a change class still needs: `meaning` of `item`'s current text. */
export interface PendingApproval {
  readonly item: string;
  readonly fingerprint: string;
  readonly meaning: string;
}

/** How `changes:` classifies a branch (SPEC section 9), and what its class still needs. */
export interface ChangeClassification {
  /** The first matching class; null when none matches (nothing is required then). */
  readonly class: string | null;
  /** Kinds of the changed items, in configuration order. */
  readonly kinds: readonly string[];
  /** The highest severity among the hazards changed, impacted or upstream; null when none has one. */
  readonly severity: string | null;
  /** The class's required approvals (`reviewed:risk-manager`, ...). */
  readonly require: readonly string[];
  /** Per changed (not deleted) item and required meaning without an approval of its current fingerprint; ID order. */
  readonly pending: readonly PendingApproval[];
}

/**
 * Classifies the change of an impact report: the kinds it changes, and the highest severity
 * of the items it touches (changed, impacted, upstream: the hazards it changes or that trace
 * to it). First match of `changes` wins; its approvals are looked up in `approvals` (the
 * head side's state).
 */
export function classifyChange(
  config: TraceConfig,
  report: ImpactReport,
  base: TraceIndex,
  head: TraceIndex,
  approvals: ReadonlyMap<string, ItemApprovalState>,
): ChangeClassification {
  const changedKinds = new Set(report.changed.map((c) => c.kind));
  const kinds = config.kinds.map((k) => k.name).filter((k) => changedKinds.has(k));
  const scale = config.severityScale;
  let rank = -1;
  const ids = [
    ...report.changed.map((c) => c.id),
    ...report.impacted.map((i) => i.id),
    ...report.upstream.map((u) => u.id),
  ];
  for (const id of ids) {
    const item = head.resolve(id) ?? base.resolve(id);
    const v = item?.fields.get('severity')?.value;
    if (typeof v === 'string') rank = Math.max(rank, scale.indexOf(v));
  }
  const severity = rank >= 0 ? scale[rank]! : null;
  const rule = config.changes.find((c) => {
    if (c.kinds && !c.kinds.some((k) => changedKinds.has(k))) return false;
    if (c.severityAtLeast !== undefined && rank < scale.indexOf(c.severityAtLeast)) return false;
    return true;
  });
  if (!rule) return { class: null, kinds, severity, require: [], pending: [] };
  const pending: PendingApproval[] = [];
  for (const c of report.changed) {
    if (c.change === 'deleted') continue;
    const item = head.resolve(c.id);
    if (!item) continue;
    const have = approvals.get(c.id)?.approvals ?? [];
    for (const meaning of rule.require) {
      if (!have.some((e) => e.fingerprint === item.fingerprint && matchesSpec(e, meaning)))
        pending.push({ item: c.id, fingerprint: item.fingerprint, meaning });
    }
  }
  return { class: rule.class, kinds, severity, require: rule.require, pending };
}

/** Lines for the text report. */
export function changeClassText(c: ChangeClassification): string[] {
  const out = [
    `Change class: ${c.class ?? '(none matches)'}${c.severity ? ` (highest severity touched: ${c.severity})` : ''}`,
  ];
  if (c.class !== null && c.require.length > 0) {
    if (c.pending.length === 0) out.push(`Approvals: all given (${c.require.join(', ')})`);
    else
      out.push(
        `Still to approve (${c.pending.length}):`,
        ...c.pending.map((p) => `  ${p.item} ${p.meaning} (fingerprint ${p.fingerprint})`),
      );
  }
  return out;
}

/** The Markdown section of the pull-request comment. */
export function changeClassMarkdown(c: ChangeClassification): string[] {
  const out = ['### Change control', ''];
  out.push(`Class: **${c.class ?? 'none matches'}**${c.severity ? ` · highest severity touched: ${c.severity}` : ''}`);
  if (c.class !== null && c.require.length > 0) {
    out.push('');
    if (c.pending.length === 0)
      out.push(`All required approvals are given (${c.require.map((r) => `\`${r}\``).join(', ')}).`);
    else {
      out.push(`**Still to approve (${c.pending.length}):**`, '', '| item | approval | fingerprint |', '|---|---|---|');
      for (const p of c.pending) out.push(`| ${p.item} | \`${p.meaning}\` | \`${p.fingerprint}\` |`);
      out.push(
        '',
        `Approve with \`tracespine approve ID --meaning MEANING --role ROLE --sign\` and commit the record.`,
      );
    }
  }
  out.push('');
  return out;
}
