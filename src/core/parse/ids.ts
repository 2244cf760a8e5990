import type { TraceConfig } from '../config/types';
import { kindOfId } from '../config/load';

export interface IdToken {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/** ID characters: letters, digits, `_`, and `-`/`.` between them. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** The shape `LETTERS-DIGITS` that marks an id meant as a trace ID (SPEC section 1). */
export const ID_SHAPE = /^[A-Za-z]+-\d+$/;

/**
 * Finds word-bounded tokens that match a configured kind's ID pattern. A token is a
 * maximal run of ID characters, so `REQ-12` is found in "see REQ-12." but not in
 * `REQ-12a` or `XREQ-12`. When every kind has a literal prefix, only places where a
 * prefix occurs are examined, which keeps prose scanning near the speed of indexOf.
 */
export class IdScanner {
  private readonly prefixes: readonly string[] | undefined;

  constructor(private readonly config: TraceConfig) {
    const lits = config.kinds.map((k) => k.literalPrefix);
    this.prefixes = lits.every((l): l is string => l !== undefined && l.length > 0) ? [...new Set(lits)] : undefined;
  }

  isId(token: string): boolean {
    return kindOfId(this.config, token) !== undefined;
  }

  /** Tokens in `text[start, end)` that match a kind. */
  scan(text: string, start = 0, end = text.length, out: IdToken[] = []): IdToken[] {
    if (this.prefixes) {
      for (const p of this.prefixes) {
        let at = text.indexOf(p, start);
        while (at >= 0 && at < end) {
          this.tokenAt(text, at, start, end, out);
          at = text.indexOf(p, at + 1);
        }
      }
      if (this.prefixes.length > 1) {
        // Overlapping prefixes (REQ- and REQ-SW-) can find one token twice.
        out.sort((a, b) => a.start - b.start);
        return out.filter((t, i) => i === 0 || out[i - 1]!.start !== t.start);
      }
      return out;
    }
    let i = start;
    while (i < end) {
      if (!isWordChar(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const tokEnd = tokenEnd(text, i, end);
      const id = text.slice(i, tokEnd);
      if (this.isId(id)) out.push({ id, start: i, end: tokEnd });
      i = tokEnd;
    }
    return out;
  }

  private tokenAt(text: string, at: number, start: number, end: number, out: IdToken[]): void {
    // Word-bounded on the left: not preceded by an ID character or a joiner inside a word.
    if (at > start) {
      const prev = text.charCodeAt(at - 1);
      if (isWordChar(prev)) return;
      if ((prev === 45 || prev === 46) && at - 1 > start && isWordChar(text.charCodeAt(at - 2))) return;
    }
    const tokEnd = tokenEnd(text, at, end);
    const id = text.slice(at, tokEnd);
    if (this.isId(id)) out.push({ id, start: at, end: tokEnd });
  }
}

/** End of the maximal ID token starting at `i`: word characters, joined by single `-` or `.`. */
export function tokenEnd(text: string, i: number, end: number): number {
  let j = i;
  while (j < end) {
    const c = text.charCodeAt(j);
    if (isWordChar(c)) j++;
    else if ((c === 45 || c === 46) && j + 1 < end && isWordChar(text.charCodeAt(j + 1))) j += 2;
    else break;
  }
  return j;
}

/** Expands a position to the ID-like token around it (for hover and rename at a cursor). */
export function tokenAround(text: string, offset: number): { start: number; end: number } | undefined {
  let s = offset;
  while (
    s > 0 &&
    (isWordChar(text.charCodeAt(s - 1)) ||
      ((text.charCodeAt(s - 1) === 45 || text.charCodeAt(s - 1) === 46) &&
        s - 2 >= 0 &&
        isWordChar(text.charCodeAt(s - 2))))
  )
    s--;
  const e = tokenEnd(text, s, text.length);
  return e > s && offset <= e ? { start: s, end: e } : undefined;
}
