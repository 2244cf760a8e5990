/**
 * "Report a problem…" on a failing test (SPEC 12): the new problem report's text from the
 * engine (failing case, affects what the test verifies, found_by the test and a failed manual
 * record), offered only on failing tests; the new item checks as a problem report should.
 */
import { describe, expect, it } from 'vitest';
import { failingTest, problemReportFor } from '../../../src/core/anomaly/reportProblem';
import { loadConfig } from '../../../src/core/config/load';
import { buildIndex } from '../../../src/core/engine';
import { Validator } from '../../../src/core/validate/validator';
import { ServerEvidence } from '../../../src/server/evidence';
import { reportProblemLenses } from '../../../src/server/reportProblem';
import { MemoryHost, brief, md } from '../memoryHost';

const JUNIT = [
  '<?xml version="1.0"?>',
  '<testsuite name="pump" tests="2">',
  '  <testcase classname="pump" name="TST-1 rejects 1000 mL/h">',
  '    <failure message="accepted 1000 mL/h">AssertionError</failure>',
  '  </testcase>',
  '  <testcase classname="pump" name="TST-3 alarms"/>',
  '</testsuite>',
  '',
].join('\n');

function files(): Record<string, string> {
  return {
    'tracespine.yaml': 'evidence: { results: ["results/*.xml"] }\n',
    'results/unit.xml': JUNIT,
    'd/UN-1.md': md('---', 'id: UN-1', 'title: Need', '---', 'x'),
    'd/HAZ-1.md': md('---', 'id: HAZ-1', 'title: Overdose', 'severity: critical', 'probability: remote', '---', 'x'),
    'd/REQ-1.md': md('---', 'id: REQ-1', 'title: Rate limit', 'derives_from: [UN-1]', '---', 'x'),
    'd/REQ-2.md': md('---', 'id: REQ-2', 'title: Alarm', 'derives_from: [UN-1]', 'mitigates: [HAZ-1]', '---', 'x'),
    'd/TST-1.md': md('---', 'id: TST-1', 'title: Rate test', 'verifies: [REQ-1, REQ-2]', '---', 'x'),
    'd/TST-2.md': md('---', 'id: TST-2', 'title: Manual alarm test', 'verifies: [REQ-2]', '---', 'x'),
    'd/TST-3.md': md('---', 'id: TST-3', 'title: Alarm test', 'verifies: [REQ-2]', '---', 'x'),
    'd/TR-7.md': md(
      '---',
      'id: TR-7',
      'title: Manual run',
      'result: fail',
      'executed_by: Quinn QA',
      'executed_at: 2026-12-01T09:30:00Z',
      'version: 2.1.0-rc1',
      'executes: [TST-2]',
      '---',
      'The alarm stayed silent.',
    ),
  };
}

async function state(ws: Record<string, string>) {
  const host = new MemoryHost(ws);
  const { config } = loadConfig(ws['tracespine.yaml']);
  const { index } = await buildIndex(host, config);
  const validator = new Validator(index);
  await new ServerEvidence().load(host, index, validator);
  validator.validateAll();
  return { index, validator };
}

describe('Report a problem… on a failing test', () => {
  it('prefills the failing case, affects what the test verifies, found_by the test', async () => {
    const { index, validator } = await state(files());
    const r = problemReportFor(index, validator.evidenceState, 'TST-1')!;
    expect([r.id, r.file]).toEqual(['PR-1', 'design/anomalies/PR-1.md']);
    expect(r.edit).toEqual({ changes: {}, create: [{ file: 'design/anomalies/PR-1.md', text: r.text }] });
    expect(r.text).toBe(
      [
        '---',
        'id: PR-1',
        'title: "TST-1 fails: pump > TST-1 rejects 1000 mL/h"',
        'status: draft',
        'state: open',
        '# severity: negligible | minor | serious | critical | catastrophic',
        '# safety_evaluation: can this problem cause or contribute to a hazard? (IEC 62304 5.8.2, 5.8.3)',
        'affects: [REQ-1, REQ-2]',
        'found_by: [TST-1]',
        '---',
        '',
        '## Failing case',
        '',
        '- Test: TST-1 (Rate test)',
        '- Case: `pump > TST-1 rejects 1000 mL/h`',
        '- Report: `results/unit.xml:3`',
        '- Message: `accepted 1000 mL/h`',
        '',
        '## Problem',
        '',
        'TODO: what goes wrong, and how to reproduce it.',
        '',
      ].join('\n'),
    );
  });

  it('a failed manual record: found_by names it too, with its version and who ran it', async () => {
    const ws = files();
    ws['d/problems/PR-4.md'] = md('---', 'id: PR-4', 'title: Old', 'state: resolved', '---', 'x');
    const { index, validator } = await state(ws);
    const r = problemReportFor(index, validator.evidenceState, 'TST-2')!;
    expect([r.id, r.file]).toEqual(['PR-5', 'd/problems/PR-5.md']);
    expect(r.text.split('\n').slice(7, 22)).toEqual([
      'affects: [REQ-2]',
      'found_by: [TST-2, TR-7]',
      '---',
      '',
      '## Failing case',
      '',
      '- Test: TST-2 (Manual alarm test)',
      '- Case: `TR-7`',
      '- Record: `d/TR-7.md:2`',
      '- Version: 2.1.0-rc1',
      '- Executed by: Quinn QA',
      '- When: 2026-12-01T09:30:00Z',
      '',
      '## Problem',
      '',
    ]);
  });

  it('the new report checks as a problem report: only anomaly.unevaluated asks for the evaluation', async () => {
    const ws = files();
    const first = await state(ws);
    const r = problemReportFor(first.index, first.validator.evidenceState, 'TST-2')!;
    const { index, validator } = await state({ ...ws, [r.file]: r.text });
    expect(validator.findings(r.file).map(brief)).toEqual([
      'design/anomalies/PR-1.md:5:8-5:12 error anomaly.unevaluated',
    ]);
    expect(index.resolve('PR-1')!.kind).toBe('anomaly');
  });

  it('is offered on failing tests only: the lens and the request', async () => {
    const { index, validator } = await state(files());
    const ev = validator.evidenceState;
    expect(
      ['TST-1', 'TST-2', 'TST-3', 'REQ-1', 'TR-7', 'UN-1'].map((id) => failingTest(index, ev, id) !== undefined),
    ).toEqual([
      true,
      true,
      false, // passed
      false, // failed through TST-1, but it is no test
      false, // a record is no test
      false,
    ]);
    expect(reportProblemLenses(index, validator, 'd/TST-1.md')).toEqual([
      {
        range: index.resolve('TST-1')!.idRange,
        title: 'Report a problem…',
        command: { name: 'tracespine.reportProblem', args: ['TST-1'] },
      },
    ]);
    expect(reportProblemLenses(index, validator, 'd/TST-3.md')).toEqual([]);
    expect(problemReportFor(index, ev, 'TST-3')).toBeUndefined();
  });

  it('nothing without evidence, or without the anomaly kind', async () => {
    const ws = files();
    const off = await state({ ...ws, 'tracespine.yaml': '' });
    expect(problemReportFor(off.index, off.validator.evidenceState, 'TST-1')).toBeUndefined();
    const kinds = [
      'evidence: { results: ["results/*.xml"] }',
      'kinds:',
      '  need: { prefix: UN }',
      '  requirement: { prefix: REQ }',
      '  hazard: { prefix: HAZ, fields: { severity: [critical], probability: [remote] } }',
      '  test: { prefix: TST }',
      '  validation: { prefix: VAL }',
      '',
    ].join('\n');
    const none = await state({ ...ws, 'tracespine.yaml': kinds });
    expect(failingTest(none.index, none.validator.evidenceState, 'TST-1')).toBeUndefined();
  });
});
