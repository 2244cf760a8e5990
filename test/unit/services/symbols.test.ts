import { describe, expect, it } from 'vitest';
import { codeLenses } from '../../../src/core/services/codeLens';
import { documentSymbols, workspaceSymbols } from '../../../src/core/services/symbols';
import type { DocumentSymbol } from '../../../src/core/services/types';
import { buildIndex, md, r, workspace } from './helpers';

describe('document symbols', () => {
  const files = workspace();
  const index = buildIndex(files);

  it('the item over the whole file, link fields as children, entries below', () => {
    const show = (s: DocumentSymbol): unknown => ({
      [`${s.kind} ${s.name} (${s.detail}) ${r(s.range)} ${r(s.selectionRange)}`]: s.children.map(show),
    });
    expect(
      documentSymbols(index, 'design/requirements/REQ-1.md', files['design/requirements/REQ-1.md']!).map(show),
    ).toEqual([
      {
        'item REQ-1 (Maximum rate) 1:1-10:1 2:5-2:10': [
          {
            'linkField derives_from (UN-1) 5:1-5:21 5:1-5:13': [
              { 'link UN-1 (Safe infusion) 5:16-5:20 5:16-5:20': [] },
            ],
          },
          { 'linkField mitigates (HAZ-1) 6:1-7:19 6:1-6:10': [{ 'link HAZ-1 (Overdose) 7:5-7:19 7:5-7:10': [] }] },
        ],
      },
    ]);
    expect(documentSymbols(index, 'README.md', files['README.md']!)).toEqual([]);
    expect(documentSymbols(index, 'src/pump.c', files['src/pump.c']!)).toEqual([]);
  });
});

describe('workspace symbols', () => {
  const files: Record<string, string> = {};
  for (const [id, title] of [
    ['REQ-12', 'Occlusion alarm'],
    ['REQ-120', 'Battery'],
    ['REQ-7', 'Rate REQ-12 follow-up'],
    ['REQ-112', 'Display'],
    ['REQ-3', 'Alarm volume'],
    ['REQ-1200', 'Logs'],
    ['HAZ-12', 'Silent alarm'],
  ]) {
    files[`d/${id}.md`] = md('---', `id: ${id}`, `title: ${title}`, '---');
  }
  const index = buildIndex(files);
  const names = (q: string, limit?: number) => workspaceSymbols(index, q, limit).map((s) => s.name);

  it('ranks exact, prefix, substring, then titles and fuzzy matches', () => {
    expect(names('REQ-12')).toEqual(['REQ-12', 'REQ-120', 'REQ-1200', 'REQ-7', 'REQ-112']);
    expect(names('req12')).toEqual(['REQ-12', 'REQ-120', 'REQ-1200', 'REQ-112']);
    expect(names('REQ-12', 2)).toEqual(['REQ-12', 'REQ-120']);
    expect(names('12')).toEqual(['HAZ-12', 'REQ-12', 'REQ-112', 'REQ-120', 'REQ-1200', 'REQ-7']);
    expect(names('alarm')).toEqual(['REQ-3', 'HAZ-12', 'REQ-12']);
    expect(names('rq12')).toEqual(['REQ-12', 'REQ-112', 'REQ-120', 'REQ-1200']);
    expect(names('rq102')).toEqual([]);
    expect(names('', 3)).toEqual(['HAZ-12', 'REQ-3', 'REQ-7']);
  });

  it('carries kind, title and location', () => {
    expect(workspaceSymbols(index, 'HAZ-12')).toEqual([
      {
        name: 'HAZ-12',
        detail: 'Silent alarm',
        kind: 'hazard',
        location: { file: 'd/HAZ-12.md', range: index.resolve('HAZ-12')!.idRange },
      },
    ]);
  });
});

describe('code lenses', () => {
  const files: Record<string, string> = {
    ...workspace(),
    'design/requirements/REQ-5.md': md('---', 'id: REQ-5', 'title: Child', 'derives_from: [REQ-1]', '---'),
    'src/child.c': '// @implements REQ-5\n',
  };
  const index = buildIndex(files);
  const lenses = (file: string) =>
    codeLenses(index, file, files[file]!).map(
      (l) => `${r(l.range)} ${l.title}${l.command ? ` [${l.command.name} ${JSON.stringify(l.command.args)}]` : ''}`,
    );

  it('coverage per rule of the kind, then the downstream count', () => {
    expect(lenses('design/requirements/REQ-1.md')).toEqual([
      '2:5-2:10 verified by TST-3, TST-7 [tracespine.showLinks ["REQ-1",["verifies"]]]',
      '2:5-2:10 3 items downstream, 2 code files [tracespine.showImpact ["REQ-1"]]',
    ]);
    expect(lenses('design/requirements/REQ-5.md')).toEqual([
      '2:5-2:10 not verified — add a test [tracespine.addCoverage ["REQ-5","unverified"]]',
      '2:5-2:10 no items downstream, 1 code file [tracespine.showImpact ["REQ-5"]]',
    ]);
    expect(lenses('design/needs/UN-1.md')).toEqual([
      '2:5-2:9 refined by REQ-1, REQ-2 [tracespine.showLinks ["UN-1",["derives_from"]]]',
      '2:5-2:9 not validated — add a validation [tracespine.addCoverage ["UN-1","unvalidated"]]',
      '2:5-2:9 5 items downstream, 2 code files [tracespine.showImpact ["UN-1"]]',
    ]);
    expect(lenses('design/hazards/HAZ-1.md')[0]).toBe(
      '2:5-2:10 mitigated by REQ-1 [tracespine.showLinks ["HAZ-1",["mitigates"]]]',
    );
    expect(lenses('design/tests/TST-3.md')).toEqual(['2:5-2:10 no items downstream [tracespine.showImpact ["TST-3"]]']);
    expect(codeLenses(index, 'README.md', files['README.md']!)).toEqual([]);
  });

  it('obsolete items have no coverage lens; obsolete sources do not cover; long lists are capped', () => {
    const ws: Record<string, string> = {
      'r/REQ-1.md': md('---', 'id: REQ-1', 'title: R', '---'),
      'r/REQ-2.md': md('---', 'id: REQ-2', 'status: obsolete', '---'),
    };
    for (let i = 1; i <= 7; i++)
      ws[`t/TST-${i}.md`] = md(
        '---',
        `id: TST-${i}`,
        `verifies: [REQ-1, REQ-2]`,
        ...(i === 7 ? ['status: obsolete'] : []),
        '---',
      );
    const idx = buildIndex(ws);
    expect(codeLenses(idx, 'r/REQ-1.md', ws['r/REQ-1.md']!).map((l) => l.title)).toEqual([
      'verified by TST-1, TST-2, TST-3, TST-4, TST-5 +1 more',
      '7 items downstream',
    ]);
    expect(codeLenses(idx, 'r/REQ-2.md', ws['r/REQ-2.md']!).map((l) => l.title)).toEqual(['7 items downstream']);
  });
});
