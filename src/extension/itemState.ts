import * as vscode from 'vscode';
import type { ItemState } from '../shared/lspProtocol';

/** How an item's state reads in the tree, the decorations and the tooltips. */
export interface StateView {
  /** `error` | `uncovered` | `suspect` | `warning` | `obsolete` | `ok`: the most pressing one. */
  readonly state: 'error' | 'uncovered' | 'suspect' | 'warning' | 'obsolete' | 'ok';
  readonly icon: vscode.ThemeIcon;
  /** Short words for the tree's description, e.g. `untested`, `suspect link`, `2 errors`; none when all is well. */
  readonly words: string[];
}

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
  for (const rule of item.uncovered) words.push(uncoveredWord(rule));
  if (item.suspect) words.push('suspect link');
  if (item.errors === 0 && item.warnings > 0 && item.uncovered.length === 0 && !item.suspect)
    words.push(plural(item.warnings, 'warning'));
  const color = (id: string): vscode.ThemeColor => new vscode.ThemeColor(id);
  if (item.errors > 0)
    return { state: 'error', icon: new vscode.ThemeIcon('error', color('problemsErrorIcon.foreground')), words };
  if (item.uncovered.length > 0)
    return {
      state: 'uncovered',
      icon: new vscode.ThemeIcon('warning', color('problemsWarningIcon.foreground')),
      words,
    };
  if (item.suspect)
    return { state: 'suspect', icon: new vscode.ThemeIcon('link', color('problemsWarningIcon.foreground')), words };
  if (item.warnings > 0)
    return { state: 'warning', icon: new vscode.ThemeIcon('info', color('problemsWarningIcon.foreground')), words };
  if (item.status === 'obsolete')
    return {
      state: 'obsolete',
      icon: new vscode.ThemeIcon('circle-slash', color('disabledForeground')),
      words: ['obsolete'],
    };
  return { state: 'ok', icon: new vscode.ThemeIcon('pass', color('testing.iconPassed')), words: [] };
}

/** The tooltip: what the item is and everything that is wrong with it. */
export function itemTooltip(item: ItemState): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  md.isTrusted = false;
  md.appendMarkdown(
    `**${escape(item.id)}** · ${escape(item.kindLabel)}${item.title ? ` — ${escape(item.title)}` : ''}\n\n`,
  );
  md.appendMarkdown(`Status: ${escape(item.status)} · \`${item.file.replace(/`/g, '')}\`\n\n`);
  const lines: string[] = [];
  for (const rule of item.uncovered)
    lines.push(`$(warning) ${uncoveredText(rule)} (\`coverage.${rule.replace(/`/g, '')}\`)`);
  if (item.suspect) lines.push('$(link) a pinned link is suspect: its target changed since review');
  if (item.errors > 0 || item.warnings > 0)
    lines.push(`$(error) ${plural(item.errors, 'error')}, ${plural(item.warnings, 'warning')}`);
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
