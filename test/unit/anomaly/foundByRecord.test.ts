import { describe, expect, it } from 'vitest';
import { loadConfig, withResults } from '../../../src/core/config/load';
import { cleanWorkspace, findings, md } from '../memoryHost';

const targets = (text: string | undefined): string[] => [...loadConfig(text).config.links.get('found_by')!.to];

describe('found_by targets manual test records (SPEC 12)', () => {
  it('takes record wherever the record kind exists, and only then', () => {
    expect(targets(undefined)).toEqual(['test']);
    expect(targets('evidence: {}\n')).toEqual(['test', 'record']);
    expect([...withResults(loadConfig(undefined).config, ['r.xml']).links.get('found_by')!.to]).toEqual([
      'test',
      'record',
    ]);
    // A user's own record kind, with the default links.
    const own = [
      'kinds:',
      '  requirement: { prefix: REQ }',
      '  need: { prefix: UN }',
      '  hazard: { prefix: HAZ }',
      '  test: { prefix: TST }',
      '  validation: { prefix: VAL }',
      '  anomaly: { prefix: PR }',
      '  record: { prefix: TR }',
    ].join('\n');
    expect(loadConfig(own).findings).toEqual([]);
    expect(targets(own)).toEqual(['test', 'record']);
  });

  it("leaves a user's own found_by as written", () => {
    const text = [
      'evidence: {}',
      'links:',
      '  derives_from: { from: [requirement], to: [need, requirement], acyclic: true }',
      '  mitigates: { from: [requirement], to: [hazard] }',
      '  verifies: { from: [test], to: [requirement] }',
      '  validates: { from: [validation], to: [need] }',
      '  affects: { from: [anomaly], to: [requirement, test] }',
      '  found_by: { from: [anomaly], to: [test] }',
    ].join('\n');
    expect(loadConfig(text).findings).toEqual([]);
    expect(targets(text)).toEqual(['test']);
  });

  it('a problem report found by a failed manual record checks clean; without evidence TR is no kind', async () => {
    const ws = {
      ...cleanWorkspace(),
      'd/TR-1.md': md('---', 'id: TR-1', 'title: Run', 'result: fail', 'executes: [TST-1]', '---', 'x'),
      'd/PR-1.md': md(
        '---',
        'id: PR-1',
        'title: Found by hand',
        'state: investigating',
        'affects: [REQ-1]',
        'found_by: [TST-1, TR-1]',
        '---',
        'x',
      ),
    };
    expect(await findings({ ...ws, 'tracespine.yaml': 'evidence: {}\n' }, 'link.wrong-kind')).toEqual([]);
    expect(await findings({ ...ws, 'tracespine.yaml': 'evidence: {}\n' }, 'link.unknown-target')).toEqual([]);
    expect(await findings(ws, 'link.unknown-target')).toEqual(['d/PR-1.md:6:19-6:23 error link.unknown-target']);
  });
});
