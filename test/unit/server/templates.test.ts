// tracespine/initTemplate's content, in plain Node: the commented default configuration and the starter items.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/load';
import type { TraceConfig } from '../../../src/core/config/types';
import { TraceIndex } from '../../../src/core/traceIndex';
import { defaultConfigYaml, starterItems } from '../../../src/core/services/templates';
import { check, md } from '../memoryHost';

/** A configuration as comparable JSON (maps, sets and regular expressions spelled out). */
function comparable(config: TraceConfig): string {
  return JSON.stringify(config, (_k, v: unknown) =>
    v instanceof Map ? [...v] : v instanceof Set ? [...v] : v instanceof RegExp ? v.source : v,
  );
}

describe('initTemplate content', () => {
  it('tracespine.yaml spells out exactly the defaults, with comments', () => {
    const text = defaultConfigYaml();
    const loaded = loadConfig(text);
    expect(loaded.findings).toEqual([]);
    expect(comparable(loaded.config)).toBe(comparable(loadConfig(undefined).config));
    expect(text.split('\n').filter((l) => l.startsWith('#')).length).toBeGreaterThan(10);
  });

  it('starter items, one per kind, meet every rule with the configuration', async () => {
    const starters = starterItems(loadConfig(undefined).config);
    expect(starters.map((s) => s.file)).toEqual([
      'design/needs/UN-1.md',
      'design/requirements/REQ-1.md',
      'design/hazards/HAZ-1.md',
      'design/tests/TST-1.md',
      'design/validations/VAL-1.md',
    ]);
    expect(starters[1]!.text).toBe(
      md(
        '---',
        'id: REQ-1',
        'title: Example requirement',
        'status: draft',
        'derives_from: [UN-1]',
        'mitigates: [HAZ-1]',
        '---',
        '',
        'An example requirement, linked so that the starter set meets the rules: replace it with your own.',
      ),
    );
    const files = Object.fromEntries([
      ['tracespine.yaml', defaultConfigYaml()],
      ...starters.map((s) => [s.file, s.text] as const),
    ]);
    const result = await check(files);
    expect(result.findings).toEqual([]);
    expect(result.items).toHaveLength(5);
  });

  it('starters for a custom scheme follow its kinds and link types, and continue its numbering', async () => {
    const yaml = [
      'kinds:',
      '  sysreq: { prefix: SYS, name: System requirement }',
      '  swreq:  { prefix: SWR, name: Software requirement }',
      '  test:   { prefix: TC, name: Test case, fields: { level: [unit, system] }, required: [level] }',
      'links:',
      '  refines:  { from: [swreq], to: [sysreq, swreq], acyclic: true }',
      '  verifies: { from: [test], to: [swreq, sysreq] }',
      'required:',
      '  - { kind: swreq, links: [refines] }',
      'coverage:',
      '  - { name: unverified, kind: swreq, by: [verifies], severity: error }',
      '  - { name: unverified-system, kind: sysreq, by: [verifies], severity: error }',
      'code_tags: {}',
    ].join('\n');
    const config = loadConfig(yaml).config;
    const index = new TraceIndex(config);
    index.update('reqs/SWR-007.md', md('---', 'id: SWR-007', 'title: Existing', 'refines: [SYS-1]', '---', ''));
    const starters = starterItems(config, index);
    expect(starters.map((s) => s.file)).toEqual(['design/sysreqs/SYS-2.md', 'reqs/SWR-008.md', 'design/tests/TC-1.md']);
    expect(starters[2]!.text).toContain('level: unit\nverifies: [SYS-2, SWR-008]');
    const files = Object.fromEntries([['tracespine.yaml', yaml], ...starters.map((s) => [s.file, s.text] as const)]);
    expect((await check(files)).findings).toEqual([]);
  });
});
