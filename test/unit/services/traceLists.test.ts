/** The engine's answers behind "Show Links" and "Show Impact" (tracespine/incomingLinks, tracespine/downstream). */
import { describe, expect, it } from 'vitest';
import { downstream, downstreamList, incomingLinkList } from '../../../src/core/services/trace';
import { buildIndex, md, workspace } from './helpers';

describe('incomingLinkList', () => {
  const index = buildIndex(workspace());

  it('items by link type, sorted by ID, then code tags; body references are not links', () => {
    expect(incomingLinkList(index, 'REQ-1')).toEqual([
      { id: 'TST-3', file: 'design/tests/TST-3.md', line: 1, via: 'verifies', title: 'Rate limit test' },
      { id: 'TST-7', file: 'design/tests/TST-7.md', line: 1, via: 'verifies', title: 'Rate boundary' },
      { file: 'src/pump.c', line: 0, via: '@implements' },
    ]);
  });

  it('only the given link types, code tags included', () => {
    expect(incomingLinkList(index, 'UN-1', ['derives_from']).map((l) => l.id)).toEqual(['REQ-1', 'REQ-2']);
    expect(incomingLinkList(index, 'REQ-2', ['verifies'])).toEqual([{ file: 'src/pump.c', line: 2, via: '@verifies' }]);
    expect(incomingLinkList(index, 'HAZ-1', ['verifies'])).toEqual([]);
  });

  it('orders IDs as the engine does (numbers as numbers, whatever their zeros)', () => {
    const files = {
      'design/needs/UN-1.md': md('---', 'id: UN-1', 'title: N', '---'),
      'design/requirements/REQ-10.md': md('---', 'id: REQ-10', 'title: Ten', 'derives_from: [UN-1]', '---'),
      'design/requirements/REQ-01.md': md('---', 'id: REQ-01', 'title: One', 'derives_from: [UN-1]', '---'),
      'design/requirements/REQ-2.md': md('---', 'id: REQ-2', 'title: Two', 'derives_from: [UN-1]', '---'),
    };
    expect(incomingLinkList(buildIndex(files), 'UN-1').map((l) => l.id)).toEqual(['REQ-01', 'REQ-2', 'REQ-10']);
  });
});

describe('downstreamList', () => {
  const index = buildIndex(workspace());

  it('the dependents with the link that reached each, then the code naming any of them once per line', () => {
    expect(downstreamList(index, 'UN-1')).toEqual([
      { id: 'REQ-1', file: 'design/requirements/REQ-1.md', line: 1, via: 'derives_from UN-1', title: 'Maximum rate' },
      { id: 'REQ-2', file: 'design/requirements/REQ-2.md', line: 1, via: 'derives_from UN-1', title: 'Rate display' },
      { id: 'TST-3', file: 'design/tests/TST-3.md', line: 1, via: 'verifies REQ-1', title: 'Rate limit test' },
      { id: 'TST-7', file: 'design/tests/TST-7.md', line: 1, via: 'verifies REQ-1', title: 'Rate boundary' },
      { file: 'src/pump.c', line: 0, via: '@implements REQ-1' },
      { file: 'src/pump.c', line: 2, via: '@verifies REQ-2' },
    ]);
    expect(downstreamList(index, 'TST-3')).toEqual([]);
  });

  it('lists what the code lens counts, however large the graph', () => {
    const files: Record<string, string> = { 'design/needs/UN-1.md': md('---', 'id: UN-1', 'title: N', '---') };
    for (let i = 1; i <= 5100; i++)
      files[`design/requirements/REQ-${i}.md`] = md('---', `id: REQ-${i}`, 'title: R', 'derives_from: [UN-1]', '---');
    const big = buildIndex(files);
    const list = downstreamList(big, 'UN-1');
    expect(list).toHaveLength(5100);
    expect(list.length).toBe(downstream(big, 'UN-1').items.length);
    expect(list[5099]?.id).toBe('REQ-5100');
  });
});
