/**
 * Characters a terminal or a CI log would act on instead of showing: C0 and C1 controls
 * (ESC starts colour and cursor sequences, CR overwrites a line, LF starts a forged one such
 * as `::error` in GitHub Actions), DEL, the Unicode line and paragraph separators, and the
 * bidirectional overrides that reorder what is shown. Tab is kept.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the user's files (titles, statuses, file names, messages quoting them) made
 * safe for one line of terminal or log output: each unprintable character becomes a
 * visible escape (`\x1b`, `\r`, `\n`, `\u202e`).
 */
export function printable(s: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(s)) return s;
  return s.replace(UNPRINTABLE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}
