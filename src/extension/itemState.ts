import * as vscode from 'vscode';
import type { ItemState } from '../shared/lspProtocol';

/** How an item's state reads in the tree, the decorations and the tooltips. */
export interface StateView {
  /** The most pressing one. */
  readonly state:
    | 'error'
    | 'failed'
    | 'uncovered'
    | 'suspect'
    | 'anomaly'
    | 'stale'
    | 'warning'
    | 'failingDownstream'
    | 'unexecuted'
    | 'obsolete'
    | 'ok';
  readonly icon: vscode.ThemeIcon;
  /** Short words for the tree's description, e.g. `untested`, `suspect link`, `2 errors`; none when all is well. */
  readonly words: string[];
}

/** The evidence word of the tree: what a QA engineer calls it. */
export const EVIDENCE_WORD: Record<NonNullable<ItemState['evidence']>, string> = {
  passed: 'passed',
  failed: 'failed',
  stale: 'stale result',
  skipped: 'not executed',
  missing: 'no result',
};

/** "not verified" for `unverified`, "not mitigated" for `unmitigated`, else "not covered (name)". */
export function uncoveredText(rule: string): string {
  return /^un[a-z]/.test(rule) ? `not ${rule.slice(2)}` : `not covered (${rule})`;
}

/** The word the tree shows: an unverified requirement is "untested", an unmitigated hazard "unmitigated". */
export function uncoveredWord(rule: string): string {
  return rule === 'unverified' ? 'untested' : rule;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function stateOf(item: ItemState): StateView {
  const words: string[] = [];
  if (item.errors > 0) words.push(plural(item.errors, 'error'));
  // evidence.failed is an error finding too: the word says which
  if (item.evidence !== undefined && item.evidence !== 'passed') words.push(EVIDENCE_WORD[item.evidence]);
  for (const rule of item.uncovered) words.push(uncoveredWord(rule));
  if (item.suspect) words.push('suspect link');
  const anomalies = item.anomalies ?? [];
  if (anomalies.length > 0)
    words.push(anomalies.length === 1 ? `anomaly ${anomalies[0]!.id}` : `${anomalies.length} open anomalies`);
  const failing = item.failingDownstream ?? [];
  if (failing.length > 0)
    words.push(failing.length === 1 ? `${failing[0]} fails` : `${failing.length} fail downstream`);
  if (item.errors === 0 && item.warnings > 0 && words.length === 0) words.push(plural(item.warnings, 'warning'));
  const color = (id: string): vscode.ThemeColor => new vscode.ThemeColor(id);
  const warn = color('problemsWarningIcon.foreground');
  const view = (state: StateView['state'], icon: string, c: vscode.ThemeColor): StateView => ({
    state,
    icon: new vscode.ThemeIcon(icon, c),
    words,
  });
  if (item.evidence === 'failed') return view('failed', 'error', color('testing.iconFailed'));
  if (item.errors > 0) return view('error', 'error', color('problemsErrorIcon.foreground'));
  if (item.uncovered.length > 0) return view('uncovered', 'warning', warn);
  if (item.suspect) return view('suspect', 'link', warn);
  if (anomalies.length > 0) return view('anomaly', 'bug', warn);
  if (item.evidence === 'stale') return view('stale', 'history', warn);
  if (item.warnings > 0) return view('warning', 'warning', warn);
  if (failing.length > 0) return view('failingDownstream', 'arrow-circle-down', color('testing.iconFailed'));
  if (item.evidence === 'skipped' || item.evidence === 'missing')
    return view('unexecuted', 'circle-large-outline', color('testing.iconQueued'));
  if (item.status === 'obsolete')
    return {
      state: 'obsolete',
      icon: new vscode.ThemeIcon('circle-slash', color('disabledForeground')),
      words: ['obsolete'],
    };
  return view('ok', 'pass', color('testing.iconPassed'));
}

/** The tooltip: what the item is and what is wrong with it, in the findings' own words. */
export function itemTooltip(item: ItemState): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  md.isTrusted = false;
  md.appendMarkdown(
    `**${escape(item.id)}** · ${escape(item.kindLabel)}${item.title ? ` — ${escape(item.title)}` : ''}\n\n`,
  );
  md.appendMarkdown(`Status: ${escape(item.status)} · \`${item.file.replace(/`/g, '')}\`\n\n`);
  const lines: string[] = [];
  const icon = { error: '$(error)', warning: '$(warning)', info: '$(info)' } as const;
  const messages = item.messages ?? [];
  for (const m of messages)
    lines.push(`${icon[m.severity]} ${escape(m.message)} (\`${m.code.replace(/`/g, '')}\`, line ${m.line + 1})`);
  const shown = messages.length;
  const total = item.errors + item.warnings;
  if (total > shown) lines.push(`… ${plural(total - shown, 'more finding')} (see Problems)`);
  // What no finding says (or when the server sent no messages)
  if (shown === 0) {
    for (const rule of item.uncovered)
      lines.push(`$(warning) ${uncoveredText(rule)} (\`coverage.${rule.replace(/`/g, '')}\`)`);
    if (item.suspect) lines.push('$(link) a pinned link is suspect: its target changed since review');
  }
  if (item.evidence === 'passed') lines.push('$(pass) verification evidence: passed');
  else if (item.evidence !== undefined && shown === 0)
    lines.push(`$(beaker) verification evidence: ${EVIDENCE_WORD[item.evidence]}`);
  for (const a of item.anomalies ?? [])
    lines.push(
      `$(bug) open anomaly ${escape(a.id)} (${escape(a.state)}${a.severity ? `, ${escape(a.severity)}` : ''}): ${escape(a.title)}`,
    );
  const failing = item.failingDownstream ?? [];
  if (failing.length > 0)
    lines.push(`$(arrow-circle-down) failing downstream: ${failing.map(escape).join(', ')} failed verification`);
  if (lines.length === 0)
    lines.push(
      item.status === 'obsolete'
        ? '$(circle-slash) obsolete: exempt from coverage'
        : '$(pass) no findings; every coverage rule met',
    );
  md.appendMarkdown(lines.map((l) => `- ${l}`).join('\n'));
  return md;
}

function escape(s: string): string {
  return s.replace(/[\\`*_[\]<>$|]/g, (c) => `\\${c}`);
}
