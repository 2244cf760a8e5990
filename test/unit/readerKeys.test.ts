import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load';
import { check, findings, md } from './memoryHost';

/** A small configuration of the shape real teams use: SWR requirements, TC tests, RSK risks. */
function yaml(...lines: string[]): string {
  return md(
    'kinds:',
    '  requirement: { prefix: SWR, name: Software requirement }',
    '  test: { prefix: TC, name: Test case }',
    'links:',
    '  verifies: { from: [test], to: [requirement] }',
    'required: []',
    'coverage:',
    '  - { name: unverified, kind: requirement, by: [verifies], severity: warning }',
    'code_tags:',
    '  verifies: { to: [requirement], counts_as: verifies }',
    ...lines,
  );
}

describe('fields: the keys of the reserved fields', () => {
  it('reads id, title and status under other keys, the first listed key present winning', async () => {
    const ws = {
      'tracespine.yaml': yaml(
        'fields: { id: [itemId, id], title: [itemTitle, name], status: doc-status }',
        'statuses: [draft, released]',
      ),
      'd/a.md': md('---', 'itemId: SWR-1', 'name: Login', 'doc-status: released', '---', 'Body.'),
      'd/b.md': md('---', 'id: TC-1', 'itemId: TC-2', 'itemTitle: Wins', 'name: Loses', 'verifies: SWR-1', '---'),
      'd/c.md': md('---', 'itemId: SWR-2', 'doc-status: shipped', '---', '# SWR-2: From the heading'),
    };
    const r = await check(ws);
    expect(r.items.map((i) => [i.id, i.title, i.status])).toEqual([
      ['SWR-1', 'Login', 'released'],
      ['SWR-2', 'From the heading', 'shipped'],
      ['TC-2', 'Wins', 'draft'],
    ]);
    expect(await findings(ws)).toEqual([
      'd/c.md:2:9-2:14 warning coverage.unverified',
      'd/c.md:3:13-3:20 error item.invalid-field',
    ]);
  });

  it('type: null leaves `type` an ordinary field; another key checks the kind', async () => {
    const base = {
      'd/a.md': md('---', 'id: SWR-1', 'title: A', 'type: functional', 'class: test', '---'),
      'd/t.md': md('---', 'id: TC-1', 'title: T', 'verifies: [SWR-1]', '---'),
    };
    expect(await findings({ ...base, 'tracespine.yaml': yaml() })).toEqual([
      'd/a.md:4:7-4:17 error item.kind-mismatch',
    ]);
    expect(await findings({ ...base, 'tracespine.yaml': yaml('fields: { type: null }') })).toEqual([]);
    expect(await findings({ ...base, 'tracespine.yaml': yaml('fields: { type: class }') })).toEqual([
      'd/a.md:5:8-5:12 error item.kind-mismatch',
    ]);
  });
});

describe('id_from', () => {
  it('filename: the base name without extension, with or without frontmatter', async () => {
    const ws = {
      'tracespine.yaml': yaml('id_from: filename'),
      'd/SWR-1.md': md('# Login', '', 'The user logs in.'),
      'd/TC-1.md': md('---', 'title: Login works', 'verifies: SWR-1', '---'),
      'd/README.md': md('# Read me'),
    };
    const r = await check(ws);
    expect(r.items.map((i) => [i.id, i.title, i.file])).toEqual([
      ['SWR-1', 'Login', 'd/SWR-1.md'],
      ['TC-1', 'Login works', 'd/TC-1.md'],
    ]);
    expect(r.findings).toEqual([]);
  });

  it('{filename: REGEX}: the id group of the file name; a misspelt one is item.unknown-kind at the start of the file', async () => {
    const ws = {
      'tracespine.yaml': yaml('id_from: { filename: "^(?<id>[A-Z]+-\\\\d+)_" }'),
      'd/SWR-1_login.md': md('# Login'),
      'd/SWX-2_logout.md': md('# Logout'),
      'd/notes.md': md('# Notes'),
    };
    const r = await check(ws);
    expect(r.items.map((i) => i.id)).toEqual(['SWR-1']);
    expect(await findings(ws)).toEqual([
      'd/SWR-1_login.md:1:1-1:1 warning coverage.unverified',
      'd/SWX-2_logout.md:1:1-1:1 warning item.unknown-kind',
    ]);
  });

  it('{heading: REGEX}: id and title groups of the first H1, with exact ranges', async () => {
    const ws = {
      'tracespine.yaml': yaml('id_from: { heading: "^(?<id>[A-Z]+-\\\\d+)[:\\\\s]+(?<title>.+)$" }'),
      'd/a.md': md('Intro line', '', '# SWR-7: Alarm limits', '', 'Body.'),
      'd/b.md': md('---', 'verifies: [SWR-7, SWR-8]', '---', '# TC-3 Alarm test'),
    };
    const r = await check(ws);
    expect(
      r.items.map((i) => [i.id, i.title, i.idRange.start.line, i.idRange.start.character, i.idRange.end.character]),
    ).toEqual([
      ['SWR-7', 'Alarm limits', 2, 2, 7],
      ['TC-3', 'Alarm test', 3, 2, 6],
    ]);
    expect(await findings(ws)).toEqual(['d/b.md:2:19-2:24 error link.unknown-target']);
  });

  it('a pattern without an id group, or not a regular expression, is config.invalid at its position', () => {
    expect(
      loadConfig(md('id_from: { heading: "^[A-Z]+" }')).findings.map((f) => [
        f.range.start.line,
        f.range.start.character,
        f.message,
      ]),
    ).toEqual([[0, 20, "id_from.heading needs a named group 'id', e.g. (?<id>[A-Z]+-\\d+)"]]);
    expect(loadConfig(md('id_from: { filename: "(?<id>[" }')).findings[0]!.message).toMatch(
      /^id_from.filename is not a valid regular expression/,
    );
    expect(loadConfig(md('id_from: heading')).findings.map((f) => [f.range.start.character, f.message])).toEqual([
      [0, "'id_from' must be frontmatter, filename, {filename: REGEX} or {heading: REGEX}"],
    ]);
  });
});

describe('retired and retired_when', () => {
  it('retired statuses and field values exempt an item from coverage and never cover', async () => {
    const ws = {
      'tracespine.yaml': yaml(
        'statuses: [draft, approved, withdrawn, superseded]',
        'retired: [withdrawn, superseded]',
        'retired_when: { active: false }',
      ),
      'd/SWR-1.md': md('---', 'id: SWR-1', 'title: A', 'status: withdrawn', '---'),
      'd/SWR-2.md': md('---', 'id: SWR-2', 'title: B', 'active: false', '---'),
      'd/SWR-3.md': md('---', 'id: SWR-3', 'title: C', 'active: true', '---'),
      'd/TC-1.md': md('---', 'id: TC-1', 'title: T', 'status: superseded', 'verifies: SWR-3', '---'),
    };
    const r = await check(ws);
    expect(r.items.map((i) => [i.id, i.live])).toEqual([
      ['SWR-1', false],
      ['SWR-2', false],
      ['SWR-3', true],
      ['TC-1', false],
    ]);
    expect(await findings(ws)).toEqual(['d/SWR-3.md:2:5-2:10 warning coverage.unverified']);
  });
});

describe('link entry forms', () => {
  const items = {
    'd/SWR-1.md': md('---', 'id: SWR-1', 'title: A', '---'),
    'd/SWR-2.md': md('---', 'id: SWR-2', 'title: B', '---'),
  };

  it('a comma-separated string: one entry per ID, each with its exact range', async () => {
    const ws = {
      'tracespine.yaml': yaml(),
      ...items,
      'd/TC-1.md': md('---', 'id: TC-1', 'title: T', 'verifies: "SWR-1, SWR-9,SWR-2"', '---'),
    };
    const r = await check(ws);
    const tc = r.items.find((i) => i.id === 'TC-1')!;
    expect(tc.links.map((l) => [l.target, l.targetRange.start.character, l.targetRange.end.character])).toEqual([
      ['SWR-1', 11, 16],
      ['SWR-9', 18, 23],
      ['SWR-2', 24, 29],
    ]);
    expect(await findings(ws)).toEqual(['d/TC-1.md:4:19-4:24 error link.unknown-target']);
  });

  it('one-key mappings {ID: stamp}: the stamp is kept, not compared', async () => {
    const ws = {
      'tracespine.yaml': yaml(),
      ...items,
      'd/TC-1.md': md(
        '---',
        'id: TC-1',
        'title: T',
        'verifies:',
        '  - SWR-1: 3c9a1b2e8f7d6c5b4a3928170f6e5d4c',
        '  - SWR-2:',
        '  - SWR-9: null',
        '---',
      ),
    };
    const r = await check(ws);
    const tc = r.items.find((i) => i.id === 'TC-1')!;
    expect(
      tc.links.map((l) => [l.target, l.stamp, l.range.start.line, l.range.start.character, l.range.end.character]),
    ).toEqual([
      ['SWR-1', '3c9a1b2e8f7d6c5b4a3928170f6e5d4c', 4, 4, 9],
      ['SWR-2', null, 5, 4, 9],
      ['SWR-9', null, 6, 4, 9],
    ]);
    expect(await findings(ws)).toEqual(['d/TC-1.md:7:5-7:10 error link.unknown-target']);
  });

  it("mappings with the link type's target_key; one without it is link.malformed", async () => {
    const ws = {
      'tracespine.yaml': yaml().replace(
        'verifies: { from: [test], to: [requirement] }',
        'verifies: { from: [test], to: [requirement], target_key: hrid }',
      ),
      ...items,
      'd/TC-1.md': md(
        '---',
        'id: TC-1',
        'title: T',
        'verifies:',
        '  - { uuid: 7f1e, hrid: SWR-1, fingerprint: abc }',
        '  - uuid: 8a2f',
        '    hrid: "SWR-2"',
        '  - { uuid: 9b3c }',
        '---',
      ),
    };
    const r = await check(ws);
    const tc = r.items.find((i) => i.id === 'TC-1')!;
    expect(
      tc.links.map((l) => [
        l.target,
        l.targetRange.start.line,
        l.targetRange.start.character,
        l.targetRange.end.character,
      ]),
    ).toEqual([
      ['SWR-1', 4, 24, 29],
      ['SWR-2', 6, 11, 16],
    ]);
    expect(await findings(ws)).toEqual(['d/TC-1.md:8:5-8:19 error link.malformed']);
  });
});

describe('kinds by match', () => {
  it('several kinds share one pattern, told apart by a field; no match is item.unknown-kind', async () => {
    const cfg = md(
      'fields: { type: null }',
      'kinds:',
      '  requirement: { pattern: "[A-Z]+-\\\\d+", name: Requirement, match: { type: Requirement } }',
      '  test: { pattern: "[A-Z]+-\\\\d+", name: Test, match: { type: Test Case } }',
      'links:',
      '  verifies: { from: [test], to: [requirement] }',
      'required: []',
      'coverage: []',
      'code_tags: {}',
    );
    const ws = {
      'tracespine.yaml': cfg,
      'd/a.md': md('---', 'id: AUTH-1', 'title: A', 'type: Requirement', '---'),
      'd/b.md': md('---', 'id: AUTH-2', 'title: B', 'type: Test Case', 'verifies: AUTH-1', '---'),
      'd/c.md': md('---', 'id: AUTH-3', 'title: C', 'type: Task', '---'),
    };
    const r = await check(ws);
    expect(r.items.map((i) => [i.id, i.kind])).toEqual([
      ['AUTH-1', 'requirement'],
      ['AUTH-2', 'test'],
    ]);
    expect(await findings(ws)).toEqual(['d/c.md:2:5-2:11 warning item.unknown-kind']);
  });
});

describe('code tag syntax', () => {
  it('templates with {ids}: Gherkin @tests:ID and pytest markers with quoted IDs', async () => {
    const ws = {
      'tracespine.yaml': yaml().replace(
        '  verifies: { to: [requirement], counts_as: verifies }',
        '  verifies: { to: [requirement], counts_as: verifies, syntax: ["@tests:{ids}", "@pytest.mark.requirements({ids})", "@{tag} {ids}"] }',
      ),
      'd/SWR-1.md': md('---', 'id: SWR-1', 'title: A', '---'),
      'd/SWR-2.md': md('---', 'id: SWR-2', 'title: B', '---'),
      'd/SWR-3.md': md('---', 'id: SWR-3', 'title: C', '---'),
      'f/login.feature': md('@tests:SWR-1', 'Feature: Login'),
      't/test_x.py': md('@pytest.mark.requirements("SWR-2", \'SWR-9\')', 'def test_x(): pass', '# @verifies SWR-3'),
    };
    const cfgCode = "code: ['**/*.py', '**/*.feature']";
    ws['tracespine.yaml'] += `${cfgCode}\n`;
    const r = await check(ws);
    const tags = [...r.index.allFiles()].flatMap((f) =>
      f.tags.map((t) => `${f.file}:${t.range.start.line + 1}:${t.range.start.character + 1} ${t.tag} ${t.id}`),
    );
    expect(tags).toEqual([
      'f/login.feature:1:8 verifies SWR-1',
      't/test_x.py:1:28 verifies SWR-2',
      't/test_x.py:1:37 verifies SWR-9',
      't/test_x.py:3:13 verifies SWR-3',
    ]);
    expect(await findings(ws)).toEqual(['t/test_x.py:1:37-1:42 error link.unknown-target']);
  });

  it('a template without {ids} is config.invalid', () => {
    const f = loadConfig(md('code_tags:', '  verifies: { to: [requirement], syntax: ["@tests:"] }')).findings;
    expect(f.map((x) => [x.range.start.line, x.range.start.character, x.message])).toEqual([
      [1, 42, "code tag '@verifies' syntax '@tests:' must hold '{ids}' once, after some text"],
    ]);
  });
});

describe('typos', () => {
  it('an id one edit from a prefix, or starting with one, is item.unknown-kind; slugs stay silent', async () => {
    const ws = {
      'tracespine.yaml': yaml(),
      'd/a.md': md('---', 'id: SWX-AUTH-1', 'title: Typo', '---'),
      'd/b.md': md('---', 'id: SWR-AUTH-2', 'title: Not the pattern', '---'),
      'd/c.md': md('---', 'id: getting-started', 'title: Slug', '---'),
      'd/d.md': md('---', 'id: v2-notes', 'title: Slug with a digit', '---'),
      'src/x.ts': md('// @verifies SWX-AUTH-1, SWR-1'),
    };
    expect(await findings(ws)).toEqual([
      'd/a.md:2:5-2:15 warning item.unknown-kind',
      'd/b.md:2:5-2:15 warning item.unknown-kind',
      'src/x.ts:1:14-1:24 error link.unknown-target',
      'src/x.ts:1:26-1:31 error link.unknown-target',
    ]);
  });
});
