/**
 * The reviewer's actions of the Review Changes panel: a file against the merge base in VS
 * Code's diff editor (the base side a read-only document of the `tracespine-base` scheme,
 * read from git by the server), what changed in a suspect link's target since its pin, and
 * the re-affirm quick fix of that link. The engine answers (src/server/review.ts); this
 * module only adapts.
 */
import * as vscode from 'vscode';
import { CodeAction as LspCodeAction } from 'vscode-languageclient/node';
import {
  GitTextRequest,
  PinnedVersionRequest,
  ReaffirmRequest,
  type ImpactErrorData,
  type ReaffirmParams,
} from '../shared/lspProtocol';
import type { UnavailableMessage } from '../shared/protocol';
import { exists, toUri } from './paths';
import type { TracespineService } from './service';

/** The scheme of a file as a commit has it: `tracespine-base:/<workspace-relative path>?commit=<full object ID>`. */
export const BASE_SCHEME = 'tracespine-base';

/** The read-only document of `file` as `commit` has it. */
export function baseUri(commit: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: BASE_SCHEME, path: `/${file}`, query: `commit=${commit}` });
}

/** Serves {@link BASE_SCHEME} documents from git, through the server (`tracespine/gitText`). */
export class BaseContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly service: TracespineService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const commit = new URLSearchParams(uri.query).get('commit') ?? '';
    const r = await this.service.request(GitTextRequest, { commit, file: uri.path.replace(/^\/+/, '') });
    if (r.text === null) throw new Error(r.notice ?? `git has no text for ${uri.path}`);
    return r.text;
  }
}

export function registerReview(service: TracespineService): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(BASE_SCHEME, new BaseContentProvider(service));
}

const short = (commit: string): string => commit.slice(0, 8);

/** What the panel's review actions need of the impact shown. */
export interface ReviewBase {
  /** The base ref, as shown (`main`). */
  readonly ref: string;
  /** The merge base. */
  readonly commit: string;
}

/**
 * `file` (head) against `baseFile` at the merge base, in the diff editor; a file the branch
 * deleted opens as the base has it. Returns what was opened.
 */
export async function openBaseDiff(
  service: TracespineService,
  base: ReviewBase,
  file: string,
  baseFile: string,
  column: vscode.ViewColumn = vscode.ViewColumn.One,
): Promise<'diff' | 'base' | undefined> {
  const left = baseUri(base.commit, baseFile);
  const check = await service.request(GitTextRequest, { commit: base.commit, file: baseFile });
  if (check.text === null) {
    void vscode.window.showWarningMessage(`Tracespine: ${check.notice ?? `${baseFile} is not in the base`}.`);
    return undefined;
  }
  const right = toUri(file);
  const options: vscode.TextDocumentShowOptions = { viewColumn: column, preview: true };
  if (!right || !(await exists(right))) {
    await vscode.window.showTextDocument(left, options);
    return 'base';
  }
  const name = file.split('/').pop() ?? file;
  await vscode.commands.executeCommand(
    'vscode.diff',
    left,
    right,
    `${name} (${base.ref} ${short(base.commit)} ↔ working tree)`,
    options,
  );
  return 'diff';
}

/**
 * What changed in `target` since it had fingerprint `pin`: the version git has at that
 * fingerprint against the current file, in the diff editor; a message when git has none.
 */
export async function openSincePin(
  service: TracespineService,
  target: string,
  pin: string,
  column: vscode.ViewColumn = vscode.ViewColumn.One,
): Promise<'diff' | 'notFound'> {
  const r = await service.request(PinnedVersionRequest, { target, pin });
  if (r.file === null) {
    void vscode.window.showWarningMessage(`Tracespine: ${target} is not defined by any item.`);
    return 'notFound';
  }
  const right = toUri(r.file);
  if (r.commit === null || !right) {
    void vscode.window.showInformationMessage(
      `Tracespine: git has no version of ${target} with fingerprint ${pin} in the ${r.searched} commit${r.searched === 1 ? '' : 's'} of ${r.file}'s history searched (earlier file names are not followed). It now has ${r.current ?? 'no fingerprint'}.`,
    );
    return 'notFound';
  }
  const name = r.file.split('/').pop() ?? r.file;
  await vscode.commands.executeCommand(
    'vscode.diff',
    baseUri(r.commit, r.file),
    right,
    `${name} (${target} at pin ${pin}, ${short(r.commit)} ↔ now ${r.current ?? '?'})`,
    { viewColumn: column, preview: true },
  );
  return 'diff';
}

/**
 * Re-affirms the suspect link at (`line`, `character`) of `file`: the engine's quick fix
 * (pin the target's current fingerprint), applied as one undoable edit. A file that had no
 * unsaved changes is saved, so that the review is recorded; one with unsaved changes is left
 * for its author to save. Returns the quick fix's title, or undefined when nothing was done.
 */
export async function reaffirmLink(service: TracespineService, p: ReaffirmParams): Promise<string | undefined> {
  const client = service.languageClient;
  if (!client) throw new Error('the language server is not running.');
  const action = await service.request(ReaffirmRequest, p);
  if (!action || !LspCodeAction.is(action) || !action.edit) {
    void vscode.window.showInformationMessage(`Tracespine: that link in ${p.file} is not suspect any more.`);
    return undefined;
  }
  const uri = toUri(p.file);
  const before = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : undefined;
  const wasDirty = before?.isDirty ?? false;
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(action.edit);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not apply '${action.title}'.`);
  const doc = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : undefined;
  if (doc && !wasDirty) await doc.save();
  void vscode.window.showInformationMessage(
    `Tracespine: ${action.title} (${p.file}${wasDirty ? ', unsaved' : ''}; Undo in that file reverts it).`,
  );
  return action.title;
}

/** The panel's message when git is missing from the picture (`tracespine/impact` error data), else undefined. */
export function unavailableMessage(e: unknown): UnavailableMessage | undefined {
  const data = typeof e === 'object' && e !== null && 'data' in e ? e.data : undefined;
  const reason = (data as Partial<ImpactErrorData> | undefined)?.reason;
  if (reason === 'notGit')
    return {
      type: 'unavailable',
      title: 'Review Changes needs a git repository',
      message:
        'This workspace folder is not inside a git repository, so there is no base branch to compare with and nothing to review. Open a folder of a git working tree (or run git init and commit a first version), then run Review Changes again.',
    };
  if (reason === 'noCommit')
    return {
      type: 'unavailable',
      title: 'Review Changes needs a commit to compare with',
      message:
        'This git repository has no commit yet, so there is no base to compare with. Commit a first version, then run Review Changes again.',
    };
  return undefined;
}
