/** Zero-based, LSP-shaped positions. `character` counts UTF-16 code units, as LSP and VS Code do. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function containsPosition(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}

/**
 * Maps string offsets to positions. CRLF, LF and lone CR all end a line, so a file
 * gives the same positions whatever its line endings (SPEC section 1). The line table is
 * built on first use: most files of a large workspace never need a position.
 */
export class LineIndex {
  private table: number[] | undefined;

  constructor(private readonly text: string) {}

  private get starts(): number[] {
    if (this.table) return this.table;
    const text = this.text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    return (this.table = starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const starts = this.starts;
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo]! };
  }

  offsetAt(p: Position): number {
    const starts = this.starts;
    if (p.line >= starts.length) return this.text.length;
    const start = starts[Math.max(0, p.line)]!;
    const next = p.line + 1 < starts.length ? starts[p.line + 1]! : this.text.length;
    return Math.min(start + p.character, next);
  }

  /**
   * The range of `[start, end)`. Line breaks at the end are left out, so that a span
   * reported up to "the end of the line" is the same whatever the file's line endings.
   */
  rangeAt(start: number, end: number): Range {
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}
