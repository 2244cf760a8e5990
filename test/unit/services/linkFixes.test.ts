// Quick fixes on links to undefined and obsolete items: did-you-mean, remove, create, on
// every link entry form the reader supports (SPEC sections 1 and 7).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/core/config/defaults';
import type { Finding } from '../../../src/core/model/finding';
import { codeActions } from '../../../src/core/services/codeActions';
import { closeIds, editDistance } from '../../../src/core/services/didYouMean';
import type { CodeAction } from '../../../src/core/services/types';
import { validateIndex } from '../../../src/core/validate/validator';
import { applyWorkspaceEdit, buildIndex, md } from './helpers';

const TST = 'design/tests/TST-001.md';

function base(): Record<string, string> {
  const files: Record<string, string> = { 'design/needs/UN-001.md': md('---', 'id: UN-001', 'title: Safe', '---') };
  for (const [n, title] of [
    ['001', 'Power on'],
    ['010', 'Alarm'],
    ['011', 'Maximum rate'],
    ['020', 'Battery'],
  ])
    files[`design/requirements/REQ-${n}.md`] = md(
      '---',
      `id: REQ-${n}`,
      `title: ${title}`,
      'derives_from: [UN-001]',
      '---',
    );
  files['design/requirements/REQ-018.md'] = md('---', 'id: REQ-018', 'title: Old', 'status: obsolete', '---');
  return files;
}

function test(...frontmatter: string[]): Record<string, string> {
  return { ...base(), [TST]: md('---', 'id: TST-001', 'title: T', 'method: test', ...frontmatter, '---', 'Body.') };
}

function fixes(files: Record<string, string>, code: string, configText?: string) {
  const index = buildIndex(files, configText);
  const finding = validateIndex(index).findings.find((f: Finding) => f.code === code && f.file === TST);
  if (!finding) throw new Error(`no ${code}`);
  const actions = codeActions(index, TST, files[TST]!, finding);
  const apply = (a: CodeAction): string => applyWorkspaceEdit(files, a.edit)[TST]!;
  return { actions, apply, titles: actions.map((a) => `${a.isPreferred === true ? '* ' : ''}${a.title}`) };
}

/** The TST file's link lines after applying the action whose title starts with `title`. */
function after(f: ReturnType<typeof fixes>, title: string): string[] {
  const a = f.actions.find((x) => x.title.startsWith(title));
  if (!a) throw new Error(`no action ${title}: ${f.titles.join(' | ')}`);
  const text = f.apply(a);
  return text.split('\n').slice(4, text.split('\n').indexOf('---', 1));
}

describe('did you mean', () => {
  it('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('REQ-101', 'REQ-011')).toBe(1);
    expect(editDistance('REQ-101', 'REQ-001')).toBe(1);
    expect(editDistance('REQ-101', 'REQ-010')).toBe(2);
    expect(editDistance('REQ-101', 'REQ-020', 2)).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('close IDs of the allowed kinds: swaps first, then ID order, at most three; obsolete items are not offered', () => {
    const index = buildIndex(base());
    expect(closeIds(index, 'REQ-101', new Set(['requirement'])).map((i) => i.id)).toEqual([
      'REQ-011',
      'REQ-001',
      'REQ-010',
    ]);
    expect(closeIds(index, 'REQ-101', new Set(['need'])).map((i) => i.id)).toEqual([]);
    expect(closeIds(index, 'REQ-019', new Set(['requirement'])).map((i) => i.id)).toEqual([
      'REQ-010',
      'REQ-011',
      'REQ-001',
    ]);
  });
});

describe('link.unknown-target: change, remove, create', () => {
  it('a flow list: change to REQ-011 first (preferred), then remove, then create', () => {
    const f = fixes(test('verifies: [REQ-010, REQ-101]'), 'link.unknown-target');
    expect(f.titles).toEqual([
      '* Change to REQ-011 (did you mean REQ-011 “Maximum rate”?)',
      'Change to REQ-001 (did you mean REQ-001 “Power on”?)',
      'Change to REQ-010 (did you mean REQ-010 “Alarm”?)',
      'Remove this link to REQ-101',
      'Create requirement REQ-101 in design/requirements/REQ-101.md',
    ]);
    expect(after(f, 'Change to REQ-011')).toEqual(['verifies: [REQ-010, REQ-011]']);
    expect(after(f, 'Remove')).toEqual(['verifies: [REQ-010]']);
    // The change leaves no finding on the test; the removal none either.
    const changed = f.apply(f.actions[0]!);
    const index = buildIndex({ ...test(), [TST]: changed });
    expect(validateIndex(index).findings.filter((x) => x.file === TST)).toEqual([]);
  });

  it('the first entry of a flow list, with a pin: the pin goes with the old target', () => {
    const f = fixes(test('verifies: [REQ-101@0123abcd, REQ-010]'), 'link.unknown-target');
    expect(after(f, 'Change to REQ-011')).toEqual(['verifies: [REQ-011, REQ-010]']);
    expect(after(f, 'Remove')).toEqual(['verifies: [REQ-010]']);
  });

  it('a block list: the entry line goes', () => {
    const f = fixes(test('verifies:', '  - REQ-010', '  - REQ-101', '  - REQ-020'), 'link.unknown-target');
    expect(after(f, 'Change to REQ-011')).toEqual(['verifies:', '  - REQ-010', '  - REQ-011', '  - REQ-020']);
    expect(after(f, 'Remove')).toEqual(['verifies:', '  - REQ-010', '  - REQ-020']);
  });

  it('a single scalar, and the only entry of a list: the field stays, empty', () => {
    expect(after(fixes(test('verifies: REQ-101'), 'link.unknown-target'), 'Change to REQ-011')).toEqual([
      'verifies: REQ-011',
    ]);
    expect(after(fixes(test('verifies: REQ-101'), 'link.unknown-target'), 'Remove')).toEqual(['verifies: []']);
    expect(after(fixes(test('verifies:', '  - REQ-101'), 'link.unknown-target'), 'Remove')).toEqual(['verifies: []']);
    expect(after(fixes(test("verifies: 'REQ-101'"), 'link.unknown-target'), 'Remove')).toEqual(['verifies: ""']);
  });

  it('a comma string: the part and its comma', () => {
    const f = fixes(test('verifies: "REQ-010, REQ-101, REQ-020"'), 'link.unknown-target');
    expect(after(f, 'Change to REQ-011')).toEqual(['verifies: "REQ-010, REQ-011, REQ-020"']);
    expect(after(f, 'Remove')).toEqual(['verifies: "REQ-010, REQ-020"']);
    const first = fixes(test('verifies: "REQ-101, REQ-020"'), 'link.unknown-target');
    expect(after(first, 'Remove')).toEqual(['verifies: "REQ-020"']);
  });

  it('a list of {ID: stamp} mappings (Doorstop), block and flow', () => {
    const f = fixes(test('verifies:', '  - REQ-010: abc', '  - REQ-101: def'), 'link.unknown-target');
    expect(after(f, 'Change to REQ-011')).toEqual(['verifies:', '  - REQ-010: abc', '  - REQ-011: def']);
    expect(after(f, 'Remove')).toEqual(['verifies:', '  - REQ-010: abc']);
    const flow = fixes(test('verifies: [{REQ-101: x}, {REQ-010: y}]'), 'link.unknown-target');
    expect(after(flow, 'Remove')).toEqual(['verifies: [{REQ-010: y}]']);
  });

  it('mappings with a target_key: the whole mapping goes', () => {
    const links = { ...DEFAULT_CONFIG.links, verifies: { from: ['test'], to: ['requirement'], target_key: 'hrid' } };
    const config = `links: ${JSON.stringify(links)}\n`;
    const files = test('verifies:', '  - hrid: REQ-010', '    note: ok', '  - hrid: REQ-101', '    note: typo');
    const f = fixes(files, 'link.unknown-target', config);
    expect(after(f, 'Change to REQ-011')).toEqual([
      'verifies:',
      '  - hrid: REQ-010',
      '    note: ok',
      '  - hrid: REQ-011',
      '    note: typo',
    ]);
    expect(after(f, 'Remove')).toEqual(['verifies:', '  - hrid: REQ-010', '    note: ok']);
  });

  it('a code tag: change only, to IDs of the kinds the tag may target', () => {
    const files: Record<string, string> = { ...base(), 'src/rate.c': '// @verifies REQ-101 REQ-010\nint x;\n' };
    const index = buildIndex(files);
    const finding = validateIndex(index).findings.find((x) => x.code === 'link.unknown-target')!;
    const actions = codeActions(index, 'src/rate.c', files['src/rate.c']!, finding);
    expect(actions.map((a) => a.title)).toEqual([
      'Change to REQ-011 (did you mean REQ-011 “Maximum rate”?)',
      'Change to REQ-001 (did you mean REQ-001 “Power on”?)',
      'Change to REQ-010 (did you mean REQ-010 “Alarm”?)',
      'Create requirement REQ-101 in design/requirements/REQ-101.md',
    ]);
    expect(applyWorkspaceEdit(files, actions[0]!.edit)['src/rate.c']).toBe('// @verifies REQ-011 REQ-010\nint x;\n');
  });
});

describe('link.obsolete-target: remove the link', () => {
  it('offers "Remove the link to obsolete REQ-018" on each form', () => {
    const flow = fixes(test('verifies: [REQ-010, REQ-018]'), 'link.obsolete-target');
    expect(flow.titles).toEqual(['Remove the link to obsolete REQ-018']);
    expect(after(flow, 'Remove')).toEqual(['verifies: [REQ-010]']);
    expect(after(fixes(test('verifies:', '  - REQ-018', '  - REQ-010'), 'link.obsolete-target'), 'Remove')).toEqual([
      'verifies:',
      '  - REQ-010',
    ]);
    expect(after(fixes(test('verifies: "REQ-018, REQ-010"'), 'link.obsolete-target'), 'Remove')).toEqual([
      'verifies: "REQ-010"',
    ]);
  });
});
