import * as vscode from 'vscode';
import {
  CodeAction as LspCodeAction,
  CodeActionKind as LspCodeActionKind,
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeActionTriggerKind,
  type Diagnostic as LspDiagnostic,
  type WorkspaceEdit as LspWorkspaceEdit,
} from 'vscode-languageclient/node';
import type { GraphData } from '../shared/protocol';
import {
  GraphRequest,
  InitTemplateRequest,
  KindsRequest,
  NewItemRequest,
  RecheckRequest,
  type GraphParams,
  type InitTemplateResult,
  type ItemState,
  type KindsResult,
  type NewItemParams,
  type NewItemResult,
  type WorkspaceSummary,
} from '../shared/lspProtocol';
import { Commands, VIEW_ID } from './constants';
import type { DesignControlsProvider, DesignNode, Filter } from './designView';
import { uncoveredText } from './itemState';
import { exists, findToken, openAt, toRelative, toUri } from './paths';
import type { TracespineService } from './service';

/** Optional arguments of "New Item…" (tests and other commands pass them to skip the prompts). */
export interface NewItemArgs {
  kind?: string;
  title?: string;
}

export interface CreatedItem {
  id: string;
  file: string;
}

/** One entry of "Show Links" / "Show Impact": an item or a code location. */
export interface LinkPick {
  /** Item ID, or undefined for a code location. */
  id?: string;
  file: string;
  line: number;
  /** Link type (`verifies`), tag (`@verifies`) or `downstream`. */
  via: string;
  title?: string;
}

/** A user-visible refusal: shown as a message, returned to programmatic callers. */
class UserError extends Error {}

export class CommandHandlers {
  constructor(
    private readonly service: TracespineService,
    private readonly view: DesignControlsProvider,
  ) {}

  register(): vscode.Disposable[] {
    const cmd = <A extends unknown[]>(id: string, fn: (...args: A) => Promise<unknown>): vscode.Disposable =>
      vscode.commands.registerCommand(id, async (...args: A) => {
        try {
          return await fn(...args);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (!(err instanceof UserError)) this.service.output.error(`${id}: ${err instanceof Error && err.stack ? err.stack : message}`);
          void vscode.window.showErrorMessage(`Tracespine: ${message}`);
          return undefined;
        }
      });
    return [
      cmd(Commands.newItem, (args?: NewItemArgs) => this.newItem(args)),
      cmd(Commands.initWorkspace, () => this.initWorkspace()),
      cmd(Commands.recheck, () => this.recheck()),
      cmd(Commands.restartServer, () => this.service.restart()),
      cmd(Commands.showOutput, () => Promise.resolve(this.service.output.show(true))),
      cmd(Commands.showDesignControls, () => Promise.resolve(vscode.commands.executeCommand(`${VIEW_ID}.focus`))),
      cmd(Commands.showLinks, (id?: unknown, linkTypes?: unknown) => this.showLinks(id, linkTypes)),
      cmd(Commands.addCoverage, (id?: unknown, rule?: unknown) => this.addCoverage(id, rule)),
      cmd(Commands.showImpact, (id?: unknown, options?: unknown) => this.showImpact(id, options)),
      cmd(Commands.filterUncovered, () => this.setFilter('uncovered')),
      cmd(Commands.filterSuspect, () => this.setFilter('suspect')),
      cmd(Commands.filterErrors, () => this.setFilter('errors')),
      cmd(Commands.filterAll, () => this.setFilter('all')),
      cmd(Commands.openItem, (file?: unknown, line?: unknown, id?: unknown) => this.openItem(file, line, id)),
    ];
  }

  private async setFilter(filter: Filter): Promise<Filter> {
    await this.view.setFilter(filter);
    return filter;
  }

  private async openItem(file: unknown, line: unknown, id: unknown): Promise<void> {
    if (typeof file !== 'string') throw new UserError('no file to open');
    const uri = toUri(file);
    if (!uri) throw new UserError(`cannot open ${file}: no workspace folder`);
    await openAt(uri, typeof line === 'number' ? line : 0, typeof id === 'string' ? id : undefined);
  }

  // ---------------------------------------------------------------------------------------------
  // New Item…

  async newItem(args: NewItemArgs = {}): Promise<CreatedItem | undefined> {
    const { kinds } = await this.service.request<KindsResult>(KindsRequest);
    if (kinds.length === 0) throw new UserError('no kinds are configured (tracespine.yaml `kinds`).');
    let kind = args.kind !== undefined ? kinds.find((k) => k.kind === args.kind || k.prefix === args.kind) : undefined;
    if (args.kind !== undefined && !kind) throw new UserError(`unknown kind '${args.kind}'; configured: ${kinds.map((k) => k.kind).join(', ')}.`);
    if (!kind) {
      const pick = await vscode.window.showQuickPick(
        kinds.map((k) => ({ label: k.label, description: k.prefix ? `${k.prefix}-…` : k.kind, value: k })),
        { title: 'Tracespine: New Item', placeHolder: 'Kind of the new design item', matchOnDescription: true },
      );
      if (!pick) return undefined;
      kind = pick.value;
    }
    let title = args.title;
    if (title === undefined) {
      title = await vscode.window.showInputBox({
        title: `Tracespine: New ${kind.label}`,
        prompt: `Title of the new ${kind.label.toLowerCase()}`,
        validateInput: (v) => (v.trim() === '' ? 'A design item needs a title.' : undefined),
      });
      if (title === undefined) return undefined;
    }
    title = title.trim();
    if (title === '') throw new UserError('a design item needs a title.');
    const params: NewItemParams = { kind: kind.kind, title };
    const result = await this.service.request<NewItemResult | null>(NewItemRequest, params);
    if (!result) throw new UserError(`cannot create a new ${kind.label.toLowerCase()}: its ID pattern has no number to count up.`);
    const uri = this.workspaceUri(result.file);
    if (await exists(uri)) throw new UserError(`${result.file} already exists; nothing was created.`);
    await this.createFiles([{ uri, text: result.text }], `New ${kind.label.toLowerCase()} ${result.id}`);
    await openAt(uri, idLine(result.text), result.id);
    return { id: result.id, file: result.file };
  }

  // ---------------------------------------------------------------------------------------------
  // Initialize Workspace

  /**
   * Creates tracespine.yaml and one starter item per kind (`tracespine/initTemplate`) with one
   * undoable WorkspaceEdit. Refuses (changing nothing) when tracespine.yaml or any of the
   * files exists already, and says which.
   */
  async initWorkspace(): Promise<{ created: string[]; existing: string[] }> {
    const configUri = this.workspaceUri('tracespine.yaml');
    const { files } = await this.service.request<InitTemplateResult>(InitTemplateRequest);
    const targets = files.map((f) => ({ file: f.file, uri: this.workspaceUri(f.file), text: f.text }));
    const existing: string[] = [];
    if (await exists(configUri)) existing.push('tracespine.yaml');
    for (const t of targets) if (t.file !== 'tracespine.yaml' && (await exists(t.uri))) existing.push(t.file);
    if (existing.length > 0 || targets.length === 0) {
      const which = existing.length === 0 ? 'its files exist' : `${existing.join(', ')} ${existing.length === 1 ? 'exists' : 'exist'}`;
      void vscode.window.showWarningMessage(`Tracespine: this workspace is initialized already (${which}). Nothing was changed.`);
      return { created: [], existing };
    }
    await this.createFiles(targets, 'Initialize Tracespine workspace');
    const config = targets.find((t) => t.file === 'tracespine.yaml') ?? targets[0];
    if (config) await vscode.window.showTextDocument(config.uri, { preview: false });
    void vscode.window.showInformationMessage(`Tracespine: created ${targets.map((t) => t.file).join(', ')}.`);
    return { created: targets.map((t) => t.file), existing: [] };
  }

  // ---------------------------------------------------------------------------------------------
  // Re-check Workspace

  async recheck(): Promise<WorkspaceSummary | undefined> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Tracespine: re-checking the workspace' }, async () => {
      await this.service.request<unknown>(RecheckRequest);
      await this.service.refresh();
      return this.service.summary;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Code-lens commands

  /** `tracespine.showLinks` [id, linkTypes]: what links to the item (with those types), in a QuickPick. */
  async showLinks(idArg?: unknown, typesArg?: unknown): Promise<LinkPick | undefined> {
    const item = this.resolveItem(idArg);
    const types = Array.isArray(typesArg) && typesArg.every((t) => typeof t === 'string') ? typesArg : undefined;
    const links = await this.incomingLinks(item.id, types);
    const what = types ? types.join(' or ') : 'any link';
    if (links.length === 0) {
      void vscode.window.showInformationMessage(`Tracespine: nothing links to ${item.id} by ${what}.`);
      return undefined;
    }
    return this.pickAndOpen(links, `${item.id}: linked by ${what}`, `${links.length} link${links.length === 1 ? '' : 's'} to ${item.id} ${item.title}`);
  }

  /**
   * `tracespine.showImpact` [id]: the trace graph centred on the item when the graph panel is
   * there, else the downstream items and code in a QuickPick. (`options.list` forces the
   * QuickPick: the tests use it.)
   */
  async showImpact(idArg?: unknown, options?: unknown): Promise<unknown> {
    const item = this.resolveItem(idArg);
    const list = typeof options === 'object' && options !== null && (options as { list?: unknown }).list === true;
    if (!list && (await vscode.commands.getCommands(true)).includes(Commands.showGraph)) {
      try {
        return await vscode.commands.executeCommand(Commands.showGraph, item.id);
      } catch (err) {
        // the list below still answers the question
        this.service.output.error(`${Commands.showGraph} failed, listing the impact instead: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const down = await this.downstream(item.id);
    if (down.length === 0) {
      void vscode.window.showInformationMessage(`Tracespine: nothing depends on ${item.id}.`);
      return undefined;
    }
    const n = down.filter((d) => d.id !== undefined).length;
    const files = down.length - n;
    return this.pickAndOpen(down, `${item.id}: impact of a change`, `${n} item${n === 1 ? '' : 's'} downstream${files ? `, ${files} code location${files === 1 ? '' : 's'}` : ''}`);
  }

  /**
   * `tracespine.addCoverage` [id, ruleName]: asks the server for the quick fix of the item's
   * `coverage.<rule>` diagnostic (a stub that covers it, e.g. a test that `verifies` it), applies
   * that edit (undoable) and opens the new file.
   */
  async addCoverage(idArg?: unknown, ruleArg?: unknown): Promise<{ title: string; files: string[] } | undefined> {
    const item = this.resolveItem(idArg);
    let rule = typeof ruleArg === 'string' ? ruleArg : undefined;
    if (rule === undefined) {
      if (item.uncovered.length === 0) {
        void vscode.window.showInformationMessage(`Tracespine: ${item.id} meets every coverage rule.`);
        return undefined;
      }
      rule = item.uncovered[0]!;
      if (item.uncovered.length > 1) {
        const pick = await vscode.window.showQuickPick(
          item.uncovered.map((r) => ({ label: uncoveredText(r), description: `coverage.${r}`, rule: r })),
          { title: `Tracespine: add coverage to ${item.id}` },
        );
        if (!pick) return undefined;
        rule = pick.rule;
      }
    }
    const client = this.service.languageClient;
    if (!client) throw new UserError('the language server is not running.');
    const uri = this.workspaceUri(item.file);
    const code = `coverage.${rule}`;
    const diagnostic = (await this.findDiagnostic(uri, code)) ?? undefined;
    let lspDiagnostic: LspDiagnostic;
    if (diagnostic) lspDiagnostic = client.code2ProtocolConverter.asDiagnostic(diagnostic);
    else {
      // The rule may be switched off (rules: coverage.x: off): ask with the finding it would be.
      const doc = await vscode.workspace.openTextDocument(uri);
      const line = Math.min(item.line, doc.lineCount - 1);
      const col = Math.max(0, findToken(doc.lineAt(line).text, item.id));
      lspDiagnostic = { range: { start: { line, character: col }, end: { line, character: col + item.id.length } }, message: `${item.id}: ${uncoveredText(rule)}`, code, source: 'tracespine' };
    }
    const result = await client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: client.code2ProtocolConverter.asUri(uri) },
      range: lspDiagnostic.range,
      context: { diagnostics: [lspDiagnostic], only: [LspCodeActionKind.QuickFix], triggerKind: CodeActionTriggerKind.Invoked },
    });
    const actions = (result ?? []).filter((a): a is LspCodeAction => LspCodeAction.is(a) && (a.edit !== undefined || a.data !== undefined));
    if (actions.length === 0) throw new UserError(`the server offers no way to cover ${item.id} (${code}).`);
    let action = actions[0]!;
    if (actions.length > 1) {
      const pick = await vscode.window.showQuickPick(
        actions.map((a) => ({ label: a.title, action: a })),
        { title: `Tracespine: cover ${item.id} (${uncoveredText(rule)})` },
      );
      if (!pick) return undefined;
      action = pick.action;
    }
    if (!action.edit) action = await client.sendRequest(CodeActionResolveRequest.type, action);
    if (!action.edit) throw new UserError(`the quick fix '${action.title}' has no edit.`);
    const created = createdFiles(action.edit);
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(action.edit);
    if (!(await vscode.workspace.applyEdit(edit))) throw new UserError(`could not apply '${action.title}'.`);
    for (const f of created) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === f.toString());
      if (doc?.isDirty) await doc.save();
    }
    const first = created[0];
    if (first) {
      const doc = await vscode.workspace.openTextDocument(first);
      await openAt(first, idLine(doc.getText()), undefined, { preview: false });
    }
    return { title: action.title, files: created.map((u) => toRelative(u) ?? u.toString()) };
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** The item an argument names: an ID, a tree node, a URI; else the active editor's item. */
  private resolveItem(arg: unknown): ItemState {
    if (typeof arg === 'string') {
      const item = this.service.item(arg);
      if (!item) throw new UserError(`no item defines ${arg}.`);
      return item;
    }
    if (isItemNode(arg)) return this.service.item(arg.item.id) ?? arg.item;
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const items = uri ? this.service.itemsInFile(uri) : [];
    if (items.length === 0) throw new UserError(uri ? `${toRelative(uri) ?? uri.fsPath} is not a design item.` : 'open a design item first.');
    return items[0]!;
  }

  private workspaceUri(file: string): vscode.Uri {
    const uri = toUri(file);
    if (!uri) throw new UserError(`cannot place ${file}: open a folder first.`);
    return uri;
  }

  /** Creates files with one undoable WorkspaceEdit (createFile + insert), then saves them. */
  private async createFiles(files: readonly { uri: vscode.Uri; text: string }[], label: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    const metadata: vscode.WorkspaceEditEntryMetadata = { label, needsConfirmation: false };
    for (const f of files) {
      edit.createFile(f.uri, { overwrite: false, ignoreIfExists: false }, metadata);
      edit.insert(f.uri, new vscode.Position(0, 0), f.text, metadata);
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new UserError(`could not create ${files.map((f) => toRelative(f.uri) ?? f.uri.fsPath).join(', ')}.`);
    for (const f of files) {
      const doc = await vscode.workspace.openTextDocument(f.uri);
      if (doc.isDirty) await doc.save();
    }
  }

  /** The diagnostic with `code` in `uri`, waiting briefly for the server to publish it. */
  private async findDiagnostic(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic | undefined> {
    const find = (): vscode.Diagnostic | undefined => vscode.languages.getDiagnostics(uri).find((d) => diagnosticCode(d) === code);
    const now = find();
    if (now) return now;
    await vscode.workspace.openTextDocument(uri);
    return new Promise((resolve) => {
      const done = (d: vscode.Diagnostic | undefined): void => {
        listener.dispose();
        clearTimeout(timer);
        resolve(d);
      };
      const listener = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri.toString())) {
          const d = find();
          if (d) done(d);
        }
      });
      const timer = setTimeout(() => done(find()), 3000);
    });
  }

  private async graph(id: string, depth: GraphParams['depth']): Promise<GraphData | null> {
    return this.service.request<GraphData | null>(GraphRequest, { id, depth } satisfies GraphParams);
  }

  /** Items linking to `id` (of `types`, or any), then code tags naming it. */
  private async incomingLinks(id: string, types: readonly string[] | undefined): Promise<LinkPick[]> {
    const out: LinkPick[] = [];
    const data = await this.graph(id, 1);
    if (data) {
      const nodes = new Map(data.nodes.map((n) => [n.id, n]));
      const seen = new Set<string>();
      for (const e of data.edges) {
        if (e.to !== id || (types && !types.includes(e.type))) continue;
        const n = nodes.get(e.from);
        if (!n || seen.has(`${n.id}\0${e.type}`)) continue;
        seen.add(`${n.id}\0${e.type}`);
        out.push({ id: n.id, file: n.file, line: n.line, via: e.type, title: n.title });
      }
    }
    out.sort((a, b) => compareIds(a.id!, b.id!));
    for (const tag of await this.codeTags(id)) if (!types || types.includes(tag.tag)) out.push({ file: tag.file, line: tag.line, via: `@${tag.tag}` });
    return out;
  }

  /** Items downstream of `id` (transitively linking to it), then code tags naming any of them. */
  private async downstream(id: string): Promise<LinkPick[]> {
    const data = await this.graph(id, 'all');
    if (!data) return [];
    const nodes = new Map(data.nodes.map((n) => [n.id, n]));
    const into = new Map<string, { from: string; type: string }[]>();
    for (const e of data.edges) {
      const list = into.get(e.to);
      if (list) list.push({ from: e.from, type: e.type });
      else into.set(e.to, [{ from: e.from, type: e.type }]);
    }
    const via = new Map<string, string>([[id, '']]);
    const queue = [id];
    for (let i = 0; i < queue.length; i++) {
      const cur = queue[i]!;
      for (const e of into.get(cur) ?? []) {
        if (via.has(e.from)) continue;
        via.set(e.from, `${e.type} ${cur}`);
        queue.push(e.from);
      }
    }
    via.delete(id);
    const out: LinkPick[] = [];
    for (const [nid, how] of [...via].sort((a, b) => compareIds(a[0], b[0]))) {
      const n = nodes.get(nid);
      if (n) out.push({ id: n.id, file: n.file, line: n.line, via: how, title: n.title });
    }
    // code naming the item or any downstream item (bounded: this is a picker, not a report)
    const ids = [id, ...via.keys()].slice(0, 100);
    const seen = new Set<string>();
    for (const target of ids) {
      for (const tag of await this.codeTags(target)) {
        const key = `${tag.file}:${tag.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ file: tag.file, line: tag.line, via: `@${tag.tag} ${target}` });
      }
    }
    return out;
  }

  /** Code tags (`@verifies REQ-1`) naming `id`: the server's references outside Markdown. */
  private async codeTags(id: string): Promise<{ file: string; line: number; tag: string }[]> {
    const item = this.service.item(id);
    if (!item) return [];
    const uri = toUri(item.file);
    if (!uri) return [];
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = Math.min(item.line, doc.lineCount - 1);
    const col = findToken(doc.lineAt(line).text, id);
    if (col < 0) return [];
    const locations = (await vscode.commands.executeCommand<vscode.Location[] | undefined>('vscode.executeReferenceProvider', uri, new vscode.Position(line, col))) ?? [];
    const out: { file: string; line: number; tag: string }[] = [];
    for (const loc of locations) {
      if (/\.(md|markdown)$/i.test(loc.uri.path)) continue;
      const file = toRelative(loc.uri);
      if (file === undefined) continue;
      const text = (await vscode.workspace.openTextDocument(loc.uri)).lineAt(loc.range.start.line).text.slice(0, loc.range.start.character);
      const tag = /@([A-Za-z_][\w-]*)\b[^@]*$/.exec(text)?.[1];
      if (tag) out.push({ file, line: loc.range.start.line, tag });
    }
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }

  private async pickAndOpen(links: readonly LinkPick[], title: string, placeHolder: string): Promise<LinkPick | undefined> {
    const picks = links.map((l) => ({
      label: l.id ? `$(symbol-class) ${l.id}` : `$(file-code) ${l.file}:${l.line + 1}`,
      description: l.id ? l.title : undefined,
      detail: l.id ? `${l.via} · ${l.file}` : l.via,
      link: l,
    }));
    const pick = await vscode.window.showQuickPick(picks, { title, placeHolder, matchOnDescription: true, matchOnDetail: true });
    if (!pick) return undefined;
    const uri = toUri(pick.link.file);
    if (uri) await openAt(uri, pick.link.line, pick.link.id, { preview: false });
    return pick.link;
  }
}

function isItemNode(x: unknown): x is DesignNode & { type: 'item' } {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'item' && typeof (x as { item?: { id?: unknown } }).item?.id === 'string';
}

/** A diagnostic's code as a string (`{ value, target }` when it carries a link). */
export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** 0-based line of the frontmatter's `id:` in a new item's text. */
function idLine(text: string): number {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => /^id\s*:/.test(l));
  return Math.max(0, i);
}

/** Files an LSP WorkspaceEdit creates. */
function createdFiles(edit: LspWorkspaceEdit): vscode.Uri[] {
  const out: vscode.Uri[] = [];
  for (const change of edit.documentChanges ?? []) if ('kind' in change && change.kind === 'create') out.push(vscode.Uri.parse(change.uri));
  return out;
}

/** REQ-2 before REQ-10. */
function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
