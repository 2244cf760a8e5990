import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/load';
import { buildIndex } from '../../../src/core/engine';
import { analyzeIndexes, compareIndexes } from '../../../src/core/impact';
import type { TraceIndex } from '../../../src/core/traceIndex';
import { md, MemoryHost } from '../memoryHost';
import { brief, NOTHING } from './helpers';

async function index(files: Record<string, string>): Promise<TraceIndex> {
  return (await buildIndex(new MemoryHost(files), loadConfig(undefined).config)).index;
}

const UN1 = md('---', 'id: UN-1', 'title: Need', '---', 'Body.');
const HAZ1 = md('---', 'id: HAZ-1', 'title: Hazard', 'severity: serious', 'probability: remote', '---', 'Body.');
const REQ = (id: string, links: string, body = 'Body.'): string =>
  md('---', `id: ${id}`, `title: ${id}`, links, '---', body);
const TST = (id: string, verifies: string, status = 'approved'): string =>
  md('---', `id: ${id}`, `title: ${id}`, `status: ${status}`, `verifies: [${verifies}]`, '---', 'Steps.');

const base = {
  'd/UN-1.md': UN1,
  'd/HAZ-1.md': HAZ1,
  'd/REQ-2.md': REQ('REQ-2', 'derives_from: [UN-1]'),
  'd/REQ-10.md': REQ('REQ-10', 'derives_from: [UN-1]\nmitigates: [HAZ-1]'),
  'd/TST-1.md': TST('TST-1', 'REQ-10, REQ-2'),
  'd/TST-2.md': TST('TST-2', 'REQ-2'),
  'src/a.c': '// @implements REQ-2\n',
};

describe('compareIndexes', () => {
  it('identical indexes: nothing', async () => {
    expect(compareIndexes(await index(base), await index(base))).toEqual({ changed: [], code: [] });
  });

  it('pins, order and duplicates of links are no change; another target or link type is a relink; content wins over links', async () => {
    const head = await index({
      ...base,
      'd/REQ-2.md': REQ('REQ-2', 'derives_from: ["UN-1@0123abcd", UN-1]'),
      'd/REQ-10.md': REQ('REQ-10', 'derives_from: [UN-1]', 'New body.'),
      'd/TST-2.md': TST('TST-2', 'REQ-10'),
    });
    const r = compareIndexes(await index(base), head);
    expect(r.changed.map((c) => `${c.change} ${c.id}`)).toEqual(['modified REQ-10', 'relinked TST-2']);
  });

  it('changes sorted in natural ID order; kind and title from head, from base when deleted', async () => {
    const b = await index(base);
    const h = await index({
      ...base,
      'd/REQ-2.md': REQ('REQ-2', 'derives_from: [UN-1]', 'x'),
      'd/REQ-10.md': '# no longer an item\n',
      'd/REQ-9.md': REQ('REQ-9', ''),
    });
    expect(compareIndexes(b, h).changed).toEqual([
      { id: 'REQ-2', kind: 'requirement', change: 'modified', file: 'd/REQ-2.md', title: 'REQ-2' },
      { id: 'REQ-9', kind: 'requirement', change: 'added', file: 'd/REQ-9.md', title: 'REQ-9' },
      { id: 'REQ-10', kind: 'requirement', change: 'deleted', file: 'd/REQ-10.md', title: 'REQ-10' },
    ]);
  });

  it('code: the IDs whose (tag, ID) pairs were added or removed; a removed file lists all its IDs', async () => {
    const b = await index({ ...base, 'src/b.c': '// @verifies REQ-2, REQ-10\n' });
    const h = await index({
      ...base,
      'src/a.c': '// @implements REQ-2\n// @implements REQ-2\n/* @verifies REQ-10 */\n',
    });
    expect(compareIndexes(b, h).code).toEqual([
      { file: 'src/a.c', ids: ['REQ-10'] },
      { file: 'src/b.c', ids: ['REQ-2', 'REQ-10'] },
    ]);
  });

  it('sameText lets unchanged files be skipped without fingerprints', async () => {
    const h = await index({ ...base, 'd/UN-1.md': md('---', 'id: UN-1', 'title: Need', '---', 'Changed.') });
    expect(compareIndexes(await index(base), h, { sameText: () => true }).changed).toEqual([]);
    expect(
      compareIndexes(await index(base), h, { sameText: (f) => f !== 'd/UN-1.md' }).changed.map((c) => c.id),
    ).toEqual(['UN-1']);
  });
});

describe('impact closure', () => {
  it('nearest change wins; between equally near changes, the first in ID order', async () => {
    const head = await index({
      ...base,
      'd/UN-1.md': md('---', 'id: UN-1', 'title: Need', '---', 'New.'),
      'd/REQ-2.md': REQ('REQ-2', 'derives_from: [UN-1]', 'New.'),
      'd/REQ-10.md': REQ('REQ-10', 'derives_from: [UN-1]\nmitigates: [HAZ-1]', 'New.'),
    });
    expect(brief(analyzeIndexes(await index(base), head))).toEqual({
      changed: ['modified REQ-2 d/REQ-2.md', 'modified REQ-10 d/REQ-10.md', 'modified UN-1 d/UN-1.md'],
      impacted: ['TST-1 d1 REQ-2>TST-1', 'TST-2 d1 REQ-2>TST-2'],
      upstream: ['HAZ-1 REQ-10>HAZ-1'],
      code: [],
      impactedCode: ['src/a.c: REQ-2 d1'],
    });
  });

  it('terminates on cycles and ignores self-links', async () => {
    const files = {
      'd/UN-1.md': UN1,
      'd/REQ-1.md': REQ('REQ-1', 'derives_from: [REQ-2, REQ-1]'),
      'd/REQ-2.md': REQ('REQ-2', 'derives_from: [REQ-1]'),
    };
    const head = await index({
      ...files,
      'd/UN-1.md': md('---', 'id: UN-1', 'title: Need', '---', 'x'),
      'd/REQ-3.md': REQ('REQ-3', 'derives_from: [UN-1, REQ-3]'),
    });
    const b = await index({ ...files, 'd/REQ-3.md': REQ('REQ-3', 'derives_from: [UN-1, REQ-3]') });
    expect(brief(analyzeIndexes(b, head))).toEqual({
      ...NOTHING,
      changed: ['modified UN-1 d/UN-1.md'],
      impacted: ['REQ-3 d1 UN-1>REQ-3'],
    });
    const head2 = await index({ ...files, 'd/REQ-1.md': REQ('REQ-1', 'derives_from: [REQ-2, REQ-1]', 'x') });
    expect(brief(analyzeIndexes(await index(files), head2))).toEqual({
      ...NOTHING,
      changed: ['modified REQ-1 d/REQ-1.md'],
      impacted: ['REQ-2 d1 REQ-1>REQ-2'],
    });
  });

  it('obsolete items are not impacted, not followed and not upstream', async () => {
    const files = {
      ...base,
      'd/TST-2.md': TST('TST-2', 'REQ-2', 'obsolete'),
      'd/HAZ-1.md': HAZ1.replace('title: Hazard', 'title: Hazard\nstatus: obsolete'),
    };
    const head = await index({
      ...files,
      'd/REQ-10.md': REQ('REQ-10', 'derives_from: [UN-1]\nmitigates: [HAZ-1]', 'x'),
    });
    expect(brief(analyzeIndexes(await index(files), head))).toEqual({
      ...NOTHING,
      changed: ['modified REQ-10 d/REQ-10.md'],
      impacted: ['TST-1 d1 REQ-10>TST-1'],
      upstream: ['UN-1 REQ-10>UN-1'],
    });
  });
});
