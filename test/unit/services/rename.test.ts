import { describe, expect, it } from 'vitest';
import { isRefusal, prepareRename, rename } from '../../../src/core/services/rename';
import type { WorkspaceEdit } from '../../../src/core/services/types';
import { referencesOf } from '../../../src/core/services/references';
import { validateIndex } from '../../../src/core/validate/validator';
import { applyWorkspaceEdit, buildIndex, md, pos, r, workspace } from './helpers';

const REQ1 = 'design/requirements/REQ-1.md';

describe('prepareRename', () => {
  const files = workspace();
  const index = buildIndex(files);

  it('the ID token and its range, from a definition, a link (not its pin), a reference, a tag', () => {
    const req = files[REQ1]!;
    const at = (file: string, text: string, needle: string, d = 0) => {
      const p = prepareRename(index, file, text, pos(text, needle, d));
      return isRefusal(p) ? p.error : `${p.id} ${r(p.range)}`;
    };
    expect(at(REQ1, req, 'REQ-1', 1)).toBe('REQ-1 2:5-2:10');
    expect(at(REQ1, req, 'deadbeef')).toBe('HAZ-1 7:5-7:10');
    expect(at(REQ1, req, 'see REQ-2', 4)).toBe('REQ-2 9:35-9:40');
    expect(at('src/pump.c', files['src/pump.c']!, 'REQ-2')).toBe('REQ-2 1:23-1:28');
  });

  it('refuses non-IDs and tokens of IDs nothing defines or names', () => {
    const req = files[REQ1]!;
    expect(prepareRename(index, REQ1, req, pos(req, 'Maximum'))).toEqual({ error: 'No trace ID here to rename' });
    const t = md('`REQ-77`');
    expect(prepareRename(index, 'x.md', t, pos(t, 'REQ'))).toEqual({
      error: 'No item defines REQ-77, and nothing links to it',
    });
  });
});

describe('rename', () => {
  const files: Record<string, string> = {
    ...workspace(),
    'design/tests/TST-7.md': md(
      '---',
      'id: TST-7',
      'title: Rate boundary',
      'verifies:',
      '  - REQ-1@0badc0de',
      "  - 'REQ-2'",
      '---',
      'Checks REQ-1 at 999.',
    ),
    'design/requirements/req-one-copy.md': md('---', 'id: "REQ-4"', 'title: Quoted', 'derives_from: UN-1', '---'),
  };
  const index = buildIndex(files);

  it('edits the definition, links in other items (pins kept), body references and a C file; renames REQ-1.md', () => {
    const edit = rename(index, 'REQ-1', 'REQ-12') as WorkspaceEdit;
    expect(
      Object.fromEntries(
        Object.entries(edit.changes).map(([f, es]) => [f, es.map((e) => `${r(e.range)} ${e.newText}`)]),
      ),
    ).toEqual({
      'README.md': ['2:10-2:15 REQ-12'],
      [REQ1]: ['2:5-2:10 REQ-12'],
      'design/tests/TST-3.md': ['5:12-5:17 REQ-12'],
      'design/tests/TST-7.md': ['5:5-5:10 REQ-12', '8:8-8:13 REQ-12'],
      'src/pump.c': ['1:16-1:21 REQ-12'],
    });
    expect(edit.renames).toEqual([{ oldFile: REQ1, newFile: 'design/requirements/REQ-12.md' }]);
    const after = applyWorkspaceEdit(files, edit);
    expect(after['design/requirements/REQ-12.md']).toBe(files[REQ1]!.replace('id: REQ-1', 'id: REQ-12'));
    expect(after['design/tests/TST-7.md']).toBe(
      md(
        '---',
        'id: TST-7',
        'title: Rate boundary',
        'verifies:',
        '  - REQ-12@0badc0de',
        "  - 'REQ-2'",
        '---',
        'Checks REQ-12 at 999.',
      ),
    );
    expect(after['src/pump.c']!.split('\n')[0]).toBe('/* @implements REQ-12, REQ-2 */');
    expect(after['README.md']).toBe(md('# Pump', 'Start at REQ-12.'));
    // The renamed workspace is consistent: same links, nothing unknown.
    const re = buildIndex(after);
    expect(re.resolve('REQ-12')!.file).toBe('design/requirements/REQ-12.md');
    expect([...re.allFiles()].flatMap((f) => f.item?.links ?? []).filter((l) => !re.resolve(l.target))).toEqual([]);
  });

  it('keeps quotes, does not rename a file not named after the ID', () => {
    const edit = rename(index, 'REQ-4', 'REQ-40') as WorkspaceEdit;
    expect(edit.renames).toBeUndefined();
    expect(applyWorkspaceEdit(files, edit)['design/requirements/req-one-copy.md']).toContain('id: "REQ-40"');
    const two = rename(index, 'REQ-2', 'REQ-20') as WorkspaceEdit;
    expect(applyWorkspaceEdit(files, two)['design/tests/TST-7.md']).toContain("  - 'REQ-20'\n");
  });

  it('refuses a taken ID, an ID of no kind, another kind, the same ID, with the reason', () => {
    expect(rename(index, 'REQ-1', 'REQ-2')).toEqual({
      error: 'REQ-2 is already defined in design/requirements/REQ-2.md',
    });
    expect(rename(index, 'REQ-1', 'FOO-1')).toEqual({
      error:
        "'FOO-1' matches no configured kind (UN-<number>, REQ-<number>, HAZ-<number>, TST-<number>, VAL-<number>, DEV-<number>, PR-<number>)",
    });
    expect(rename(index, 'REQ-1', 'HAZ-9')).toEqual({
      error:
        "REQ-1 is a requirement (Requirement) but HAZ-9 would be a hazard (Hazard): renaming cannot change an item's kind",
    });
    expect(rename(index, 'REQ-1', 'REQ-1')).toEqual({ error: 'The new ID is the same as the old one (REQ-1)' });
  });

  it('renames an ID only links name (fixing a dangling reference everywhere)', () => {
    const ws = { 'a/TST-1.md': md('---', 'id: TST-1', 'verifies: [REQ-404]', '---', 'REQ-404 again.') };
    const edit = rename(buildIndex(ws), 'REQ-404', 'REQ-4') as WorkspaceEdit;
    expect(applyWorkspaceEdit(ws, edit)['a/TST-1.md']).toBe(
      md('---', 'id: TST-1', 'verifies: [REQ-4]', '---', 'REQ-4 again.'),
    );
  });
});

describe('a link entry with a malformed pin', () => {
  const files: Record<string, string> = {
    ...workspace(),
    'design/tests/TST-8.md': md(
      '---',
      'id: TST-8',
      'title: Bad pin',
      'verifies:',
      '  - REQ-1@XYZ',
      '  - "REQ-1@12"',
      '---',
      'Body.',
    ),
  };
  const index = buildIndex(files);

  it('is still a mention of its target: references and rename see it (link.malformed reports the pin)', () => {
    const refs = referencesOf(index, 'REQ-1', { includeDeclaration: false }).filter(
      (l) => l.file === 'design/tests/TST-8.md',
    );
    expect(refs.map((l) => r(l.range))).toEqual(['5:5-5:10', '6:6-6:11']);
    const edit = rename(index, 'REQ-1', 'REQ-12') as WorkspaceEdit;
    expect(edit.changes['design/tests/TST-8.md']!.map((e) => `${r(e.range)} ${e.newText}`)).toEqual([
      '5:5-5:10 REQ-12',
      '6:6-6:11 REQ-12',
    ]);
    const findings = validateIndex(index).findings.filter((f) => f.file === 'design/tests/TST-8.md');
    expect(findings.map((f) => f.code)).toEqual(['link.missing', 'link.malformed', 'link.malformed']);
  });
});
