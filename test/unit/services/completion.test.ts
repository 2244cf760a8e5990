import { describe, expect, it } from 'vitest';
import type { TraceIndex } from '../../../src/core/traceIndex';
import type { Position } from '../../../src/core/model/range';
import { completion } from '../../../src/core/services/completion';
import { buildIndex, md, pos, r, textAt, workspace } from './helpers';

function complete(index: TraceIndex, file: string, text: string, p: Position) {
  const list = completion(index, file, text, p);
  return (
    list && {
      range: r(list.range),
      typed: textAt(text, list.range),
      labels: list.items.map((i) => i.label),
      details: list.items.map((i) => i.detail),
    }
  );
}

describe('completion in frontmatter link fields', () => {
  const files: Record<string, string> = {
    ...workspace(),
    'design/requirements/REQ-10.md': md('---', 'id: REQ-10', 'title: Ten', 'derives_from: [UN-1]', '---'),
    'design/requirements/REQ-9.md': md('---', 'id: REQ-9', 'title: Old nine', 'status: obsolete', '---'),
    'design/needs/UN-2.md': md('---', 'id: UN-2', 'title: Quiet pump', '---'),
  };
  const index = buildIndex(files);
  const FILE = 'design/tests/TST-9.md';

  it('after `verifies: [`: requirements only, live, in natural order, title as detail', () => {
    const text = md('---', 'id: TST-9', 'title: New', 'verifies: [', '---');
    const c = complete(index, FILE, text, pos(text, 'verifies: [', 11));
    expect(c).toEqual({
      range: '4:12-4:12',
      typed: '',
      labels: ['REQ-1', 'REQ-2', 'REQ-10'],
      details: ['Maximum rate', 'Rate display', 'Ten'],
    });
  });

  it('the partial token is the replace range; IDs already listed are left out', () => {
    const text = md('---', 'id: TST-9', 'title: New', 'verifies: [REQ-2, REQ-1x]', '---');
    const c = complete(index, FILE, text, pos(text, 'REQ-1x', 5));
    expect(c).toMatchObject({ range: '4:19-4:25', typed: 'REQ-1x', labels: ['REQ-1', 'REQ-10'] });
  });

  it('a scalar value, and a block list item under the key', () => {
    const scalar = md('---', 'id: REQ-11', 'title: New', 'derives_from: U', '---');
    expect(complete(index, 'design/requirements/REQ-11.md', scalar, pos(scalar, 'from: U', 7))).toMatchObject({
      range: '4:15-4:16',
      labels: ['REQ-1', 'REQ-2', 'REQ-10', 'UN-1', 'UN-2'],
    });
    const block = md('---', 'id: REQ-11', 'title: New', 'mitigates:', '  - HAZ-1', '  - ', '---');
    expect(complete(index, 'design/requirements/REQ-11.md', block, { line: 5, character: 4 })).toMatchObject({
      range: '6:5-6:5',
      labels: [],
    });
    const block2 = md('---', 'id: REQ-11', 'title: New', 'derives_from:', '  # the need', '  - ', '---');
    expect(complete(index, 'design/requirements/REQ-11.md', block2, { line: 5, character: 4 })!.labels).toEqual([
      'REQ-1',
      'REQ-2',
      'REQ-10',
      'UN-1',
      'UN-2',
    ]);
  });

  it('CRLF line endings', () => {
    const text = ['---', 'id: REQ-11', 'title: New', 'derives_from:', '  - UN-1', '  - U', '---', ''].join('\r\n');
    expect(complete(index, 'design/requirements/REQ-11.md', text, pos(text, '- U', 3, 1))).toMatchObject({
      range: '6:5-6:6',
      typed: 'U',
      labels: ['REQ-1', 'REQ-2', 'REQ-10', 'UN-2'],
    });
    const st = ['---', 'id: REQ-11', 'status: r', '---'].join('\r\n');
    expect(complete(index, 'design/requirements/REQ-11.md', st, pos(st, ': r', 3))).toMatchObject({
      range: '3:9-3:10',
      typed: 'r',
    });
  });

  it('the item itself is never offered', () => {
    const text = md('---', 'id: REQ-10', 'title: Ten', 'derives_from: [UN-1, ]', '---');
    expect(complete(index, 'design/requirements/REQ-10.md', text, pos(text, ', ]', 2))!.labels).toEqual([
      'REQ-1',
      'REQ-2',
      'UN-2',
    ]);
  });

  it("after `ID@`: the target's current fingerprint", () => {
    const text = md('---', 'id: REQ-11', 'title: New', 'mitigates: [HAZ-1@]', '---');
    const c = completion(index, 'design/requirements/REQ-11.md', text, pos(text, '@]', 1))!;
    expect(r(c.range)).toBe('4:19-4:19');
    expect(c.items.map((i) => [i.label, i.kind])).toEqual([[index.resolve('HAZ-1')!.fingerprint, 'fingerprint']]);
  });

  it('nothing outside link values: keys, titles, the body, after a closed list, in a comment', () => {
    const text = md(
      '---',
      'id: TST-9',
      'title: REQ',
      'verifies: [REQ-1] ',
      'verifies2: [',
      '# verifies: [',
      '---',
      'verifies: [',
    );
    for (const [needle, d] of [
      ['title: R', 8],
      ['] ', 2],
      ['veri', 2],
      ['verifies2: [', 12],
      ['# verifies: [', 13],
    ] as const) {
      expect(completion(index, FILE, text, pos(text, needle, d))).toBeUndefined();
    }
    expect(completion(index, FILE, text, { line: 7, character: 11 })).toBeUndefined();
  });
});

describe('completion of scalar fields', () => {
  const index = buildIndex(workspace());

  it('status: the configured statuses, replacing the value', () => {
    const text = md('---', 'id: REQ-11', 'title: New', 'status: dra', '---');
    expect(complete(index, 'd/REQ-11.md', text, pos(text, 'dra', 3))).toMatchObject({
      range: '4:9-4:12',
      typed: 'dra',
      labels: ['draft', 'review', 'approved', 'obsolete'],
    });
  });

  it("kind enum fields: the kind's allowed values; type: the item's kind", () => {
    const text = md('---', 'id: HAZ-2', 'title: New', 'severity: ', 'probability: remote', 'type: ', '---');
    expect(complete(index, 'd/HAZ-2.md', text, pos(text, 'severity: ', 10))!.labels).toEqual([
      'negligible',
      'minor',
      'serious',
      'critical',
      'catastrophic',
    ]);
    expect(complete(index, 'd/HAZ-2.md', text, pos(text, 'probability: re', 15))).toMatchObject({
      typed: 'remote',
      labels: ['improbable', 'remote', 'occasional', 'probable', 'frequent'],
    });
    const t = complete(index, 'd/HAZ-2.md', text, pos(text, 'type: ', 6))!;
    expect([t.labels, t.details]).toEqual([['hazard'], ['Hazard']]);
    const test = md('---', 'id: TST-9', 'method: ', '---');
    expect(complete(index, 'd/TST-9.md', test, pos(test, 'method: ', 8))!.labels).toEqual([
      'test',
      'inspection',
      'analysis',
      'demonstration',
    ]);
    // A field of another kind is not an enum here.
    expect(
      completion(index, 'd/TST-9.md', md('---', 'id: TST-9', 'severity: ', '---'), { line: 2, character: 10 }),
    ).toBeUndefined();
  });

  it('works while the YAML is broken elsewhere (an unclosed list)', () => {
    const text = md('---', 'id: HAZ-2', 'severity: ', 'foo: [', '---');
    expect(complete(index, 'd/HAZ-2.md', text, { line: 2, character: 10 })!.labels).toContain('catastrophic');
  });
});

describe('completion after code tags', () => {
  const index = buildIndex({ ...workspace(), 'design/needs/UN-2.md': md('---', 'id: UN-2', 'title: Quiet', '---') });
  const FILE = 'src/new.c';

  it('after `@implements `, after commas and after further IDs: the kinds of the tag', () => {
    const cases: [string, string, number, string[]][] = [
      ['// @implements ', '@implements ', 12, ['REQ-1', 'REQ-2']],
      ['// @implements REQ-1, ', ', ', 2, ['REQ-2']],
      ['// @verifies REQ-2 RE', '2 RE', 4, ['REQ-1']],
      ['# @verifies: ', ': ', 2, ['REQ-1', 'REQ-2']],
    ];
    for (const [line, needle, d, labels] of cases) {
      const text = `${line}\nint x;\n`;
      expect(complete(index, FILE, text, pos(text, needle, d))!.labels, line).toEqual(labels);
    }
    const text = '// @implements REQ-1, RE\n';
    expect(complete(index, FILE, text, pos(text, ', RE', 4))).toMatchObject({ range: '1:23-1:25', typed: 'RE' });
  });

  it('nothing before a separator, after prose, or without a tag', () => {
    for (const line of ['// @implements', '// @implements REQ-1 and ', '// implements ', 'x@implements ']) {
      const text = `${line}\n`;
      expect(completion(index, FILE, text, { line: 0, character: line.length }), line).toBeUndefined();
    }
  });
});
