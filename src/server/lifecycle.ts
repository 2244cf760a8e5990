/**
 * The LSP lifecycle and parameter shapes, checked before a message reaches a handler
 * (LSP 3.17 "Lifecycle Messages", JSON-RPC 2.0 error codes): a request before
 * `initialize` gets -32002, one after `shutdown` -32600, malformed parameters -32602;
 * notifications before `initialize` or after `shutdown` are dropped (except `exit`), and
 * so are document notifications the server could not hold (non-string text, a text
 * larger than MAX_DOCUMENT_CHARS).
 */
import type { Message } from 'vscode-languageserver/node';

export const SERVER_NOT_INITIALIZED = -32002;
export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;
export const PARSE_ERROR = -32700;

/** Documents larger than this are not held (as files larger than MAX_FILE_BYTES are not read). */
export const MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;

export type Verdict =
  | { readonly action: 'pass' }
  | { readonly action: 'reply'; readonly code: number; readonly message: string }
  | { readonly action: 'drop'; readonly reason?: string };

const PASS: Verdict = { action: 'pass' };

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const isUint = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isPosition = (x: unknown): boolean => isObject(x) && isUint(x.line) && isUint(x.character);
const isRange = (x: unknown): boolean => isObject(x) && isPosition(x.start) && isPosition(x.end);
const hasDoc = (p: Json): boolean => isObject(p.textDocument) && typeof p.textDocument.uri === 'string';

/** What each request's parameters must look like; an answer names what is wrong. */
const REQUEST_PARAMS: Record<string, (p: Json) => string | undefined> = {
  initialize: (p) => (isObject(p.capabilities) ? undefined : 'capabilities must be an object'),
  'textDocument/hover': positional,
  'textDocument/definition': positional,
  'textDocument/completion': positional,
  'textDocument/prepareRename': positional,
  'textDocument/references': (p) => positional(p) ?? (isObject(p.context) ? undefined : 'context must be an object'),
  'textDocument/rename': (p) =>
    positional(p) ?? (typeof p.newName === 'string' ? undefined : 'newName must be a string'),
  'textDocument/codeAction': (p) =>
    docOnly(p) ??
    (isRange(p.range) ? undefined : 'range must be a range') ??
    (isObject(p.context) && Array.isArray(p.context.diagnostics) ? undefined : 'context.diagnostics must be an array'),
  'textDocument/codeLens': docOnly,
  'textDocument/documentLink': docOnly,
  'textDocument/documentSymbol': docOnly,
  'workspace/symbol': (p) => (typeof p.query === 'string' ? undefined : 'query must be a string'),
};

function docOnly(p: Json): string | undefined {
  return hasDoc(p) ? undefined : 'textDocument.uri must be a string';
}

function positional(p: Json): string | undefined {
  return (
    docOnly(p) ?? (isPosition(p.position) ? undefined : 'position must be { line, character } of non-negative integers')
  );
}

/** Tracks the lifecycle of one connection and judges each incoming message. */
export class Lifecycle {
  state: 'new' | 'initializing' | 'running' | 'shutdown' = 'new';

  judge(msg: Message): Verdict {
    const m = msg as unknown as Json;
    const method = typeof m.method === 'string' ? m.method : undefined;
    if (method === undefined) return PASS; // a response to one of the server's requests
    const isRequest = typeof m.id === 'string' || typeof m.id === 'number';
    return isRequest ? this.request(method, m.params) : this.notification(method, m.params);
  }

  private request(method: string, params: unknown): Verdict {
    if (this.state === 'shutdown')
      return { action: 'reply', code: INVALID_REQUEST, message: `${method}: the server is shut down` };
    if (method === 'initialize' && this.state !== 'new') {
      return { action: 'reply', code: INVALID_REQUEST, message: 'initialize was already sent' };
    }
    if (this.state === 'new' && method !== 'initialize') {
      return { action: 'reply', code: SERVER_NOT_INITIALIZED, message: `${method}: the server is not initialized` };
    }
    const check = REQUEST_PARAMS[method];
    if (check) {
      const why = isObject(params) ? check(params) : 'params must be an object';
      if (why !== undefined) return { action: 'reply', code: INVALID_PARAMS, message: `${method}: ${why}` };
    }
    if (method === 'initialize') this.state = 'initializing';
    if (method === 'shutdown') this.state = 'shutdown';
    return PASS;
  }

  private notification(method: string, params: unknown): Verdict {
    if (method === 'exit') return PASS;
    if (this.state === 'new' || this.state === 'shutdown') return { action: 'drop' };
    if (method === 'initialized') this.state = 'running';
    const p = isObject(params) ? params : undefined;
    if (method === 'textDocument/didOpen') {
      const doc = p && isObject(p.textDocument) ? p.textDocument : undefined;
      if (!doc || typeof doc.uri !== 'string' || typeof doc.text !== 'string' || typeof doc.version !== 'number') {
        return {
          action: 'drop',
          reason: 'didOpen needs textDocument { uri, version, text } with a string text; ignored',
        };
      }
      if (doc.text.length > MAX_DOCUMENT_CHARS) {
        return {
          action: 'drop',
          reason: `${doc.uri}: larger than ${MAX_DOCUMENT_CHARS / 1024 / 1024} MiB; not checked`,
        };
      }
    }
    if (method === 'textDocument/didChange') {
      const changes = p?.contentChanges;
      if (
        !p ||
        !hasDoc(p) ||
        !Array.isArray(changes) ||
        !changes.every((c) => isObject(c) && typeof c.text === 'string')
      ) {
        return {
          action: 'drop',
          reason: 'didChange needs textDocument.uri and contentChanges with string texts; ignored',
        };
      }
      if (changes.some((c) => (c as { text: string }).text.length > MAX_DOCUMENT_CHARS)) {
        return {
          action: 'drop',
          reason: `${String((p.textDocument as Json).uri)}: a change larger than the document limit; ignored`,
        };
      }
    }
    if ((method === 'textDocument/didClose' || method === 'textDocument/didSave') && (!p || !hasDoc(p))) {
      return { action: 'drop', reason: `${method} needs textDocument.uri; ignored` };
    }
    return PASS;
  }
}
