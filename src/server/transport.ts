/**
 * Standard input as JSON-RPC messages, robust against what a client (or a person typing)
 * may send: a frame with a missing, non-numeric or oversized Content-Length is skipped and
 * the reader finds the next header (a process that stops listening would look alive and
 * answer nothing); a body that is not JSON gets -32700, one that is not a JSON-RPC message
 * -32600 (both with id null, as JSON-RPC 2.0 says). Every message then passes Lifecycle.
 */
import {
  AbstractMessageReader,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
} from 'vscode-languageserver/node';
import { INVALID_REQUEST, Lifecycle, PARSE_ERROR } from './lifecycle';

/** Larger frames are skipped unread (a document that large is not held anyway, see MAX_DOCUMENT_CHARS). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;
/** A header block longer than this is not a header. */
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const CONTENT_LENGTH = /^content-length:/im;

export interface ErrorReply {
  readonly jsonrpc: '2.0';
  readonly id: number | string | null;
  readonly error: { readonly code: number; readonly message: string };
}

export class FrameReader extends AbstractMessageReader implements MessageReader {
  private chunks: Buffer[] = [];
  private total = 0;
  /** Body bytes still expected (0: reading a header). */
  private bodyLength = 0;
  /** Bytes of an oversized body still to skip. */
  private skip = 0;
  private callback: DataCallback | undefined;
  readonly lifecycle = new Lifecycle();

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly reply: (r: ErrorReply) => void,
    private readonly log: (message: string) => void,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (b: Buffer): void => this.onData(b);
    const onEnd = (): void => this.fireClose();
    const onError = (e: Error): void => this.fireError(e);
    this.input.on('data', onData);
    this.input.on('end', onEnd);
    this.input.on('error', onError);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('end', onEnd);
        this.input.off('error', onError);
      },
    };
  }

  private onData(b: Buffer): void {
    if (this.skip > 0) {
      const n = Math.min(this.skip, b.length);
      this.skip -= n;
      b = b.subarray(n);
      if (b.length === 0) return;
    }
    this.chunks.push(b);
    this.total += b.length;
    for (;;) if (!this.step()) return;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.total);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.total = rest.length;
    return out;
  }

  /** Handles one header or body if enough has arrived; false when it needs more. */
  private step(): boolean {
    if (this.bodyLength > 0) {
      if (this.total < this.bodyLength) return false;
      const body = this.take(this.bodyLength);
      this.bodyLength = 0;
      this.dispatch(body);
      return true;
    }
    if (this.total === 0) return false;
    const buf = this.take(this.total);
    this.chunks = [buf];
    this.total = buf.length;
    const end = buf.indexOf(HEADER_END);
    if (end < 0) {
      if (buf.length > MAX_HEADER_BYTES) this.resync(buf, 1, 'a header without an end');
      return false;
    }
    const header = buf.subarray(0, end).toString('ascii');
    const m = /^content-length:[ \t]*(\d+)[ \t]*$/im.exec(header);
    const length = m ? Number(m[1]) : NaN;
    if (!Number.isSafeInteger(length) || length <= 0) {
      this.resync(buf, 1, `a frame with a bad Content-Length (${JSON.stringify(header.slice(0, 80))})`);
      return this.total > 0;
    }
    this.take(end + HEADER_END.length);
    if (length > MAX_FRAME_BYTES) {
      this.log(`tracespine: skipped a message of ${length} bytes (more than ${MAX_FRAME_BYTES})`);
      const n = Math.min(length, this.total);
      this.take(n);
      this.skip = length - n;
      return this.total > 0;
    }
    this.bodyLength = length;
    return true;
  }

  /** Drops bytes up to the next thing that looks like a header, at or after `from`. */
  private resync(buf: Buffer, from: number, what: string): void {
    this.log(`tracespine: skipped ${what}`);
    const text = buf.toString('latin1', from);
    const m = CONTENT_LENGTH.exec(text);
    this.take(m ? from + m.index : buf.length);
  }

  private dispatch(body: Buffer): void {
    let msg: unknown;
    try {
      msg = JSON.parse(body.toString('utf8'));
    } catch (e) {
      this.reply({
        jsonrpc: '2.0',
        id: null,
        error: { code: PARSE_ERROR, message: `Parse error: ${e instanceof Error ? e.message : String(e)}` },
      });
      return;
    }
    if (
      typeof msg !== 'object' ||
      msg === null ||
      Array.isArray(msg) ||
      (msg as { jsonrpc?: unknown }).jsonrpc !== '2.0'
    ) {
      const id = idOf(msg);
      this.reply({
        jsonrpc: '2.0',
        id,
        error: { code: INVALID_REQUEST, message: 'Invalid Request: not a JSON-RPC 2.0 message' },
      });
      return;
    }
    const verdict = this.lifecycle.judge(msg as Message);
    if (verdict.action === 'pass') this.callback?.(msg as Message);
    else if (verdict.action === 'reply')
      this.reply({ jsonrpc: '2.0', id: idOf(msg), error: { code: verdict.code, message: verdict.message } });
    else if (verdict.reason) this.log(`tracespine: ${verdict.reason}`);
  }
}

function idOf(msg: unknown): number | string | null {
  const id = typeof msg === 'object' && msg !== null ? (msg as { id?: unknown }).id : undefined;
  return typeof id === 'number' || typeof id === 'string' ? id : null;
}
