import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * File paths <-> `file:` URIs, the way VS Code writes them (`vscode-uri`'s `URI.file(p).toString()`):
 * every character outside `A-Z a-z 0-9 - . _ ~ /` percent-encoded with upper-case hex,
 * a Windows drive letter lower-cased and its colon encoded (`file:///c%3A/x`). Parsing
 * accepts any valid encoding, so a client that encodes differently still maps to the same path.
 */
export function pathToUri(abs: string): string {
  let p = sep === '\\' ? abs.replace(/\\/g, '/') : abs;
  let authority = '';
  if (p.startsWith('//')) {
    // UNC path: //server/share/...
    const i = p.indexOf('/', 2);
    authority = i < 0 ? p.slice(2) : p.slice(2, i);
    p = i < 0 ? '/' : p.slice(i);
  }
  if (/^[A-Za-z]:/.test(p)) p = `/${p[0]!.toLowerCase()}${p.slice(1)}`;
  else if (!p.startsWith('/')) p = `/${p}`;
  return `file://${encode(authority.toLowerCase(), false)}${encode(p, true)}`;
}

function encode(s: string, isPath: boolean): string {
  return s.replace(/[^A-Za-z0-9\-._~/]/gu, (c) => {
    if (c === '/' && isPath) return c;
    const code = c.codePointAt(0)!;
    return code < 0x80 ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : encodeURIComponent(c);
  });
}

/** The file system path of a `file:` URI; undefined for other schemes or malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Maps between workspace-relative paths (`/` separators, as the engine uses them) and URIs.
 * The URIs of open documents are kept as the client sent them, so that diagnostics and
 * edits name a document exactly as the client knows it.
 */
/** URIs computed for paths are kept for at most this many paths. */
export const URI_CACHE_MAX = 50_000;

export class UriMapper {
  private readonly clientUris = new Map<string, string>();
  private readonly cache = new Map<string, string>();

  constructor(readonly root: string) {}

  /** The workspace-relative path of `uri`, or undefined when it is outside the workspace (or not a file). */
  toFile(uri: string): string | undefined {
    const abs = uriToPath(uri);
    return abs === undefined ? undefined : this.relativeOf(abs);
  }

  relativeOf(abs: string): string | undefined {
    const rel = relative(this.root, abs);
    if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return undefined;
    return sep === '/' ? rel : rel.split(sep).join('/');
  }

  absolute(file: string): string {
    return join(this.root, ...file.split('/'));
  }

  toUri(file: string): string {
    const known = this.clientUris.get(file);
    if (known !== undefined) return known;
    let uri = this.cache.get(file);
    if (uri === undefined) {
      uri = pathToUri(this.absolute(file));
      // Bounded: file events name every path that changes (a build's outputs too), not only indexed ones.
      if (this.cache.size >= URI_CACHE_MAX) this.cache.clear();
      this.cache.set(file, uri);
    }
    return uri;
  }

  /** How many computed URIs are kept (bounded by URI_CACHE_MAX). */
  get cachedUris(): number {
    return this.cache.size;
  }

  /** Remembers how the client spells an open document's URI. */
  remember(file: string, uri: string): void {
    this.clientUris.set(file, uri);
  }

  forget(file: string): void {
    this.clientUris.delete(file);
  }
}
