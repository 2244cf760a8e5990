import * as vscode from 'vscode';
import type { WorkspaceSummary } from '../shared/lspProtocol';
import { Commands } from '../shared/commands';
import { plural, uncoveredWord } from './itemState';
import type { TracespineService } from './service';

/** The rule the status bar leads with: `unverified` when configured, else the first. */
function leadRule(summary: WorkspaceSummary): string | undefined {
  const names = Object.keys(summary.coverage);
  return names.includes('unverified') ? 'unverified' : names[0];
}

function verb(rule: string): string {
  return /^un[a-z]/.test(rule) ? rule.slice(2) : `covered (${rule})`;
}

/**
 * `$(checklist) verified 18/19 · 1 error · 4 warnings` (what is met, then the fraction: "unverified
 * 18/19" read as 18 unverified); `· no tracespine.yaml — defaults` when the policy is the default one.
 */
export function statusText(summary: WorkspaceSummary, hasConfig = true): string {
  const parts: string[] = [];
  const rule = leadRule(summary);
  const c = rule === undefined ? undefined : summary.coverage[rule];
  parts.push(c && rule ? `${verb(rule)} ${c.covered}/${c.total}` : plural(summary.items, 'item'));
  if (summary.errors > 0) parts.push(plural(summary.errors, 'error'));
  if (summary.warnings > 0) parts.push(plural(summary.warnings, 'warning'));
  if (summary.errors === 0 && summary.warnings === 0) parts.push('no findings');
  if (!hasConfig) parts.push(NO_CONFIG);
  return `$(checklist) ${parts.join(' · ')}`;
}

export const NO_CONFIG = 'no tracespine.yaml — defaults';

export function statusTooltip(summary: WorkspaceSummary, hasConfig = true): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**Tracespine** — ${plural(summary.items, 'design item')}`);
  if (summary.kinds.length > 0)
    md.appendMarkdown(
      `: ${summary.kinds
        .filter((k) => k.count > 0)
        .map((k) => `${k.count} ${k.label.toLowerCase()}`)
        .join(', ')}`,
    );
  md.appendMarkdown('\n\n');
  const rules = Object.entries(summary.coverage);
  if (rules.length > 0) {
    md.appendMarkdown(
      rules
        .map(([name, c]) => {
          const pct = c.total === 0 ? 100 : Math.floor((100 * c.covered) / c.total);
          return `- ${c.covered === c.total ? '$(pass)' : '$(warning)'} ${verb(name)} ${c.covered}/${c.total} (${pct}%)${c.covered < c.total ? ` — ${c.total - c.covered} ${uncoveredWord(name)}` : ''}`;
        })
        .join('\n'),
    );
    md.appendMarkdown('\n\n');
  }
  if (!hasConfig)
    md.appendMarkdown(
      'No `tracespine.yaml` in this workspace: it is checked with the default policy (kinds, links and coverage rules). **Tracespine: Initialize Workspace** writes it out for you to change.\n\n',
    );
  md.appendMarkdown(
    `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')}\n\nClick to show the Design Controls view.`,
  );
  return md;
}

/** Coverage and findings in the status bar; a click shows the Design Controls view. */
export class CoverageStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tracespine.status', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];

  /** Whether the workspace folder has a tracespine.yaml (else the defaults apply, and the status bar says so). */
  private hasConfig = true;

  constructor(private readonly service: TracespineService) {
    this.item.name = 'Tracespine Coverage';
    this.disposables.push(service.onDidChange(() => this.update()));
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, 'tracespine.yaml'));
      this.disposables.push(
        watcher,
        watcher.onDidCreate(() => void this.checkConfig(folder.uri)),
        watcher.onDidDelete(() => void this.checkConfig(folder.uri)),
      );
      void this.checkConfig(folder.uri);
    }
    this.update();
  }

  private async checkConfig(folder: vscode.Uri): Promise<void> {
    let has: boolean;
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, 'tracespine.yaml'));
      has = true;
    } catch {
      has = false;
    }
    if (has === this.hasConfig) return;
    this.hasConfig = has;
    this.update();
  }

  get text(): string {
    return this.item.text;
  }

  get tooltipText(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : (t?.value ?? '');
  }

  get visible(): boolean {
    return this.shown;
  }

  private shown = false;

  private update(): void {
    const s = this.service.summary;
    const state = this.service.state;
    this.item.command = Commands.showDesignControls;
    this.item.backgroundColor = undefined;
    if (state === 'failed') {
      this.item.text = '$(error) Tracespine';
      this.item.tooltip = `The Tracespine language server is not running: ${this.service.failureMessage ?? 'it failed to start'}. Click to show its output.`;
      this.item.command = Commands.showOutput;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (!s?.ready) {
      this.item.text = '$(sync~spin) Tracespine';
      this.item.tooltip = 'Tracespine: indexing the design items…';
    } else if (s.configInvalid) {
      this.item.text = '$(error) tracespine.yaml invalid';
      this.item.tooltip =
        'tracespine.yaml is invalid: nothing else is checked until it is fixed. Click to show the problems.';
      this.item.command = 'workbench.actions.view.problems';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else {
      this.item.text = statusText(s, this.hasConfig);
      this.item.tooltip = statusTooltip(s, this.hasConfig);
    }
    this.item.accessibilityInformation = { label: this.item.text.replace(/\$\([^)]*\)\s*/g, '') };
    // Quiet in workspaces without design items (activation on any Markdown file).
    if (state === 'failed' || s?.configInvalid) this.shown = true;
    else if (s?.ready) this.shown = s.items > 0;
    else this.shown = state === 'starting' || state === 'ready';
    if (this.shown) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
