import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load';
import { fingerprint, normalizeBody, portableSha256 } from '../../src/core/graph/fingerprint';
import { compareIds, sortByIds } from '../../src/core/traceIndex';
import type { Item } from '../../src/core/model/item';
import { IdScanner } from '../../src/core/parse/ids';
import { check } from './memoryHost';

const id = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map((n) => `REQ-${n}`),
  fc.integer({ min: 1, max: 5 }).map((n) => `UN-${n}`),
  fc.integer({ min: 1, max: 5 }).map((n) => `HAZ-${n}`),
  fc.integer({ min: 1, max: 5 }).map((n) => `TST-${n}`),
);
const word = fc.stringMatching(/^[a-z]{1,8}$/);
const line = fc.oneof(
  fc.array(fc.oneof(word, id), { maxLength: 8 }).map((w) => w.join(' ')),
  id.map((i) => `\`${i}\``),
  fc.constant('```'),
  fc.constant(''),
  fc.constant('# Heading'),
  fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ' ')),
);
const frontmatterLine = fc.oneof(
  id.map((i) => `title: about ${i}`),
  fc.constantFrom(
    'status: approved',
    'status: obsolete',
    'status: nope',
    'severity: serious',
    'probability: remote',
    'method: test',
    'type: test',
  ),
  fc.array(id, { maxLength: 4 }).map((ids) => `derives_from: [${ids.join(', ')}]`),
  fc.array(id, { maxLength: 3 }).map((ids) => `verifies:\n${ids.map((i) => `  - ${i}`).join('\n')}`),
  fc.tuple(id, fc.stringMatching(/^[0-9a-f]{8}$/)).map(([i, p]) => `mitigates: [${i}@${p}]`),
  fc.constantFrom('mitigates: [HAZ-1@XYZ]', 'title: [a', 'verifies: 12', 'foo: "bar"', 'title:'),
);
const item = fc
  .record({ id, fm: fc.array(frontmatterLine, { maxLength: 5 }), body: fc.array(line, { maxLength: 8 }) })
  .map(({ id: i, fm, body }) => `---\nid: ${i}\n${fm.join('\n')}\n---\n${body.join('\n')}\n`);
const workspace = fc.array(item, { minLength: 1, maxLength: 6 }).map((items) => {
  const files: Record<string, string> = {};
  items.forEach((text, n) => (files[`d/f${n}.md`] = text));
  files['src/x.c'] = '// @verifies REQ-1, REQ-2 @implements REQ-3\n';
  return files;
});

function variant(files: Record<string, string>, f: (t: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, f(v)]));
}

async function observable(files: Record<string, string>): Promise<unknown> {
  const r = await check(files);
  return {
    findings: r.findings.map((x) => ({ ...x, message: x.message })),
    items: r.items.map((i) => [i.id, i.file, i.title, i.fingerprint]),
  };
}

describe('line endings and BOM', () => {
  it('LF, CRLF and a BOM give identical findings, positions and fingerprints', async () => {
    await fc.assert(
      fc.asyncProperty(workspace, async (files) => {
        const lf = await observable(files);
        expect(await observable(variant(files, (t) => t.replace(/\n/g, '\r\n')))).toEqual(lf);
        expect(await observable(variant(files, (t) => `\uFEFF${t}`))).toEqual(lf);
      }),
      { numRuns: 150 },
    );
  });
});

describe('robustness', () => {
  it('arbitrary text in an item file never crashes the check', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean(), async (junk, withHeader) => {
        const text = withHeader ? `---\nid: REQ-1\n${junk}` : junk;
        const r = await check({ 'd/x.md': text, 'src/y.c': junk });
        for (const f of r.findings) {
          expect(f.range.start.line).toBeGreaterThanOrEqual(0);
          expect(f.range.end.line).toBeGreaterThanOrEqual(f.range.start.line);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('fingerprints', () => {
  it('the portable SHA-256 equals Node crypto on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        expect(portableSha256(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('matches the SPEC formula computed independently', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.array(fc.string({ maxLength: 30 }), { maxLength: 6 }),
        fc.dictionary(fc.constantFrom('severity', 'probability'), fc.oneof(fc.string(), fc.integer())),
        (title, lines, fields) => {
          const body = lines.join('\n');
          const norm = body
            .replace(/\r\n?/g, '\n')
            .split('\n')
            .map((l) => l.replace(/[ \t]+$/, ''))
            .join('\n')
            .replace(/^\n+/, '')
            .replace(/\n+$/, '');
          const ordered = Object.fromEntries(
            Object.keys(fields)
              .sort()
              .map((k) => [k, fields[k]]),
          );
          const expected = createHash('sha256')
            .update(JSON.stringify([title.trim(), norm, ordered]), 'utf8')
            .digest('hex')
            .slice(0, 8);
          expect(fingerprint(title, body, fields)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ignores trailing whitespace, line endings and surrounding blank lines', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z ]{0,12}$/), { maxLength: 6 }), (lines) => {
        const body = lines.join('\n');
        const noisy = `\n \n${lines.map((l) => `${l} \t`).join('\r\n')}\r\n\r\n`;
        expect(normalizeBody(noisy)).toBe(normalizeBody(body));
        expect(fingerprint('T', noisy, {})).toBe(fingerprint(' T ', body, {}));
      }),
    );
  });
});

describe('ID scanning', () => {
  const config = loadConfig(undefined).config;
  const scanner = new IdScanner(config);
  /** The reference: every maximal token of ID characters, kept when it matches a kind. */
  function naive(text: string): string[] {
    const out: string[] = [];
    const re = /[A-Za-z0-9_]+(?:[-.][A-Za-z0-9_]+)*/g;
    for (let m = re.exec(text); m; m = re.exec(text))
      if (/^(UN|REQ|HAZ|TST|VAL)-\d+$/.test(m[0])) out.push(`${m.index}:${m[0]}`);
    return out;
  }
  it('the prefix scanner equals the naive tokenizer', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        'REQ-1',
        'REQ-12',
        'UN-3',
        'XREQ-1',
        'REQ-',
        'REQ-1a',
        'REQ-1.2',
        'REQ-1-2',
        '-',
        '.',
        ' ',
        ',',
        '_',
        'a',
        '1',
        '`',
        'HAZ-0',
        'TST-99.',
        'VAL-7,',
      ),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(scanner.scan(text).map((t) => `${t.start}:${t.id}`)).toEqual(naive(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ID order', () => {
  it('sorting items by their IDs agrees with compareIds, for usual IDs and any others', () => {
    const part = fc.oneof(
      fc.constantFrom('REQ-', 'REQ-SW-', 'UN-', 'REQ', 'REQ-!', 'A', '', 'ä-', 'x.'),
      fc.stringMatching(/^[A-Za-z!._-]{0,3}$/),
    );
    const number = fc.oneof(
      fc.integer({ min: 0, max: 120 }).map(String),
      fc.stringMatching(/^0{0,2}[0-9]{1,3}$/),
      fc.stringMatching(/^[0-9]{14,18}$/),
    );
    // Few prefixes and small numbers with leading zeros, so that equal numbers (REQ-01, REQ-1) meet often.
    const close = fc.tuple(fc.constantFrom('REQ-', 'UN-'), fc.stringMatching(/^0{0,2}[0-3]$/)).map(([p, n]) => p + n);
    const idArb = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(part, number).map(([p, n]) => p + n) },
      { weight: 4, arbitrary: close },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    );
    fc.assert(
      fc.property(fc.array(idArb, { maxLength: 60 }), (ids) => {
        const items = ids.map((id, i) => ({ id, file: `f${i}` }) as Item);
        const expected = [...items].sort((a, b) => compareIds(a.id, b.id)).map((i) => i.id);
        sortByIds(items);
        expect(items.map((i) => i.id)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
