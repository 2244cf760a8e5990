import { RE2JS } from 're2js';

/** What the engine asks of a kind's ID pattern. */
export interface IdPattern {
  test(id: string): boolean;
  /** The anchored pattern, for messages. */
  readonly source: string;
}

/**
 * Compiles a user's `kinds.*.pattern` with RE2 semantics (the `re2js` port): matching takes
 * time linear in the ID's length, so a pattern such as `(A+)+B` cannot hang a check or the
 * language server on a long token, as JavaScript's backtracking engine does. RE2 refuses
 * what cannot be matched in linear time (backreferences, lookaround): such a pattern is a
 * configuration error. Throws an Error whose message says why the pattern is refused.
 */
export function compileIdPattern(source: string): IdPattern {
  // Anchored as a whole, so that `^A|B$` cannot match A-prefixed or B-suffixed tokens only.
  const full = `^(?:${source})$`;
  let re: RE2JS;
  try {
    re = RE2JS.compile(full);
  } catch (e) {
    const message = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e);
    throw new Error(`${message} (patterns use RE2 syntax: no backreferences or lookaround)`);
  }
  return { test: (id) => re.test(id), source: full };
}
