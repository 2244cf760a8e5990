// The trace graph of the webview: kind layers and an item's neighbourhood (plain Node, in memory).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/load';
import { itemGraph, kindRanks, MAX_GRAPH_NODES } from '../../../src/core/graph/traceGraph';
import { itemImpactGraph, itemImpactReport } from '../../../src/core/graph/itemImpact';
import { computeEvidence } from '../../../src/core/evidence';
import { readJUnit } from '../../../src/core/evidence/junit';
import { TraceIndex } from '../../../src/core/traceIndex';
import { Validator } from '../../../src/core/validate/validator';
import { isGraphData } from '../../../src/shared/protocol';
import { md } from '../memoryHost';

function config(text?: string) {
  const loaded = loadConfig(text);
  if (loaded.findings.length > 0) throw new Error(loaded.findings.map((f) => f.message).join('\n'));
  return loaded.config;
}

function ranks(text?: string): Record<string, number> {
  return Object.fromEntries(kindRanks(config(text)).map((k) => [k.kind, k.rank]));
}

function indexOf(files: Record<string, string>, configText?: string): { index: TraceIndex; validator: Validator } {
  const index = new TraceIndex(config(configText));
  for (const [file, text] of Object.entries(files)) index.update(file, text);
  const validator = new Validator(index);
  validator.validateAll();
  return { index, validator };
}

describe('kindRanks', () => {
  it('defaults: needs on top, requirements with hazards beside them, validations with requirements, tests below', () => {
    expect(kindRanks(config())).toEqual([
      { kind: 'need', label: 'User need', rank: 0 },
      { kind: 'requirement', label: 'Requirement', rank: 1 },
      { kind: 'hazard', label: 'Hazard', rank: 1 },
      { kind: 'test', label: 'Verification test', rank: 2 },
      { kind: 'validation', label: 'Validation', rank: 1 },
      { kind: 'deviation', label: 'Deviation', rank: 0 },
      // Problem reports: below what they affect; their links move no other kind.
      { kind: 'anomaly', label: 'Problem report', rank: 3 },
    ]);
  });

  it('a custom scheme: 1 + the highest rank among the kinds a kind links to', () => {
    const text = [
      'kinds:',
      '  sysreq: { pattern: "^SYS-[A-Z]{2}-\\\\d{3}$", name: System requirement }',
      '  swreq:  { prefix: SWR, name: Software requirement }',
      '  test:   { prefix: TC, name: Test case }',
      'links:',
      '  refines:  { from: [swreq], to: [sysreq, swreq] }',
      '  verifies: { from: [test], to: [swreq, sysreq] }',
      'required: []',
      'coverage: []',
      'code_tags: {}',
    ].join('\n');
    expect(ranks(text)).toEqual({ sysreq: 0, swreq: 1, test: 2 });
  });

  it('of two sinks reached by the same kinds through different link types, the one declared first stays on top', () => {
    const base = (kinds: string): string =>
      [
        'kinds:',
        kinds,
        '  requirement: { prefix: REQ, name: Requirement }',
        'links:',
        '  derives_from: { from: [requirement], to: [need] }',
        '  mitigates: { from: [requirement], to: [hazard] }',
        'required: []',
        'coverage: []',
        'code_tags: {}',
      ].join('\n');
    expect(ranks(base('  need: { prefix: UN, name: Need }\n  hazard: { prefix: HAZ, name: Hazard }'))).toEqual({
      need: 0,
      hazard: 1,
      requirement: 1,
    });
    expect(ranks(base('  hazard: { prefix: HAZ, name: Hazard }\n  need: { prefix: UN, name: Need }'))).toEqual({
      hazard: 0,
      need: 1,
      requirement: 1,
    });
  });

  it('sinks reached through one link type share the top band; cycles of kinds terminate', () => {
    const text = [
      'kinds:',
      '  a: { prefix: A, name: A }',
      '  b: { prefix: B, name: B }',
      '  c: { prefix: C, name: C }',
      '  d: { prefix: D, name: D }',
      'links:',
      '  up: { from: [a], to: [b] }',
      '  down: { from: [b], to: [a] }',
      '  to: { from: [c], to: [a, d] }',
      'required: []',
      'coverage: []',
      'code_tags: {}',
    ].join('\n');
    const r = ranks(text);
    expect(r.d).toBe(0);
    expect(r.c).toBe(r.a! + 1);
    expect(Object.values(r).every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
  });
});

describe('itemGraph', () => {
  const files = {
    'd/UN-1.md': md('---', 'id: UN-1', 'title: Need', '---', 'Body.'),
    'd/HAZ-1.md': md('---', 'id: HAZ-1', 'title: Hazard', 'severity: serious', 'probability: remote', '---', 'Body.'),
    'd/HAZ-2.md': md(
      '---',
      'id: HAZ-2',
      'title: Unmitigated',
      'severity: serious',
      'probability: remote',
      '---',
      'Body.',
    ),
    'd/REQ-1.md': md(
      '---',
      'id: REQ-1',
      'title: Req one',
      'derives_from: [UN-1]',
      'mitigates: [HAZ-1@00000000]',
      '---',
      'See REQ-2.',
    ),
    'd/REQ-2.md': md('---', 'id: REQ-2', 'title: Req two', 'derives_from: [REQ-1, UN-1]', '---', 'Body.'),
    'd/REQ-3.md': md('---', 'id: REQ-3', 'title: Old', 'status: obsolete', 'derives_from: [UN-1]', '---', 'Body.'),
    'd/TST-1.md': md('---', 'id: TST-1', 'title: Test', 'method: test', 'verifies: [REQ-1, REQ-404]', '---', 'Body.'),
    'src/a.c': '/* @implements REQ-2 */\n',
  };

  it('depth 1: the focus, what it links to and what links to it, with flags from coverage and findings', () => {
    const { index, validator } = indexOf(files);
    const g = itemGraph(index, validator, 'REQ-1', 1)!;
    expect(isGraphData(g)).toBe(true);
    expect(g.nodes.map((n) => `${n.id}@${n.depth}`)).toEqual(['REQ-1@0', 'HAZ-1@1', 'REQ-2@1', 'TST-1@1', 'UN-1@1']);
    // REQ-2 -> UN-1 joins two shown items but does not trace to REQ-1 (REQ-2 is below, UN-1 above).
    expect(g.edges).toEqual([
      { from: 'REQ-1', to: 'UN-1', type: 'derives_from', trace: true },
      { from: 'REQ-1', to: 'HAZ-1', type: 'mitigates', suspect: true, trace: true },
      { from: 'REQ-2', to: 'REQ-1', type: 'derives_from', trace: true },
      { from: 'REQ-2', to: 'UN-1', type: 'derives_from' },
      { from: 'TST-1', to: 'REQ-1', type: 'verifies', trace: true },
    ]);
    expect(g.nodes.map((n) => `${n.id}:${n.trace}`)).toEqual([
      'REQ-1:focus',
      'HAZ-1:upstream',
      'REQ-2:downstream',
      'TST-1:downstream',
      'UN-1:upstream',
    ]);
    const byId = Object.fromEntries(g.nodes.map((n) => [n.id, n]));
    expect(byId['REQ-1']).toEqual({
      id: 'REQ-1',
      kind: 'requirement',
      kindLabel: 'Requirement',
      title: 'Req one',
      status: 'draft',
      file: 'd/REQ-1.md',
      line: 1,
      suspect: true,
      warnings: 1,
      depth: 0,
      trace: 'focus',
    });
    // REQ-2 is implemented in code, but no test verifies it.
    expect(byId['REQ-2']).toMatchObject({ untested: true });
    expect(byId['TST-1']).toMatchObject({ errors: 1 });
    expect(byId['UN-1']!.untested).toBeUndefined();
  });

  it('depth 2 and all follow links one way from the focus: no neighbours of neighbours', () => {
    const { index, validator } = indexOf(files);
    // What traces to the hazard: the requirement mitigating it, and what derives from or verifies that.
    // UN-1 (REQ-1's need) and REQ-3 (UN-1's other requirement) do not: they used to appear.
    const g2 = itemGraph(index, validator, 'HAZ-1', 2)!;
    expect(g2.nodes.map((n) => `${n.id}@${n.depth}`)).toEqual(['HAZ-1@0', 'REQ-1@1', 'REQ-2@2', 'TST-1@2']);
    const all = itemGraph(index, validator, 'HAZ-1', 'all')!;
    expect(all.nodes.map((n) => n.id)).toEqual(['HAZ-1', 'REQ-1', 'REQ-2', 'TST-1']);
    // From the need: its requirements (REQ-3 is obsolete: shown, no coverage flags) and their tests;
    // the hazard REQ-1 mitigates is context: linked sideways, it does not trace to UN-1.
    const un = itemGraph(index, validator, 'UN-1', 'all')!;
    expect(un.nodes.map((n) => `${n.id}@${n.depth}:${n.trace}`)).toEqual([
      'UN-1@0:focus',
      'REQ-1@1:downstream',
      'REQ-2@1:downstream',
      'REQ-3@1:downstream',
      'TST-1@2:downstream',
      'HAZ-1@2:context',
    ]);
    expect(un.edges.find((e) => e.to === 'HAZ-1')).toEqual({
      from: 'REQ-1',
      to: 'HAZ-1',
      type: 'mitigates',
      suspect: true,
    });
    expect(un.nodes.find((n) => n.id === 'REQ-3')).not.toHaveProperty('untested');
    expect(itemGraph(index, validator, 'HAZ-2', 'all')!.nodes).toEqual([
      expect.objectContaining({ id: 'HAZ-2', unmitigated: true, errors: 1, depth: 0 }),
    ]);
    expect(itemGraph(index, validator, 'REQ-404', 1)).toBeUndefined();
  });

  it(`stops at ${MAX_GRAPH_NODES} nodes, nearest first`, () => {
    const chain: Record<string, string> = { 'd/UN-1.md': md('---', 'id: UN-1', 'title: Root', '---', '') };
    for (let i = 1; i <= MAX_GRAPH_NODES + 500; i++)
      chain[`d/REQ-${i}.md`] = md(
        '---',
        `id: REQ-${i}`,
        `title: R${i}`,
        `derives_from: [${i === 1 ? 'UN-1' : `REQ-${i - 1}`}]`,
        '---',
        '',
      );
    const { index, validator } = indexOf(chain);
    const g = itemGraph(index, validator, 'UN-1', 'all')!;
    expect(g.nodes).toHaveLength(MAX_GRAPH_NODES);
    // The graph says it was cut, and how much there was.
    expect(g.truncated).toEqual({ shown: MAX_GRAPH_NODES, total: MAX_GRAPH_NODES + 501 });
    expect(itemGraph(index, validator, 'REQ-10', 3)!.truncated).toBeUndefined();
    expect(g.nodes.at(-1)).toMatchObject({ id: `REQ-${MAX_GRAPH_NODES - 1}`, depth: MAX_GRAPH_NODES - 1 });
    expect(isGraphData(g)).toBe(true);
    expect(itemGraph(index, validator, 'REQ-10', 3)!.nodes.map((n) => n.id)).toEqual([
      'REQ-10',
      'REQ-9',
      'REQ-11',
      'REQ-8',
      'REQ-12',
      'REQ-7',
      'REQ-13',
    ]);
  });

  it('upstream, downstream and both directions', () => {
    const { index, validator } = indexOf(files);
    const ids = (d: 'up' | 'down' | 'both'): string[] =>
      itemGraph(index, validator, 'REQ-2', 'all', { direction: d })!.nodes.map((n) => `${n.id}:${n.trace}`);
    expect(ids('up')).toEqual(['REQ-2:focus', 'REQ-1:upstream', 'UN-1:upstream', 'HAZ-1:upstream']);
    expect(ids('down')).toEqual(['REQ-2:focus']);
    expect(ids('both')).toEqual(ids('up'));
    expect(itemGraph(index, validator, 'TST-1', 1, { direction: 'down' })!.nodes.map((n) => n.id)).toEqual(['TST-1']);
    expect(itemGraph(index, validator, 'UN-1', 1, { direction: 'up' })!.nodes.map((n) => n.id)).toEqual(['UN-1']);
  });

  it('badges: evidence state, failing downstream, open anomalies', () => {
    const ws = {
      'd/UN-1.md': md('---', 'id: UN-1', 'title: Need', '---', ''),
      'd/REQ-1.md': md('---', 'id: REQ-1', 'title: Rate', 'derives_from: [UN-1]', '---', ''),
      'd/REQ-2.md': md('---', 'id: REQ-2', 'title: Alarm', 'derives_from: [UN-1]', '---', ''),
      'd/TST-1.md': md('---', 'id: TST-1', 'title: Rate test', 'verifies: [REQ-1]', '---', ''),
      'd/TST-2.md': md('---', 'id: TST-2', 'title: Alarm test', 'verifies: [REQ-2]', '---', ''),
      'd/PR-1.md': md('---', 'id: PR-1', 'title: Drift', 'state: open', 'affects: [REQ-1]', '---', ''),
      'd/PR-2.md': md('---', 'id: PR-2', 'title: Fixed', 'state: resolved', 'affects: [REQ-2]', '---', ''),
    };
    const { index, validator } = indexOf(ws);
    const xml = `<testsuite name="s"><testcase name="TST-1 rate" classname="s"><failure message="x"/></testcase><testcase name="TST-2 alarm" classname="s"/></testsuite>`;
    validator.setEvidence(
      computeEvidence(index, { reports: [{ report: readJUnit('r.xml', xml), sha256: '0' }], runs: [] }),
    );
    const g = itemGraph(index, validator, 'UN-1', 'all')!;
    expect(isGraphData(g)).toBe(true);
    const pick = (id: string) => {
      const n = g.nodes.find((x) => x.id === id)!;
      return { evidence: n.evidence, failingDownstream: n.failingDownstream, anomalies: n.anomalies };
    };
    expect(pick('TST-1')).toEqual({ evidence: 'failed', failingDownstream: undefined, anomalies: undefined });
    expect(pick('REQ-1')).toEqual({ evidence: 'failed', failingDownstream: true, anomalies: ['PR-1'] });
    expect(pick('UN-1')).toEqual({ evidence: undefined, failingDownstream: true, anomalies: undefined });
    expect(pick('REQ-2')).toEqual({ evidence: 'passed', failingDownstream: undefined, anomalies: undefined });
    expect(pick('TST-2').failingDownstream).toBeUndefined();
  });

  it('itemImpactGraph: the impact set of a change of one item, as Review Changes computes it', () => {
    const { index, validator } = indexOf(files);
    const r = itemImpactGraph(index, validator, 'REQ-1')!;
    expect(isGraphData(r.data)).toBe(true);
    const report = itemImpactReport(index, 'REQ-1')!;
    expect(report.impacted.map((i) => i.id)).toEqual(['REQ-2', 'TST-1']);
    expect(report.upstream.map((i) => i.id)).toEqual(['HAZ-1', 'UN-1']);
    expect(r.data.nodes.map((n) => `${n.id}:${n.change ?? (n.impacted ? 'impacted' : 'upstream')}`)).toEqual([
      'HAZ-1:upstream',
      'REQ-1:modified',
      'REQ-2:impacted',
      'TST-1:impacted',
      'UN-1:upstream',
    ]);
    // The item graph's badges come along (TST-1 links to a missing REQ-404).
    expect(r.data.nodes.find((n) => n.id === 'TST-1')).toMatchObject({ errors: 1, depth: 1 });
    expect(r.review.map((e) => `${e.id}: ${e.reason}`)).toEqual([
      'REQ-1: modified',
      'REQ-2: derives_from REQ-1 (modified)',
      'TST-1: verifies REQ-1 (modified)',
      'HAZ-1: upstream of REQ-1 (modified)',
      'UN-1: upstream of REQ-1 (modified)',
    ]);
    expect(r.code).toEqual(['src/a.c']);
    expect(itemImpactGraph(index, validator, 'REQ-404')).toBeUndefined();
  });
});
