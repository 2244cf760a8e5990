import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../../src/core/engine';
import { MemoryHost } from '../memoryHost';

/** What a check reports, positions included: LF and CRLF must give the same (SPEC section 1). */
async function observed(text: string): Promise<string[]> {
  const r = await checkWorkspace(new MemoryHost({ 'REQ-1.md': text, 'UN-1.md': '---\nid: UN-1\ntitle: n\n---\n' }));
  return [
    ...r.findings.map(
      (f) =>
        `${f.file}:${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.code} ${f.message}`,
    ),
    ...r.items.map((i) => `${i.id} ${i.fingerprint} ${JSON.stringify(i.title)}`),
  ];
}

const line = fc.oneof(
  fc.constantFrom(
    'id: REQ-1',
    'title: T',
    'status: draft',
    'derives_from: [UN-1]',
    'derives_from:',
    '  - UN-1',
    '  - UN-2@0000000g',
    'x: "abc',
    'x: [a',
    "x: 'a'b",
    '  bad: 1',
    'x: a: b',
    'x: |',
    '  a',
    ' b',
    '#c',
    '',
  ),
  fc.integer({ min: 1015, max: 1030 }).map((n) => `${'k'.repeat(n)}: v`),
  fc.integer({ min: 1015, max: 1030 }).map((n) => `? ${'k'.repeat(n)}`),
  fc.integer({ min: 1015, max: 1030 }).map((n) => `[${'k'.repeat(n)}]: v`),
  fc.stringMatching(/^[a-z:#'"[\]{}, -]{0,12}$/),
);
const body = fc.constantFrom('', 'Body REQ-1 UN-9.\n', '# H1\n');

describe('LF and CRLF line endings give identical results', () => {
  it('on generated frontmatter (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), body, fc.boolean(), async (lines, b, closed) => {
        const lf = `---\nid: REQ-1\n${lines.map((l) => `${l}\n`).join('')}${closed ? '---\n' : ''}${b}`;
        expect(await observed(lf.replace(/\n/g, '\r\n'))).toEqual(await observed(lf));
      }),
      { numRuns: 300 },
    );
  });
});
