import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYamlFast } from '../../src/core/parse/yamlFast';
import { parseYamlSlow } from '../../src/core/parse/yamlSlow';
import { toValue, type YamlParseResult } from '../../src/core/parse/yamlTree';

/** Number of generated frontmatters per property (raise locally to search harder). */
const RUNS = Number(process.env.YAML_FAST_RUNS ?? 2000);

/** Parses `yaml` as frontmatter embedded in a Markdown file, so offsets include the prefix. */
function both(yaml: string, prefix = '---\n', suffix = '---\nBody text.\n') {
  const text = prefix + yaml + suffix;
  const start = prefix.length;
  const end = start + yaml.length;
  return { fast: parseYamlFast(text, start, end), slow: parseYamlSlow(text, start, end) };
}

/**
 * The differential check: whenever the fast path accepts, it must give slow's exact
 * result. Returns the fast result and whether slow reported errors (or threw: yamlSlow
 * recurses without end on a self-referencing alias such as `a: &x\n- *x`; the fast path
 * never accepts aliases).
 */
function check(
  yaml: string,
  prefix: string,
  suffix: string,
): { fast: YamlParseResult | undefined; slowFailed: boolean } {
  const text = prefix + yaml + suffix;
  const start = prefix.length;
  const end = start + yaml.length;
  const fast = parseYamlFast(text, start, end);
  let slow: YamlParseResult;
  try {
    slow = parseYamlSlow(text, start, end);
  } catch (e) {
    expect(fast, `${JSON.stringify(yaml)}: slow threw ${String(e)}`).toBeUndefined();
    return { fast, slowFailed: true };
  }
  if (fast !== undefined)
    expect(fast, `${JSON.stringify(yaml)}\nfast ${show(fast)}\nslow ${show(slow)}`).toStrictEqual(slow);
  return { fast, slowFailed: slow.errors.length > 0 };
}

// ---------------------------------------------------------------------------
// Generators of frontmatter-like YAML. Every piece carries `x`: whether it uses a
// deliberately exotic ingredient (something the fast path may hand over). Documents
// without any are what real frontmatter looks like, and the fast path must accept them.

interface Piece {
  readonly s: string;
  readonly x: boolean;
}
const typical = (a: fc.Arbitrary<string>): fc.Arbitrary<Piece> => a.map((s) => ({ s, x: false }));
const exotic = (a: fc.Arbitrary<string>): fc.Arbitrary<Piece> => a.map((s) => ({ s, x: true }));

const hex8 = fc.stringMatching(/^[0-9a-f]{8}$/);
const word = fc.stringMatching(/^[A-Za-z][a-z]{0,7}$/);
const id = fc
  .tuple(fc.constantFrom('REQ', 'HAZ', 'UN', 'TST', 'RISK'), fc.nat({ max: 999 }))
  .map(([p, n]) => `${p}-${n}`);
const pinned = fc.tuple(id, hex8).map(([i, h]) => `${i}@${h}`);
const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
const numbers = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom(
    '0',
    '-0',
    '+12',
    '007',
    '0x1F',
    '0xg',
    '0o17',
    '0o8',
    '1e3',
    '1E-3',
    '.5',
    '1.',
    '+.5e+2',
    '1.2.3',
    '12abc',
    '.inf',
    '-.Inf',
    '+.INF',
    '.nan',
    '.NaN',
    '.NAN',
    '-.nan',
    '2024-01-01',
    '1_000',
    '99999999999999999999',
    '3.14',
    '-2.50',
    '0.0',
    '.e1',
    '-x',
    '-.',
    'v1.2',
  ),
);
const nullBool = fc.constantFrom(
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'False',
  'FALSE',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'nulls',
  'truex',
);
const odd = fc.constantFrom(
  'http://example.com/a?b=1#frag',
  'a:b',
  'b#c',
  'x, y',
  "it's",
  'say "hi"',
  'Über — naïve',
  '日本語',
  '😀 emoji',
  'a [b] {c}',
  'path/to/file.md',
  '(parenthesised)',
  '$var',
  '_private',
  '~tilde',
  '--double',
  '---',
  '...',
  '- 1',
  '-',
  '.',
  '+',
  '1,5',
  'a\\b',
  'x | y',
  'x > y',
  'a&b',
  'a*b',
  'a!b',
  'a%b',
  'a@b',
  'a`b',
  'x:',
  'x: y',
  'x :y',
  'a - b',
  '&a x',
  '*a',
  '!t x',
  '|',
  '>-',
  '? x',
  '%x',
  '@x',
);
const plainTypical = fc.oneof(
  { weight: 4, arbitrary: id },
  { weight: 3, arbitrary: pinned },
  { weight: 3, arbitrary: words },
  { weight: 2, arbitrary: numbers },
  { weight: 2, arbitrary: nullBool },
);
const quote = fc.constantFrom('"', "'");
const scalar: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 50, arbitrary: typical(plainTypical) },
  {
    weight: 10,
    arbitrary: typical(fc.tuple(quote, fc.oneof(plainTypical, fc.constant(''))).map(([q, s]) => q + s + q)),
  },
  {
    weight: 3,
    arbitrary: exotic(
      fc.oneof(
        odd,
        fc.tuple(quote, odd).map(([q, s]) => q + s + q),
        fc.constantFrom(
          "'it''s'",
          '"a\\"b"',
          '"tab\\t"',
          "'unterminated",
          '"x" y',
          "'a'#c",
          '"multi\n  line"',
          '[x]',
          '{a: b}',
        ),
      ),
    ),
  },
);
const sp = fc.constantFrom('', ' ', '  ');
const flowItem: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 25, arbitrary: typical(plainTypical) },
  { weight: 5, arbitrary: typical(fc.tuple(quote, plainTypical).map(([q, s]) => q + s + q)) },
  { weight: 1, arbitrary: exotic(odd) },
);
const flowSeq: fc.Arbitrary<Piece> = fc
  .tuple(
    fc.array(fc.tuple(sp, flowItem, sp), { maxLength: 4 }),
    sp,
    fc.oneof({ weight: 20, arbitrary: fc.constant(',') }, { weight: 1, arbitrary: fc.constantFrom(', ,', ',,') }),
  )
  .map(([items, inner, sep]) => ({
    s: '[' + (items.length === 0 ? inner : items.map(([a, v, b]) => a + v.s + b).join(sep)) + ']',
    x: sep !== ',' || items.some(([, v]) => v.x),
  }));
const comment: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 15, arbitrary: typical(fc.constant('')) },
  { weight: 5, arbitrary: typical(fc.constant('  ')) },
  { weight: 10, arbitrary: typical(fc.tuple(fc.constantFrom(' ', '  '), words).map(([s, w]) => `${s}# ${w}`)) },
  {
    weight: 1,
    arbitrary: exotic(
      fc.oneof(
        words.map((w) => `#${w}`),
        fc.constantFrom('\t# tab', ' &a', ' !t'),
      ),
    ),
  },
);

/** One entry, as lines (without line breaks), given its key. */
type Entry = (key: string) => { lines: string[]; x: boolean };
const entry: fc.Arbitrary<Entry> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(scalar, comment)
      .map(([v, c]): Entry => (key) => ({ lines: [`${key}: ${v.s}${c.s}`], x: v.x || c.x })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(flowSeq, comment)
      .map(([v, c]): Entry => (key) => ({ lines: [`${key}: ${v.s}${c.s}`], x: v.x || c.x })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.nat({ max: 4 }),
        comment,
        fc.array(
          fc.tuple(
            scalar,
            comment,
            fc.constantFrom('', '', '', '', '', '', '', '', '\n', '   ', '# between', '', '', '', '', '  # indented'),
          ),
          { minLength: 1, maxLength: 4 },
        ),
      )
      .map(([indent, c, items]): Entry => (key) => {
        const pad = ' '.repeat(indent);
        const lines = [`${key}:${c.s}`];
        let x = c.x;
        for (const [v, ic, gap] of items) {
          lines.push(`${pad}- ${v.s}${ic.s}`);
          x ||= v.x || ic.x || gap.startsWith('  #');
          if (gap === '\n') lines.push('');
          else if (gap) lines.push(gap);
        }
        return { lines, x };
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('', ' ', '   '), comment)
      .map(([s, c]): Entry => (key) => ({ lines: [`${key}:${s}${c.s}`], x: c.x })),
  },
);
const keyName: fc.Arbitrary<Piece> = fc.oneof(
  {
    weight: 30,
    arbitrary: typical(
      fc.constantFrom(
        'id',
        'title',
        'status',
        'type',
        'derives_from',
        'mitigates',
        'verified-by',
        'severity',
        'tags',
        'Owner',
        '_x',
      ),
    ),
  },
  { weight: 10, arbitrary: typical(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,6}$/)) },
  {
    weight: 1,
    arbitrary: exotic(fc.constantFrom('null', 'True', 'x y', '1st', '"q"', 'a.b', ' k', 'k ', '? k', '-k')),
  },
);
const separator: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 30, arbitrary: typical(fc.constantFrom('', '', '', '', '', '# a comment', '#', '   ', '\n')) },
  { weight: 1, arbitrary: exotic(fc.constantFrom('  # indented comment', '\t', '---', '...', '%YAML 1.2')) },
);

/** A frontmatter body with LF, CRLF or mixed line breaks, with or without a final one. */
const frontmatter: fc.Arbitrary<Piece> = fc
  .tuple(
    fc.array(fc.tuple(keyName, entry, separator), { maxLength: 8 }),
    fc.constantFrom('', '', '# leading comment', '\n'),
    fc.constantFrom<'lf' | 'crlf' | 'mix'>('lf', 'crlf', 'mix'),
    fc.boolean(),
    fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
    fc.integer({ min: 0, max: 9 }),
  )
  .map(([es, lead, mode, finalBreak, crlfAt, dup]) => {
    const lines: string[] = lead ? lead.split('\n') : [];
    const seen = new Set<string>();
    let x = false;
    for (const [k, e, sep] of es) {
      // Mostly distinct keys; one document in ten keeps the duplicates (handed over).
      let key = k.s;
      while (dup !== 0 && seen.has(key)) key += '_';
      seen.add(key);
      const { lines: ls, x: ex } = e(key);
      lines.push(...ls);
      if (sep.s) lines.push(...sep.s.split('\n'));
      x ||= k.x || ex || sep.x;
    }
    let s = '';
    lines.forEach((line, i) => {
      const nl = mode === 'lf' ? '\n' : mode === 'crlf' ? '\r\n' : crlfAt[i % crlfAt.length] ? '\r\n' : '\n';
      s += line + (i < lines.length - 1 || finalBreak ? nl : '');
    });
    return { s, x };
  });

const mutationText = fc.oneof(
  fc.constantFrom(
    ' ',
    '\t',
    ':',
    '#',
    '&',
    '*',
    '!',
    '"',
    "'",
    '-',
    '[',
    ']',
    '{',
    '}',
    ',',
    '\n',
    '\r',
    '\r\n',
    '|',
    '>',
    '?',
    '%',
    '@',
    '`',
    '\\',
    '~',
    '.',
    'x',
    '0',
    '\u00a0',
    '\u0085',
    '\ufeff',
    '\u2028',
    '\u0000',
    '\u001f',
    '\ud800',
    '---\n',
    '\n  ',
    ': ',
    ' #',
    '- ',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
);
type Mutation =
  | { kind: 'insert'; at: number; s: string }
  | { kind: 'delete'; at: number; n: number }
  | { kind: 'replace'; at: number; s: string };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), s: mutationText }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), s: mutationText }),
);
function mutate(text: string, ms: readonly Mutation[]): string {
  let out = text;
  for (const m of ms) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === 'insert') out = out.slice(0, at) + m.s + out.slice(at);
    else if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.n);
    else out = out.slice(0, at) + m.s + out.slice(at + 1);
  }
  return out;
}
const surroundings = fc.constantFrom<[string, string]>(
  ['---\n', '---\nBody.\n'],
  ['\ufeff---\r\n', '---\r\n# Title\r\n'],
  ['', ''],
  ['---\n', ''],
);

function show(r: YamlParseResult | undefined): string {
  return JSON.stringify(r, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

// ---------------------------------------------------------------------------

describe('parseYamlFast agrees with parseYamlSlow (differential)', () => {
  it('on generated frontmatter, accepting all that looks like real frontmatter', () => {
    let accepted = 0;
    let plainDocs = 0;
    let plainAccepted = 0;
    fc.assert(
      fc.property(frontmatter, surroundings, ({ s: yaml, x }, [prefix, suffix]) => {
        const { fast, slowFailed } = check(yaml, prefix, suffix);
        if (fast !== undefined) accepted++;
        // Without exotic ingredients (and without random duplicate keys, which `yaml`
        // rejects), the fast path must not hand over.
        if (!x && !slowFailed) {
          plainDocs++;
          if (fast !== undefined) plainAccepted++;
        }
      }),
      { numRuns: RUNS },
    );
    expect(accepted / RUNS).toBeGreaterThan(0.4);
    expect(plainDocs / RUNS).toBeGreaterThan(0.3);
    // Keys the key generator happens to spell as null/bool words are handed over.
    expect(plainAccepted / plainDocs).toBeGreaterThan(0.97);
  });

  it('on mutated frontmatter (random insertions, deletions, tabs, colons, #, &, *, quotes)', () => {
    let accepted = 0;
    let handedOver = 0;
    fc.assert(
      fc.property(
        frontmatter,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        surroundings,
        ({ s: yaml0 }, ms, [prefix, suffix]) => {
          const { fast } = check(mutate(yaml0, ms), prefix, suffix);
          if (fast === undefined) handedOver++;
          else accepted++;
        },
      ),
      { numRuns: RUNS },
    );
    // Both outcomes must occur often, or the property proves little.
    expect(accepted).toBeGreaterThan(RUNS / 10);
    expect(handedOver).toBeGreaterThan(RUNS / 10);
  });

  it('on arbitrary short strings over YAML-significant characters', () => {
    const ch = fc.constantFrom(
      'a',
      'b',
      'k',
      '1',
      '.',
      '-',
      ' ',
      ':',
      '#',
      '\n',
      '\r\n',
      '\r',
      '[',
      ']',
      ',',
      "'",
      '"',
      '~',
      'x:',
      '- ',
      'e',
      '@',
    );
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 24 }), (parts) => {
        check(parts.join(''), '---\n', '---\n');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parseYamlFast examples', () => {
  const lf = [
    'id: REQ-012',
    'title: Maximum infusion rate  # shown in the index',
    'status: approved',
    'derives_from: [UN-003, UN-4@0a1b2c3d]',
    '',
    '# links',
    'mitigates:',
    '  - HAZ-004@9f2c41d0',
    '  - "HAZ-5"',
    'reviewed:',
    '',
  ].join('\n');

  const sc = (value: string | null, start: number, end: number, plain = true) => ({
    type: 'scalar',
    value,
    plain,
    start,
    end,
  });

  it('parses a typical LF frontmatter to the exact tree', () => {
    // Offsets index the whole file: the frontmatter starts after '---\n', at 4.
    const { fast, slow } = both(lf);
    expect(fast).toStrictEqual({
      root: {
        type: 'map',
        entries: [
          { key: 'id', keyStart: 4, keyEnd: 6, value: sc('REQ-012', 8, 15) },
          { key: 'title', keyStart: 16, keyEnd: 21, value: sc('Maximum infusion rate', 23, 44) },
          { key: 'status', keyStart: 67, keyEnd: 73, value: sc('approved', 75, 83) },
          {
            key: 'derives_from',
            keyStart: 84,
            keyEnd: 96,
            value: { type: 'seq', items: [sc('UN-003', 99, 105), sc('UN-4@0a1b2c3d', 107, 120)], start: 98, end: 121 },
          },
          {
            key: 'mitigates',
            keyStart: 131,
            keyEnd: 140,
            // From the first '-' to after the last item's line break.
            value: {
              type: 'seq',
              items: [sc('HAZ-004@9f2c41d0', 146, 162), sc('HAZ-5', 167, 174, false)],
              start: 144,
              end: 175,
            },
          },
          // `reviewed:` is null, placed right after the colon; the map ends there.
          { key: 'reviewed', keyStart: 175, keyEnd: 183, value: sc(null, 184, 184) },
        ],
        start: 4,
        end: 184,
      },
      errors: [],
    });
    expect(fast).toStrictEqual(slow);
  });

  it('parses the same frontmatter with CRLF line endings (offsets exclude the CRs)', () => {
    const { fast, slow } = both(lf.replace(/\n/g, '\r\n'), '---\r\n', '---\r\nBody.\r\n');
    expect(fast).toStrictEqual({
      root: {
        type: 'map',
        entries: [
          { key: 'id', keyStart: 5, keyEnd: 7, value: sc('REQ-012', 9, 16) },
          { key: 'title', keyStart: 18, keyEnd: 23, value: sc('Maximum infusion rate', 25, 46) },
          { key: 'status', keyStart: 70, keyEnd: 76, value: sc('approved', 78, 86) },
          {
            key: 'derives_from',
            keyStart: 88,
            keyEnd: 100,
            value: {
              type: 'seq',
              items: [sc('UN-003', 103, 109), sc('UN-4@0a1b2c3d', 111, 124)],
              start: 102,
              end: 125,
            },
          },
          {
            key: 'mitigates',
            keyStart: 138,
            keyEnd: 147,
            value: {
              type: 'seq',
              items: [sc('HAZ-004@9f2c41d0', 154, 170), sc('HAZ-5', 176, 183, false)],
              start: 152,
              end: 185,
            },
          },
          { key: 'reviewed', keyStart: 185, keyEnd: 193, value: sc(null, 194, 194) },
        ],
        start: 5,
        end: 194,
      },
      errors: [],
    });
    expect(fast).toStrictEqual(slow);
    expect(toValue(fast!.root!)).toStrictEqual(toValue(both(lf).fast!.root!));
  });

  it('resolves plain scalars by the core schema', () => {
    const { fast } = both('a: 12\nb: 0x1F\nc: 1.50\nd: .inf\ne: ~\nf: False\ng: 2024-01-01\nh: no\ni: -0\n');
    expect(fast).toBeDefined();
    expect(toValue(fast!.root!)).toStrictEqual({
      a: 12,
      b: 31,
      c: 1.5,
      d: Infinity,
      e: null,
      f: false,
      g: '2024-01-01',
      h: 'no',
      i: -0,
    });
  });

  it('returns no root for an empty frontmatter or one with only comments', () => {
    expect(both('').fast).toStrictEqual({ errors: [] });
    expect(both('# nothing here\n\n').fast).toStrictEqual({ errors: [] });
  });

  it('ends an empty last value (hence the map) at the end of the text when a comment follows it', () => {
    // `yaml` counts the comment and blank lines after an empty value into the null node.
    expect(both('a: 1\nb:\n# c\n\n').fast?.root).toMatchObject({
      start: 4,
      end: 17,
      entries: [{}, { value: { start: 11, end: 11 } }],
    });
    expect(both('a: 1\nb:\n\n').fast?.root).toMatchObject({ end: 11 });
    expect(both('a: 1\n# c\n').fast?.root).toMatchObject({ end: 9 });
  });

  it('agrees with yaml on positions at the edges', () => {
    for (const yaml of [
      'a:\n',
      'a:',
      'a:   \n',
      'a:  # c\n',
      'a:\r\n',
      'a:  \r\n',
      'a:\n# c\nb: 1\n',
      'a:\n\nb:\n',
      'a:\n# c',
      'a: # c\n\n  \n',
      'a: b',
      'a: b  ',
      'a: b # c',
      'a: b\r\n\r\n',
      'a: "q" # c\n',
      "a: ''\n",
      'a: []\n',
      'a: [ ]  # c\n',
      'a: [x , "y" ,z]\r\n',
      'a:\n- x\n- y\n',
      'a:\n- x\n# c\n- y\nb: 1',
      'a: # c\n\n    - x\n\n    - y  # d\n\n# e\n',
      'a:\r\n  - x\r\n  - y',
      'a: b#c\n',
      'a: http://x/y?z#f\n',
    ]) {
      const { fast, slow } = both(yaml);
      expect(fast, JSON.stringify(yaml)).toBeDefined();
      expect(fast, JSON.stringify(yaml)).toStrictEqual(slow);
    }
  });

  it.each([
    ['nested map', 'a:\n  b: c\n'],
    ['block scalar', 'a: |\n  text\n'],
    ['folded scalar', 'a: >\n  text\n'],
    ['multi-line plain', 'a: one\n  two\n'],
    ['anchor', 'a: &x b\n'],
    ['alias', 'a: *x\n'],
    ['tag', 'a: !!str 1\n'],
    ['flow map', 'a: {b: c}\n'],
    ['escape', 'a: "x\\ty"\n'],
    ['escaped single quote', "a: 'it''s'\n"],
    ['tab indentation', 'a:\n\t- x\n'],
    ['tab after value', 'a: b\t# c\n'],
    ['duplicate key', 'a: 1\na: 2\n'],
    ['explicit key', '? a\n: b\n'],
    ['space before colon', 'a : b\n'],
    ['document marker', 'a: b\n---\nc: d\n'],
    ['directive', '%YAML 1.2\na: b\n'],
    ['indented comment line', 'a:\n  - x\n  # c\n'],
    ['comment without space', 'a: [x]#c\n'],
    ['colon-space inside a value', 'a: b: c\n'],
    ['empty sequence item', 'a:\n  -\n'],
    ['nested flow sequence', 'a: [[x]]\n'],
    ['indented key', ' a: b\n'],
    ['null-word key', 'null: x\n'],
    ['lone CR', 'a: b\rc: d\n'],
  ])('hands over: %s', (_name, yaml) => {
    expect(both(yaml).fast).toBeUndefined();
  });
});
