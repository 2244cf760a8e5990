import { describe, expect, it } from 'vitest';
import { codeActions } from '../../../src/core/services/codeActions';
import { completion } from '../../../src/core/services/completion';
import { hover } from '../../../src/core/services/hover';
import { references } from '../../../src/core/services/references';
import { isRefusal, rename } from '../../../src/core/services/rename';
import { applyWorkspaceEdit, buildIndex, loc, md, pos, r } from './helpers';

/** A team's own shape (SPEC section 7): itemId, comma-separated links, Doorstop-style mappings, doc-status. */
const CONFIG = md(
  'fields: { id: itemId, title: itemTitle, status: doc-status, type: null }',
  'statuses: [draft, released]',
  'kinds:',
  '  requirement: { prefix: SWR, name: Software requirement }',
  '  test: { prefix: TC, name: Test case }',
  'links:',
  '  verifies: { from: [test], to: [requirement] }',
  '  parents: { from: [requirement], to: [requirement] }',
  'required: []',
  'coverage: []',
  'code_tags: {}',
);

function files(): Record<string, string> {
  return {
    'd/SWR-1.md': md('---', 'itemId: SWR-1', 'itemTitle: Login', 'doc-status: released', '---', 'Body.'),
    'd/SWR-2.md': md('---', 'itemId: SWR-2', 'itemTitle: Logout', 'parents:', '  - SWR-1: 0f3a9c', '---'),
    'd/TC-1.md': md(
      '---',
      'itemId: TC-1',
      'itemTitle: Login test',
      'doc-status: shiped',
      'verifies: "SWR-1, SWR-2"',
      '---',
    ),
  };
}

describe('editor features on the link entry forms of SPEC section 7', () => {
  it('rename writes back in the same form: inside a comma-separated string and a {ID: stamp} key', () => {
    const ws = files();
    const index = buildIndex(ws, CONFIG);
    const edit = rename(index, 'SWR-1', 'SWR-10');
    if (isRefusal(edit)) throw new Error(edit.error);
    const out = applyWorkspaceEdit(ws, edit);
    expect(out['d/SWR-1.md']).toBeUndefined();
    expect(out['d/SWR-10.md']).toBe(
      md('---', 'itemId: SWR-10', 'itemTitle: Login', 'doc-status: released', '---', 'Body.'),
    );
    expect(out['d/SWR-2.md']).toBe(
      md('---', 'itemId: SWR-2', 'itemTitle: Logout', 'parents:', '  - SWR-10: 0f3a9c', '---'),
    );
    expect(out['d/TC-1.md']).toBe(
      md('---', 'itemId: TC-1', 'itemTitle: Login test', 'doc-status: shiped', 'verifies: "SWR-10, SWR-2"', '---'),
    );
  });

  it('an ID from the file name is renamed by renaming the file', () => {
    const ws = {
      'd/SWR-1.md': md('# Login'),
      'd/SWR-1_notes.txt': 'not an item\n',
      'd/TC-1.md': md('---', 'verifies: SWR-1, SWR-3', '---', '# Login test'),
    };
    const cfg = CONFIG.replace(
      'fields: { id: itemId, title: itemTitle, status: doc-status, type: null }',
      'id_from: filename',
    );
    const index = buildIndex(ws, cfg);
    const edit = rename(index, 'SWR-1', 'SWR-4');
    if (isRefusal(edit)) throw new Error(edit.error);
    const out = applyWorkspaceEdit(ws, edit);
    expect(Object.keys(out).sort()).toEqual(['d/SWR-1_notes.txt', 'd/SWR-4.md', 'd/TC-1.md']);
    expect(out['d/SWR-4.md']).toBe(md('# Login'));
    expect(out['d/TC-1.md']).toBe(md('---', 'verifies: SWR-4, SWR-3', '---', '# Login test'));
  });

  it('hover and references find each entry of a comma-separated string and a mapping key', () => {
    const ws = files();
    const index = buildIndex(ws, CONFIG);
    const tc = ws['d/TC-1.md']!;
    const h = hover(index, 'd/TC-1.md', tc, pos(tc, 'SWR-2', 2));
    expect(h && r(h.range)).toBe('5:19-5:24');
    expect(h?.contents).toContain('Logout');
    const refs = references(index, 'd/TC-1.md', tc, pos(tc, 'SWR-1', 1), { includeDeclaration: true });
    expect(refs.map(loc)).toEqual(['d/SWR-1.md:2:9-2:14', 'd/SWR-2.md:5:5-5:10', 'd/TC-1.md:5:12-5:17']);
  });

  it('completion offers IDs after a comma inside the quoted string, and statuses under the status key', () => {
    const ws = files();
    const index = buildIndex(ws, CONFIG);
    const typing = md('---', 'itemId: TC-2', 'verifies: "SWR-1, S', '---');
    const c = completion(index, 'd/TC-2.md', typing, pos(typing, ', S', 3));
    expect(c && r(c.range)).toBe('3:19-3:20');
    expect(c?.items.map((i) => i.label)).toEqual(expect.arrayContaining(['SWR-1', 'SWR-2']));
    const status = md('---', 'itemId: TC-2', 'doc-status: ', '---');
    const s = completion(index, 'd/TC-2.md', status, pos(status, 'doc-status: ', 12));
    expect(s?.items.map((i) => i.label)).toEqual(['draft', 'released']);
  });

  it("quick fixes for a status under another key set that key's value", () => {
    const ws = files();
    const index = buildIndex(ws, CONFIG);
    const tc = ws['d/TC-1.md']!;
    const range = { start: { line: 3, character: 12 }, end: { line: 3, character: 18 } };
    const fixes = codeActions(index, 'd/TC-1.md', tc, { code: 'item.invalid-field', range, itemId: 'TC-1' });
    expect(fixes.map((f) => f.title)).toEqual(["Set 'doc-status' to draft", "Set 'doc-status' to released"]);
    expect(fixes[1]!.edit.changes['d/TC-1.md']).toEqual([{ range, newText: 'released' }]);
  });
});
