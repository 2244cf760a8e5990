import { describe, expect, it } from 'vitest';
import { check, cleanWorkspace, findings, md } from './memoryHost';

describe('a clean workspace', () => {
  it('has no findings and full coverage', async () => {
    const r = await check(cleanWorkspace());
    expect(r.findings).toEqual([]);
    expect(r.summary).toEqual({
      items: 5,
      byKind: { need: 1, requirement: 1, hazard: 1, test: 1, validation: 1 },
      errors: 0,
      warnings: 0,
      infos: 0,
      coverage: {
        unverified: { covered: 1, total: 1 },
        unmitigated: { covered: 1, total: 1 },
        unrefined: { covered: 1, total: 1 },
        unvalidated: { covered: 1, total: 1 },
      },
      suppressed: 0,
    });
  });
});

describe('frontmatter', () => {
  it('frontmatter.yaml at the parser position', async () => {
    const ws = { ...cleanWorkspace(), 'd/bad.md': md('---', 'id: REQ-9', 'title: [unclosed', '---', 'x') };
    const r = await check(ws);
    const f = r.findings.filter((x) => x.code === 'frontmatter.yaml');
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]!.file).toBe('d/bad.md');
    expect(f[0]!.severity).toBe('error');
    // `yaml` reports the unclosed flow sequence where the YAML ends: the closing --- line.
    expect(f.map((x) => `${x.range.start.line}:${x.range.start.character} ${x.message}`)).toEqual([
      "3:0 Frontmatter is not valid YAML: a list opened with '[' is not closed with ']' on the same line (YAML parser: Flow sequence in block collection must be sufficiently indented and end with a ])",
    ]);
  });

  it('frontmatter.unterminated on the opening line', async () => {
    expect(
      await findings(
        { ...cleanWorkspace(), 'd/open.md': md('---', 'id: REQ-9', 'title: x', 'no end') },
        'frontmatter.unterminated',
      ),
    ).toEqual(['d/open.md:1:1-1:4 error frontmatter.unterminated']);
  });

  it('files without frontmatter or with slug ids are not items and get nothing', async () => {
    const ws = {
      ...cleanWorkspace(),
      'README.md': md('# Readme', 'Mentions REQ-999.'),
      'docs/intro.md': md('---', 'id: intro', '---', 'REQ-404'),
    };
    expect(await findings(ws)).toEqual([]);
  });
});

describe('item rules', () => {
  it('item.unknown-kind on the id value', async () => {
    expect(await findings({ ...cleanWorkspace(), 'd/x.md': md('---', 'id: FOO-12', 'title: x', '---') })).toEqual([
      'd/x.md:2:5-2:11 warning item.unknown-kind',
    ]);
  });

  it('item.duplicate-id on each definition with the others related', async () => {
    const ws = {
      ...cleanWorkspace(),
      'e/REQ-1-copy.md': md('---', 'id: REQ-1', 'title: Copy', 'derives_from: UN-1', '---'),
    };
    const r = await check(ws);
    const dups = r.findings.filter((f) => f.code === 'item.duplicate-id');
    expect(
      dups.map((f) => [
        f.file,
        f.range.start.line,
        f.related?.map((x) => `${x.file}:${x.range.start.line}:${x.range.start.character}`),
      ]),
    ).toEqual([
      ['d/REQ-1.md', 1, ['e/REQ-1-copy.md:1:4']],
      ['e/REQ-1-copy.md', 1, ['d/REQ-1.md:1:4']],
    ]);
  });

  it('item.kind-mismatch on the type value', async () => {
    const ws = cleanWorkspace();
    ws['d/REQ-1.md'] = md('---', 'id: REQ-1', 'type: hazard', 'title: Req', 'derives_from: [UN-1]', '---');
    expect(await findings(ws, 'item.kind-mismatch')).toEqual(['d/REQ-1.md:3:7-3:13 error item.kind-mismatch']);
  });

  it('item.missing-title unless an H1 gives it', async () => {
    const ws = {
      ...cleanWorkspace(),
      'd/UN-2.md': md('---', 'id: UN-2', '---', 'no heading'),
      'd/UN-3.md': md('---', 'id: UN-3', '---', '', '# Heading title', 'text'),
    };
    expect(await findings(ws, 'item.missing-title')).toEqual(['d/UN-2.md:2:5-2:9 warning item.missing-title']);
    const r = await check(ws);
    expect(r.items.find((i) => i.id === 'UN-3')!.title).toBe('Heading title');
  });

  it('an H1 over two lines (setext) gives the same title and fingerprint with CRLF as with LF', async () => {
    const text = md('---', 'id: UN-2', '---', 'Pump', 'alarms', '===');
    const lf = (await check({ ...cleanWorkspace(), 'd/UN-2.md': text })).items.find((i) => i.id === 'UN-2')!;
    const crlf = (await check({ ...cleanWorkspace(), 'd/UN-2.md': text.replace(/\n/g, '\r\n') })).items.find(
      (i) => i.id === 'UN-2',
    )!;
    expect(lf.title).toBe('Pump\nalarms');
    expect(crlf.title).toBe('Pump\nalarms');
    expect(crlf.fingerprint).toBe(lf.fingerprint);
  });

  it('item.missing-field on the id for an absent required kind field', async () => {
    const ws = cleanWorkspace();
    ws['d/HAZ-1.md'] = md('---', 'id: HAZ-1', 'title: Hazard', 'severity: serious', '---');
    expect(await findings(ws, 'item.missing-field')).toEqual(['d/HAZ-1.md:2:5-2:10 error item.missing-field']);
  });

  it('item.invalid-field for status, enum values and wrong YAML types', async () => {
    const ws = cleanWorkspace();
    ws['d/HAZ-1.md'] = md(
      '---',
      'id: HAZ-1',
      'title: Hazard',
      'status: done',
      'severity: [serious]',
      'probability: often',
      '---',
    );
    ws['d/UN-1.md'] = md('---', 'id: UN-1', 'title: {a: 1}', '---');
    expect(await findings(ws, 'item.invalid-field')).toEqual([
      'd/HAZ-1.md:4:9-4:13 error item.invalid-field',
      'd/HAZ-1.md:5:11-5:20 error item.invalid-field',
      'd/HAZ-1.md:6:14-6:19 error item.invalid-field',
      'd/UN-1.md:3:8-3:14 error item.invalid-field',
    ]);
  });
});

describe('link rules', () => {
  it('link.malformed for non-string entries and bad pins', async () => {
    const ws = cleanWorkspace();
    ws['d/TST-1.md'] = md(
      '---',
      'id: TST-1',
      'title: Test',
      'verifies:',
      '  - REQ-1',
      '  - 42',
      '  - REQ-1@ABCDEF12',
      '  - {a: b}',
      '---',
    );
    expect(await findings(ws, 'link.malformed')).toEqual([
      'd/TST-1.md:6:5-6:7 error link.malformed',
      'd/TST-1.md:7:5-7:19 error link.malformed',
      'd/TST-1.md:8:5-8:11 error link.malformed',
    ]);
  });

  it('link.unknown-target on the target ID, from frontmatter and code tags', async () => {
    const ws = {
      ...cleanWorkspace(),
      'd/TST-2.md': md('---', 'id: TST-2', 'title: T', 'verifies: [REQ-1, REQ-999@0123abcd]', '---'),
      'src/a.c': '/* @implements REQ-1, REQ-404 */\n',
    };
    const r = await check(ws);
    const f = r.findings.filter((x) => x.code === 'link.unknown-target');
    expect(
      f.map(
        (x) =>
          `${x.file}:${x.range.start.line + 1}:${x.range.start.character + 1}-${x.range.end.line + 1}:${x.range.end.character + 1} ${x.target} ${x.itemId ?? '-'}`,
      ),
    ).toEqual(['d/TST-2.md:4:19-4:26 REQ-999 TST-2', 'src/a.c:1:23-1:30 REQ-404 -']);
  });

  it('link.wrong-kind for the source kind (on the key) and the target kind (on the entry)', async () => {
    const ws = cleanWorkspace();
    ws['d/TST-1.md'] = md('---', 'id: TST-1', 'title: Test', 'verifies: [REQ-1, HAZ-1]', 'mitigates: HAZ-1', '---');
    ws['src/b.c'] = '// @implements UN-1\n';
    expect(await findings(ws, 'link.wrong-kind')).toEqual([
      'd/TST-1.md:4:19-4:24 error link.wrong-kind',
      'd/TST-1.md:5:1-5:10 error link.wrong-kind',
      'src/b.c:1:16-1:20 error link.wrong-kind',
    ]);
  });

  it('link.self', async () => {
    const ws = cleanWorkspace();
    ws['d/REQ-1.md'] = md('---', 'id: REQ-1', 'title: Req', 'derives_from: [UN-1, REQ-1]', 'mitigates: [HAZ-1]', '---');
    expect(await findings(ws, 'link.self')).toEqual(['d/REQ-1.md:4:22-4:27 error link.self']);
  });

  it('link.duplicate on the repeated entry, first one related', async () => {
    const ws = cleanWorkspace();
    ws['d/TST-1.md'] = md('---', 'id: TST-1', 'title: Test', 'verifies:', '  - REQ-1', '  - REQ-1@0123abcd', '---');
    const r = await check(ws);
    const f = r.findings.filter((x) => x.code === 'link.duplicate');
    expect(
      f.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${x.related?.[0]?.range.start.line}`),
    ).toEqual(['6:5 4']);
  });

  it('link.cycle on each entry of the cycle', async () => {
    const ws = cleanWorkspace();
    ws['d/REQ-2.md'] = md('---', 'id: REQ-2', 'title: A', 'derives_from: [REQ-3]', '---');
    ws['d/REQ-3.md'] = md('---', 'id: REQ-3', 'title: B', 'derives_from: [REQ-2, UN-1]', '---');
    const r = await check(ws);
    const f = r.findings.filter((x) => x.code === 'link.cycle');
    expect(f.map((x) => `${x.file}:${x.range.start.line + 1}:${x.range.start.character + 1} ${x.message}`)).toEqual([
      "d/REQ-2.md:4:16 'derives_from' forms a cycle: REQ-2 → REQ-3 → REQ-2",
      "d/REQ-3.md:4:16 'derives_from' forms a cycle: REQ-3 → REQ-2 → REQ-3",
    ]);
  });

  it('link.obsolete-target from live items and code tags; obsolete items are exempt from coverage', async () => {
    const ws = cleanWorkspace();
    ws['d/REQ-2.md'] = md('---', 'id: REQ-2', 'title: Old', 'status: obsolete', '---');
    ws['d/TST-2.md'] = md('---', 'id: TST-2', 'title: T', 'verifies: [REQ-2]', '---');
    ws['src/c.c'] = '// @verifies REQ-2\n';
    expect(await findings(ws)).toEqual([
      'd/TST-2.md:4:12-4:17 warning link.obsolete-target',
      'src/c.c:1:14-1:19 warning link.obsolete-target',
    ]);
  });

  it('link.suspect on a stale pin, not on a current one', async () => {
    const base = await check(cleanWorkspace());
    const fp = base.items.find((i) => i.id === 'HAZ-1')!.fingerprint;
    const ws = cleanWorkspace();
    ws['d/REQ-1.md'] = md('---', 'id: REQ-1', 'title: Req', 'derives_from: [UN-1]', `mitigates: [HAZ-1@${fp}]`, '---');
    expect(await findings(ws)).toEqual([]);
    ws['d/HAZ-1.md'] = ws['d/HAZ-1.md']!.replace('Body.', 'Body, edited.');
    expect(await findings(ws)).toEqual(['d/REQ-1.md:5:13-5:27 warning link.suspect']);
  });

  it('link.missing on the id of a live item without a required link', async () => {
    const ws = cleanWorkspace();
    ws['d/TST-2.md'] = md('---', 'id: TST-2', 'title: T', '---');
    ws['d/TST-3.md'] = md('---', 'id: TST-3', 'title: T', 'status: obsolete', '---');
    expect(await findings(ws, 'link.missing')).toEqual(['d/TST-2.md:2:5-2:10 warning link.missing']);
  });
});

describe('coverage and references', () => {
  it('coverage rules report uncovered live items on the id with the rule severity', async () => {
    const ws = cleanWorkspace();
    delete ws['d/TST-1.md'];
    ws['d/REQ-1.md'] = md('---', 'id: REQ-1', 'title: Req', 'derives_from: [UN-1]', '---');
    expect(await findings(ws)).toEqual([
      'd/HAZ-1.md:2:5-2:10 error coverage.unmitigated',
      'd/REQ-1.md:2:5-2:10 warning coverage.unverified',
    ]);
  });

  it('a @verifies code tag counts as verification; @implements does not', async () => {
    const ws = cleanWorkspace();
    delete ws['d/TST-1.md'];
    ws['src/impl.c'] = '/* @implements REQ-1 */\n';
    expect(await findings(ws, 'coverage.unverified')).toEqual(['d/REQ-1.md:2:5-2:10 warning coverage.unverified']);
    ws['test/t.c'] = '// @verifies REQ-1\n';
    expect(await findings(ws, 'coverage.unverified')).toEqual([]);
  });

  it('ref.unknown-id for body references outside code; plain tokens are text', async () => {
    const ws = cleanWorkspace();
    ws['d/UN-1.md'] = md(
      '---',
      'id: UN-1',
      'title: Need',
      '---',
      'See REQ-1 and REQ-77, per ISO-14971.',
      '',
      '`REQ-88` and',
      '',
      '```',
      'REQ-99',
      '```',
      '',
      '    REQ-66 indented',
      '',
      '<!-- REQ-55 -->',
    );
    expect(await findings(ws, 'ref.unknown-id')).toEqual(['d/UN-1.md:5:15-5:21 warning ref.unknown-id']);
  });
});

describe('severity overrides', () => {
  it('rules: changes severities and turns codes off', async () => {
    const ws = cleanWorkspace();
    delete ws['d/TST-1.md'];
    ws['tracespine.yaml'] = 'rules:\n  coverage.unverified: error\n  coverage.unmitigated: off\n';
    expect(await findings(ws)).toEqual(['d/REQ-1.md:2:5-2:10 error coverage.unverified']);
  });
});

describe('YAML edge cases', () => {
  it('a self-referencing alias in frontmatter does not crash', async () => {
    const r = await check({ 'd/UN-1.md': md('---', 'id: UN-1', 'title: N', 'x: &a', '- *a', '---') });
    expect(r.items.map((i) => i.id)).toEqual(['UN-1']);
  });
});
