import { describe, expect, it } from 'vitest';
import { computeEvidence, verificationOf } from '../../../src/core/evidence';
import { manualRecord, recordableTests, recordResults } from '../../../src/core/evidence/recordTemplate';
import { validateIndex } from '../../../src/core/validate/validator';
import { buildIndex, md } from '../services/helpers';

const CONFIG = 'evidence:\n  results: ["results/*.xml"]\n';

const files = (extra: Record<string, string> = {}): Record<string, string> => ({
  'design/REQ-1.md': md('---', 'id: REQ-1', 'title: Rate limit', '---'),
  'design/tests/TST-5.md': md('---', 'id: TST-5', 'title: "Rate: bench test"', 'verifies: [REQ-1]', '---'),
  'design/tests/TST-6.md': md('---', 'id: TST-6', 'title: Old', 'status: obsolete', '---'),
  'design/records/TR-001.md': md(
    '---',
    'id: TR-001',
    'title: First run',
    'executes: [TST-5]',
    'result: fail',
    'executed_at: "2026-01-01T10:00:00Z"',
    '---',
  ),
  ...extra,
});

const input = { test: 'TST-5', result: 'pass', executedAt: '2026-12-03T17:20:05Z' };

describe('manual record template', () => {
  it('lists live tests and the allowed results', () => {
    const index = buildIndex(files(), CONFIG);
    const tst5 = index.resolve('TST-5')!;
    expect(recordableTests(index)).toEqual([
      { id: 'TST-5', title: 'Rate: bench test', file: 'design/tests/TST-5.md', line: 1, fingerprint: tst5.fingerprint },
    ]);
    expect(recordResults(index)).toEqual(['pass', 'fail', 'blocked']);
  });

  it('writes the next record, pinned to the test, in the records folder', () => {
    const index = buildIndex(files(), CONFIG);
    const fp = index.resolve('TST-5')!.fingerprint;
    const r = manualRecord(index, {
      ...input,
      executedBy: 'Ada Lovelace <ada@example.com>',
      version: 'v2.3.0-4-gabc1234',
    });
    expect(r).toEqual({
      id: 'TR-002',
      file: 'design/records/TR-002.md',
      text: [
        '---',
        'id: TR-002',
        'title: "Run of TST-5 (Rate: bench test) on v2.3.0-4-gabc1234"',
        'status: draft',
        `executes: [TST-5@${fp}]`,
        'result: pass',
        'executed_by: Ada Lovelace <ada@example.com>',
        'executed_at: "2026-12-03T17:20:05Z"',
        'version: v2.3.0-4-gabc1234',
        '---',
        '',
        'TODO: what was observed when TST-5 was executed, and where the raw data is kept.',
        '',
      ].join('\n'),
    });
  });

  it('the record it writes is the test’s manual result, fresh, with no finding of its own', () => {
    const before = buildIndex(files(), CONFIG);
    const r = manualRecord(before, { ...input, executedBy: 'Ada', version: '1.0' });
    if ('error' in r) throw new Error(r.error);
    const index = buildIndex(files({ [r.file]: r.text }), CONFIG);
    const state = computeEvidence(index, { reports: [], runs: [] });
    const v = verificationOf(state, 'TST-5');
    expect(v.status).toBe('passed');
    expect(v.results).toEqual([
      {
        test: 'TST-5',
        outcome: 'passed',
        source: 'design/records/TR-002.md',
        line: 2,
        via: 'record',
        time: '2026-12-03T17:20:05Z',
        case: 'TR-002',
        executedBy: 'Ada',
        version: '1.0',
      },
    ]);
    expect(verificationOf(state, 'REQ-1').status).toBe('passed');
    const own = validateIndex(index, state).findings.filter((f) => f.file === r.file);
    expect(own.map((f) => f.code)).toEqual([]);
  });

  it('leaves out optional fields that are empty, and numbers the first record TR-1 in design/records', () => {
    const all = files();
    delete all['design/records/TR-001.md'];
    const r = manualRecord(buildIndex(all, CONFIG), { ...input, executedBy: ' ', version: '' });
    expect(r).toMatchObject({ id: 'TR-1', file: 'design/records/TR-1.md' });
    expect('text' in r && r.text).not.toMatch(/executed_by|version/);
  });

  it('refuses what a record may not say', () => {
    const index = buildIndex(files(), CONFIG);
    expect(manualRecord(index, { ...input, test: 'TST-6' })).toEqual({
      error: 'TST-6 is not a live test that a record may execute',
    });
    expect(manualRecord(index, { ...input, test: 'REQ-1' })).toEqual({
      error: 'REQ-1 is not a live test that a record may execute',
    });
    expect(manualRecord(index, { ...input, result: 'passed' })).toEqual({
      error: "'passed' is not a result a record may have (pass, fail, blocked)",
    });
    expect(manualRecord(index, { ...input, executedAt: 'yesterday' })).toEqual({
      error: "'yesterday' is not an ISO 8601 time",
    });
    expect(manualRecord(buildIndex(files()), input)).toEqual({
      error: 'evidence is off: tracespine.yaml has no `evidence:` key',
    });
  });
});
