/**
 * "Record Test Result…" in the language server (SPEC 8, manual records): the choices and
 * defaults (`tracespine/recordContext`) and the new record's text (`tracespine/recordTemplate`)
 * from the engine (src/core/evidence/recordTemplate.ts). Writes nothing: the extension creates
 * the file with an undoable WorkspaceEdit.
 */
import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { manualRecord, recordableTests, recordResults } from '../core/evidence';
import type { TraceIndex } from '../core/traceIndex';
import { gitDescribe, gitUser } from '../node/gitIdentity';
import {
  RecordContextRequest,
  RecordTemplateRequest,
  type RecordContextParams,
  type RecordContextResult,
  type RecordTemplateParams,
  type RecordTemplateResult,
} from '../shared/lspProtocol';

export interface RecordResultHost {
  /** The current index and the workspace root (absolute), once the workspace is indexed. */
  current(): Promise<{ index: TraceIndex; root: string } | undefined>;
  /** Workspace-relative path of a document URI. */
  toFile(uri: string): string | undefined;
  /** Whether a workspace file exists on disk. */
  exists(file: string): boolean;
  now?(): Date;
}

/** The test the active file is about: the test it defines, or the test the record it defines executes. */
function activeTest(index: TraceIndex, file: string | undefined, tests: ReadonlySet<string>): string | undefined {
  if (file === undefined) return undefined;
  const item = index.get(file)?.item;
  if (!item) return undefined;
  if (tests.has(item.id)) return item.id;
  const ev = index.config.evidence;
  return item.links.find((l) => l.type === ev?.executesLink && tests.has(l.target))?.target;
}

export async function recordContext(
  host: RecordResultHost,
  p: RecordContextParams | undefined,
): Promise<RecordContextResult> {
  const st = await host.current();
  if (!st) throw new ResponseError(LSPErrorCodes.RequestFailed, 'no workspace folder is open');
  const evidence = st.index.config.evidence !== undefined;
  const tests = recordableTests(st.index);
  const file = typeof p?.uri === 'string' ? host.toFile(p.uri) : undefined;
  const active = activeTest(st.index, file, new Set(tests.map((t) => t.id)));
  const [version, executedBy] = evidence ? await Promise.all([gitDescribe(st.root), gitUser(st.root)]) : [];
  return {
    evidence,
    tests: tests.map(({ id, title, file: f, line }) => ({ id, title, file: f, line })),
    results: recordResults(st.index),
    ...(active !== undefined ? { active } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(executedBy !== undefined ? { executedBy } : {}),
  };
}

/** Seconds precision, UTC: `2026-12-03T17:20:05Z`. */
export function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

export async function recordTemplate(host: RecordResultHost, p: RecordTemplateParams): Promise<RecordTemplateResult> {
  const str = (v: unknown): boolean => v === undefined || typeof v === 'string';
  if (
    typeof p?.test !== 'string' ||
    typeof p.result !== 'string' ||
    !str(p.version) ||
    !str(p.executedBy) ||
    !str(p.executedAt)
  )
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      'tracespine/recordTemplate needs { test, result, version?, executedBy?, executedAt? } (strings)',
    );
  const st = await host.current();
  if (!st) throw new ResponseError(LSPErrorCodes.RequestFailed, 'no workspace folder is open');
  const r = manualRecord(st.index, {
    test: p.test,
    result: p.result,
    executedAt: p.executedAt ?? isoSeconds(host.now?.() ?? new Date()),
    ...(p.version !== undefined ? { version: p.version } : {}),
    ...(p.executedBy !== undefined ? { executedBy: p.executedBy } : {}),
  });
  if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
  if (host.exists(r.file)) throw new ResponseError(LSPErrorCodes.RequestFailed, `${r.file} exists already`);
  return r;
}

export function registerRecordResult(connection: Connection, host: RecordResultHost): void {
  connection.onRequest(RecordContextRequest, (p) => recordContext(host, p));
  connection.onRequest(RecordTemplateRequest, (p) => recordTemplate(host, p));
}
