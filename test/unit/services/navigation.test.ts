import { describe, expect, it } from 'vitest';
import { definition } from '../../../src/core/services/definition';
import { documentLinks } from '../../../src/core/services/documentLinks';
import { hover } from '../../../src/core/services/hover';
import { idAt } from '../../../src/core/services/idAt';
import { references } from '../../../src/core/services/references';
import { buildIndex, loc, md, pos, r, workspace } from './helpers';

const REQ1 = 'design/requirements/REQ-1.md';

describe('idAt', () => {
  const files = workspace();
  const index = buildIndex(files);
  const at = (file: string, needle: string, delta = 0, nth = 0) => {
    const text = files[file]!;
    const x = idAt(index, file, text, pos(text, needle, delta, nth));
    return x && `${x.id} ${x.role} ${r(x.range)}`;
  };

  it('the item id, a link target (also on its pin), a body reference, a code tag', () => {
    expect(at(REQ1, 'REQ-1', 2)).toBe('REQ-1 definition 2:5-2:10');
    expect(at(REQ1, 'UN-1')).toBe('UN-1 link 5:16-5:20');
    expect(at(REQ1, 'HAZ-1', 5)).toBe('HAZ-1 link 7:5-7:10');
    expect(at(REQ1, 'deadbeef', 3)).toBe('HAZ-1 link 7:5-7:10');
    expect(at(REQ1, 'see REQ-2', 6)).toBe('REQ-2 reference 9:35-9:40');
    expect(at('src/pump.c', 'REQ-2')).toBe('REQ-2 tag 1:23-1:28');
    expect(at('src/pump.c', 'REQ-2', 5, 1)).toBe('REQ-2 tag 3:14-3:19');
    expect(at('README.md', 'REQ-1', 5)).toBe('REQ-1 reference 2:10-2:15');
  });

  it('falls back to any token of a configured kind (a code span), and nothing elsewhere', () => {
    expect(at(REQ1, '`REQ-2', 1)).toBe('REQ-2 token 9:46-9:51');
    expect(at(REQ1, 'Rejects')).toBeUndefined();
    expect(at(REQ1, 'title')).toBeUndefined();
    const text = md('see ISO-14971 and REQ-5');
    expect(idAt(index, 'notes.md', text, pos(text, 'ISO'))).toBeUndefined();
  });

  it('parses the text as given when the index is behind', () => {
    const text = md('---', 'id: REQ-1', 'title: Maximum rate', 'derives_from: [UN-1, REQ-2]', '---');
    const x = idAt(index, REQ1, text, pos(text, 'REQ-2'));
    expect(x && `${x.id} ${x.role} ${r(x.range)}`).toBe('REQ-2 link 4:22-4:27');
  });
});

describe('hover', () => {
  const files = workspace();
  const index = buildIndex(files);
  const hoverAt = (file: string, needle: string, delta = 0, nth = 0) => {
    const text = files[file]!;
    return hover(index, file, text, pos(text, needle, delta, nth));
  };

  it('a requirement: kind, title, status, file, links both ways, coverage', () => {
    const h = hoverAt('design/tests/TST-3.md', 'REQ-1')!;
    expect(r(h.range)).toBe('5:12-5:17');
    expect(h.contents.split('\n')).toEqual([
      '**REQ-1** · Requirement — Maximum rate',
      '',
      'Status: approved · `design/requirements/REQ-1.md`',
      '',
      'Links to:',
      '- derives_from: UN-1 (Safe infusion)',
      '- mitigates: HAZ-1 (Overdose)',
      '',
      'Linked from:',
      '- verifies: TST-3, TST-7',
      '- @implements: src/pump.c',
      '',
      'Coverage:',
      '- verified by TST-3, TST-7',
    ]);
  });

  it('with a link target, each name under "Linked from" links to the entry or tag that links', () => {
    const text = files['design/tests/TST-3.md']!;
    const h = hover(
      index,
      'design/tests/TST-3.md',
      text,
      pos(text, 'REQ-1'),
      (l) => `${l.file}#L${l.range.start.line + 1}`,
    )!;
    const lines = h.contents.split('\n');
    const from = lines.indexOf('Linked from:');
    expect(lines.slice(from, from + 3)).toEqual([
      'Linked from:',
      '- verifies: [TST-3](design/tests/TST-3.md#L5), [TST-7](design/tests/TST-7.md#L5)',
      '- @implements: [src/pump.c](src/pump.c#L1)',
    ]);
    // Without one, the names stay plain (CLI, tests).
    expect(hover(index, 'design/tests/TST-3.md', text, pos(text, 'REQ-1'))!.contents).toContain(
      '- verifies: TST-3, TST-7',
    );
  });

  it('a hazard: mitigated by; a need: every rule of its kind, uncovered ones marked', () => {
    expect(hoverAt('design/hazards/HAZ-1.md', 'HAZ-1', 4)!.contents).toContain('Coverage:\n- mitigated by REQ-1');
    const need = hoverAt('design/needs/UN-1.md', 'UN-1')!.contents;
    expect(need).toContain('Linked from:\n- derives_from: REQ-1, REQ-2');
    expect(need).toContain('Coverage:\n- refined by REQ-1, REQ-2\n- ⚠ not validated');
  });

  it('code tags that count as verification cover; an unverified requirement says so', () => {
    const h = hoverAt('src/pump.c', 'REQ-2')!.contents;
    expect(h).toContain('- @implements: src/pump.c\n- @verifies: src/pump.c');
    expect(h).toContain('- verified by src/pump.c');
    const lone = buildIndex({ ...files, 'src/pump.c': 'int x;\n' });
    const text = files['design/requirements/REQ-2.md']!;
    expect(hover(lone, 'design/requirements/REQ-2.md', text, pos(text, 'REQ-2'))!.contents).toContain(
      'Coverage:\n- ⚠ not verified',
    );
  });

  it('a stale pin on the hovered entry is suspect, with pinned and current fingerprints', () => {
    const fp = index.resolve('HAZ-1')!.fingerprint;
    const h = hoverAt(REQ1, 'HAZ-1')!.contents;
    expect(h.split('\n').at(-1)).toBe(
      `⚠ Suspect link: HAZ-1 changed since this link was reviewed (pinned deadbeef, current ${fp})`,
    );
    const pinned = { ...files, [REQ1]: files[REQ1]!.replace('deadbeef', fp) };
    const i2 = buildIndex(pinned);
    expect(hover(i2, REQ1, pinned[REQ1], pos(pinned[REQ1], 'HAZ-1'))!.contents.split('\n').at(-1)).toBe(
      `Pinned at ${fp} (current)`,
    );
  });

  it('an unknown ID, and an obsolete item', () => {
    const text = md('See REQ-999.');
    expect(hover(index, 'notes.md', text, pos(text, 'REQ-999'))!.contents).toBe(
      '**REQ-999** · Requirement\n\nNo item defines REQ-999',
    );
    const obs = buildIndex({
      ...files,
      'design/requirements/REQ-2.md': md('---', 'id: REQ-2', 'title: Old', 'status: obsolete', '---'),
    });
    const t2 = files[REQ1]!;
    expect(hover(obs, REQ1, t2, pos(t2, 'see REQ-2', 4))!.contents).toContain(
      "Status: obsolete · `design/requirements/REQ-2.md`\n\nLinked from:\n- @implements: src/pump.c\n- @verifies: src/pump.c\n\nCoverage:\n- obsolete: exempt from 'unverified'",
    );
  });

  it('a duplicated ID lists its files', () => {
    const dup = buildIndex({ ...files, 'other/REQ-2.md': md('---', 'id: REQ-2', 'title: Copy', '---') });
    const t = files['src/pump.c']!;
    expect(hover(dup, 'src/pump.c', t, pos(t, 'REQ-2'))!.contents).toContain(
      'Defined 2 times: `design/requirements/REQ-2.md`, `other/REQ-2.md`',
    );
  });
});

describe('definition and references', () => {
  const files: Record<string, string> = {
    ...workspace(),
    'other/REQ-2.md': md('---', 'id: REQ-2', 'title: Copy', '---'),
  };
  const index = buildIndex(files);

  it('definition from a link, a body reference, a tag; all definitions of a duplicate; none for an unknown ID', () => {
    const tst = files['design/tests/TST-3.md']!;
    expect(definition(index, 'design/tests/TST-3.md', tst, pos(tst, 'REQ-1')).map(loc)).toEqual([
      'design/requirements/REQ-1.md:2:5-2:10',
    ]);
    const c = files['src/pump.c']!;
    expect(definition(index, 'src/pump.c', c, pos(c, 'REQ-1')).map(loc)).toEqual([
      'design/requirements/REQ-1.md:2:5-2:10',
    ]);
    expect(definition(index, 'src/pump.c', c, pos(c, 'REQ-2')).map(loc)).toEqual([
      'design/requirements/REQ-2.md:2:5-2:10',
      'other/REQ-2.md:2:5-2:10',
    ]);
    const t = md('REQ-404');
    expect(definition(index, 'x.md', t, pos(t, 'REQ'))).toEqual([]);
  });

  it('references: link targets, body references, code tags, plus declarations when asked', () => {
    const req = files[REQ1]!;
    const p = pos(req, 'REQ-1');
    expect(references(index, REQ1, req, p, { includeDeclaration: false }).map(loc)).toEqual([
      'README.md:2:10-2:15',
      'design/tests/TST-3.md:5:12-5:17',
      'design/tests/TST-7.md:5:12-5:17',
      'src/pump.c:1:16-1:21',
    ]);
    expect(references(index, REQ1, req, p, { includeDeclaration: true }).map(loc)).toContain(
      'design/requirements/REQ-1.md:2:5-2:10',
    );
    const c = files['src/pump.c']!;
    expect(references(index, 'src/pump.c', c, pos(c, 'REQ-2'), { includeDeclaration: true }).map(loc)).toEqual([
      'design/requirements/REQ-1.md:9:35-9:40',
      'design/requirements/REQ-2.md:2:5-2:10',
      'other/REQ-2.md:2:5-2:10',
      'src/pump.c:1:23-1:28',
      'src/pump.c:3:14-3:19',
    ]);
  });

  it('document links: link targets, body references and tags that resolve', () => {
    const req = files[REQ1]!;
    expect(documentLinks(index, REQ1, req).map((l) => `${r(l.range)} -> ${l.target} (${l.tooltip})`)).toEqual([
      '5:16-5:20 -> design/needs/UN-1.md (UN-1: Safe infusion)',
      '7:5-7:10 -> design/hazards/HAZ-1.md (HAZ-1: Overdose)',
      '9:35-9:40 -> design/requirements/REQ-2.md (REQ-2: Rate display)',
    ]);
    const t = md('REQ-1 and REQ-404');
    expect(documentLinks(index, 'notes.md', t).map((l) => `${r(l.range)} -> ${l.target}`)).toEqual([
      '1:1-1:6 -> design/requirements/REQ-1.md',
    ]);
    expect(documentLinks(index, 'src/pump.c', files['src/pump.c']!).map((l) => `${r(l.range)} -> ${l.target}`)).toEqual(
      [
        '1:16-1:21 -> design/requirements/REQ-1.md',
        '1:23-1:28 -> design/requirements/REQ-2.md',
        '3:14-3:19 -> design/requirements/REQ-2.md',
      ],
    );
  });
});
