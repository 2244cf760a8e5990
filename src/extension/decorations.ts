import * as vscode from 'vscode';
import { decorationsEnabled } from './client';
import { Settings } from './constants';
import { findToken } from './paths';
import { uncoveredText } from './itemState';
import type { TracespineService } from './service';

export interface AppliedDecoration {
  readonly uri: string;
  readonly line: number;
  readonly text: string;
}

/**
 * On every visible editor, the `id` line of each item that misses a coverage rule (an untested
 * requirement, an unmitigated hazard) gets a gutter icon and an inline "⚠ not verified".
 */
export class UncoveredDecorations implements vscode.Disposable {
  private readonly type: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];
  private applied = new Map<string, AppliedDecoration[]>();

  constructor(
    private readonly service: TracespineService,
    extensionUri: vscode.Uri,
  ) {
    this.type = vscode.window.createTextEditorDecorationType({
      after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorWarning.foreground'), fontStyle: 'italic' },
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      gutterIconSize: 'contain',
      light: { gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'gutter-uncovered-light.svg') },
      dark: { gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'gutter-uncovered-dark.svg') },
    });
    this.disposables.push(
      this.type,
      service.onDidChange(() => this.updateAll()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.updateAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${Settings.section}.${Settings.decorations}`)) this.updateAll();
      }),
    );
    this.updateAll();
  }

  /** What is decorated now, per document (for tests and diagnosis). */
  snapshot(): AppliedDecoration[] {
    return [...this.applied.values()].flat();
  }

  private updateAll(): void {
    this.applied = new Map();
    for (const editor of vscode.window.visibleTextEditors) this.update(editor);
  }

  private update(editor: vscode.TextEditor): void {
    const doc = editor.document;
    if (doc.uri.scheme !== 'file' || !decorationsEnabled()) {
      editor.setDecorations(this.type, []);
      return;
    }
    const options: vscode.DecorationOptions[] = [];
    const applied: AppliedDecoration[] = [];
    for (const item of this.service.itemsInFile(doc.uri)) {
      if (item.uncovered.length === 0 || item.line >= doc.lineCount) continue;
      const line = doc.lineAt(item.line);
      const col = findToken(line.text, item.id);
      const start = col >= 0 ? col : line.firstNonWhitespaceCharacterIndex;
      const text = `⚠ ${item.uncovered.map(uncoveredText).join(', ')}`;
      const hover = new vscode.MarkdownString(
        `**${item.id}** is ${item.uncovered.map(uncoveredText).join(' and ')} (${item.uncovered.map((r) => `\`coverage.${r}\``).join(', ')}).`,
      );
      options.push({
        range: new vscode.Range(item.line, start, item.line, line.text.length),
        hoverMessage: hover,
        renderOptions: { after: { contentText: text } },
      });
      applied.push({ uri: doc.uri.toString(), line: item.line, text });
    }
    editor.setDecorations(this.type, options);
    if (applied.length > 0) this.applied.set(doc.uri.toString(), applied);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
