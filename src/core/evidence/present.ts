import type { Item } from '../model/item';
import type { ItemVerification, VerificationResult } from './state';

const MARK: Record<string, string> = { passed: '✓', failed: '✗', skipped: '○' };

/** "2 min ago", "3 h ago", "5 days ago"; undefined for a time that does not parse. */
export function ago(time: string | undefined, now: number): string | undefined {
  if (time === undefined) return undefined;
  const t = Date.parse(time);
  if (Number.isNaN(t)) return undefined;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} day${Math.round(s / 86400) === 1 ? '' : 's'} ago`;
}

function one(r: VerificationResult, now: number): string {
  const when = ago(r.time, now);
  const state = r.stale ? `⚠ stale (${r.outcome})` : `${MARK[r.outcome]} ${r.outcome}`;
  return `${r.test} ${state}${when ? ` ${when}` : ''}`;
}

/**
 * The code lens of an item's evidence: "verified by TST-3 ✓ passed 2 min ago, TST-7 ✗
 * failed"; "no test result yet" when links verify it but nothing ran; undefined for `none`.
 * One entry per test (its latest result), at most `max`.
 */
export function evidenceLensTitle(v: ItemVerification, now: number, max = 4): string | undefined {
  if (v.status === 'none') return undefined;
  if (v.results.length === 0) return 'verified by links, but no test result yet';
  const byTest = new Map<string, VerificationResult>();
  for (const r of v.results) {
    const prev = byTest.get(r.test);
    // A failure or a stale result of a test is what to show; else its latest.
    if (!prev || rank(r) > rank(prev) || (rank(r) === rank(prev) && (r.time ?? '') > (prev.time ?? '')))
      byTest.set(r.test, r);
  }
  const list = [...byTest.values()];
  const shown = list.slice(0, max).map((r) => one(r, now));
  const more = list.length > max ? `, +${list.length - max} more` : '';
  return `verified by ${shown.join(', ')}${more}`;
}

function rank(r: VerificationResult): number {
  return r.outcome === 'failed' && !r.stale ? 3 : r.stale ? 2 : r.outcome === 'passed' ? 1 : 0;
}

/** Markdown lines for a hover: the state, then each result (test, outcome, report, time, version). */
export function evidenceHoverLines(item: Item, v: ItemVerification): string[] {
  if (v.status === 'none') return [];
  const out = ['', `Verification: **${v.status}**`];
  for (const r of v.results) {
    const bits = [
      `${MARK[r.outcome]} ${r.outcome}${r.stale ? ' (stale)' : ''}`,
      `\`${r.source}:${r.line}\``,
      ...(r.time ? [r.time] : []),
      ...(r.version ? [`version ${r.version}`] : []),
      ...(r.executedBy ? [`by ${r.executedBy}`] : []),
      ...(r.via !== 'property' && r.via !== 'name' && r.via !== 'tag' && r.via !== 'record'
        ? [`through ${r.via}`]
        : []),
    ];
    out.push(`- ${r.case ?? r.test}${r.case && r.case !== r.test ? ` (${r.test})` : ''}: ${bits.join(' · ')}`);
  }
  void item;
  return out;
}
