import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../../src/core/engine';
import { verificationOf } from '../../../src/core/evidence';
import { readJUnit } from '../../../src/core/evidence/junit';
import { formatText } from '../../../src/cli/format/text';
import { formatJson } from '../../../src/cli/format/json';
import { formatSarif } from '../../../src/cli/format/sarif';
import { formatGithub } from '../../../src/cli/format/github';
import { brief, MemoryHost, md as lines } from '../memoryHost';

const md = (...l: string[]): string => lines('---', ...l, '---');

const CONFIG = 'evidence:\n  results: ["results/**/*.xml"]\n';

function ws(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'tracespine.yaml': CONFIG,
    'REQ-1.md': md('id: REQ-1', 'title: Rate limit', 'derives_from: [UN-1]'),
    'REQ-2.md': md('id: REQ-2', 'title: Alarm', 'derives_from: [UN-1]'),
    'REQ-3.md': md('id: REQ-3', 'title: Occlusion', 'derives_from: [UN-1]'),
    'REQ-4.md': md('id: REQ-4', 'title: Untested', 'derives_from: [UN-1]'),
    'UN-1.md': md('id: UN-1', 'title: Safe dosing'),
    'TST-3.md': md('id: TST-3', 'title: Rate test', 'verifies: [REQ-3]'),
    'tests/rate.test.ts': [
      '// @verifies REQ-2', // file-level: above the first test's own block
      '',
      '// @verifies REQ-1',
      "it('limits the rate', () => {});",
      '',
      "it('rounds', () => {});",
    ].join('\n'),
    ...extra,
  };
}

const XML = `<?xml version="1.0"?>
<testsuites>
  <testsuite name="rate">
    <testcase name="limits the rate" classname="rate" file="/ci/build/tests/rate.test.ts" line="4"/>
    <testcase name="rounds" classname="rate" file="/ci/build/tests/rate.test.ts" line="6"><error message="TypeError: boom"/></testcase>
    <testcase name="TST-3 occlusion" classname="occ"><properties><property name="verifies" value="REQ-3, REQ-99"/></properties></testcase>
    <testcase name="REQ-4 later" classname="x"><skipped/></testcase>
  </testsuite>
</testsuites>
`;

describe('evidence in check', () => {
  it('maps by tags (nearest above, file-level), names, properties, and through test specs', async () => {
    const r = await checkWorkspace(new MemoryHost(ws({ 'results/junit.xml': XML })));
    const v = (id: string) => verificationOf(r.evidence, id);
    // REQ-1: its own tag above 'limits the rate' (passed); 'rounds' (line 6) has no tag after the previous test.
    expect(v('REQ-1').results.map((x) => [x.test, x.outcome, x.via, x.line])).toEqual([
      ['rate > limits the rate', 'passed', 'tag', 4],
    ]);
    expect(v('REQ-1').status).toBe('passed');
    // REQ-2 is file-level: both cases; <error> is a failure.
    expect(v('REQ-2').results.map((x) => x.outcome)).toEqual(['passed', 'failed']);
    expect(v('REQ-2').status).toBe('failed');
    // REQ-3: by property (passed) and through TST-3 (named in the case name) -> one result each.
    expect(v('REQ-3').results.map((x) => [x.test, x.via])).toEqual([['occ > TST-3 occlusion', 'property']]);
    expect(v('TST-3')).toEqual({
      status: 'passed',
      results: [expect.objectContaining({ via: 'name', outcome: 'passed', source: 'results/junit.xml', line: 6 })],
    });
    expect(v('REQ-4').status).toBe('skipped');
    expect(v('UN-1').status).toBe('none');
    const ev = r.findings.filter((f) => f.code.startsWith('evidence.')).map(brief);
    expect(ev).toEqual([
      'REQ-2.md:2:5-2:10 error evidence.failed',
      'results/junit.xml:6:66-6:115 warning evidence.unknown-id',
    ]);
    const failed = r.findings.find((f) => f.code === 'evidence.failed')!;
    expect(failed.message).toBe('Requirement REQ-2 failed verification: rate > rounds failed');
    expect(failed.related).toEqual([
      {
        file: 'results/junit.xml',
        range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
        message: 'failed: rate > rounds (TypeError: boom)',
      },
    ]);
    // A mapped case counts as a verifies link: REQ-1, REQ-2 and REQ-4 are not unverified though no test item links them.
    expect(r.findings.filter((f) => f.code === 'coverage.unverified').map((f) => f.itemId)).toEqual([]);
    expect(
      formatText(r, '/ws', '/ws')
        .split('\n')
        .filter((l) => l.startsWith('evidence:')),
    ).toEqual(['evidence: 3 passed, 1 failed, 0 stale, 0 missing, 1 skipped']);
  });

  it('reads manual records: the latest by executed_at wins; a stale pin makes it stale', async () => {
    const files = ws({
      'TR-1.md': md(
        'id: TR-1',
        'title: Run 1',
        'executes: [TST-3]',
        'result: fail',
        'executed_at: "2026-01-01T10:00:00Z"',
      ),
      'TR-2.md': md(
        'id: TR-2',
        'title: Run 2',
        'executes: [TST-3]',
        'result: pass',
        'executed_by: A. Tester',
        'executed_at: "2026-02-01T10:00:00Z"',
        'version: 1.2.0',
      ),
    });
    let r = await checkWorkspace(new MemoryHost(files));
    expect(verificationOf(r.evidence, 'TST-3')).toEqual({
      status: 'passed',
      results: [
        {
          test: 'TST-3',
          outcome: 'passed',
          source: 'TR-2.md',
          line: 2,
          via: 'record',
          time: '2026-02-01T10:00:00Z',
          case: 'TR-2',
          executedBy: 'A. Tester',
          version: '1.2.0',
        },
      ],
    });
    expect(verificationOf(r.evidence, 'REQ-3').results.map((x) => [x.test, x.via, x.outcome])).toEqual([
      ['TST-3', 'TST-3', 'passed'],
    ]);
    files['TR-2.md'] = md(
      'id: TR-2',
      'title: Run 2',
      'executes: [TST-3@00000000]',
      'result: pass',
      'executed_at: "2026-02-01T10:00:00Z"',
    );
    r = await checkWorkspace(new MemoryHost(files));
    expect(verificationOf(r.evidence, 'TST-3').status).toBe('stale');
    expect(r.findings.filter((f) => f.code === 'evidence.stale').map(brief)).toEqual([
      'REQ-3.md:2:5-2:10 warning evidence.stale',
      'TST-3.md:2:5-2:10 warning evidence.stale',
    ]);
    files['TR-3.md'] = md('id: TR-3', 'title: Run 3', 'executes: [TST-3]', 'result: maybe');
    r = await checkWorkspace(new MemoryHost(files));
    expect(r.findings.filter((f) => f.file === 'TR-3.md').map(brief)).toEqual([
      'TR-3.md:5:9-5:14 error item.invalid-field',
    ]);
  });

  it('a results file that is not JUnit XML is evidence.unreadable at its position', async () => {
    const r = await checkWorkspace(
      new MemoryHost(
        ws({
          'results/a.xml': '<html>\n<body/></html>',
          'results/b.xml': '<testsuite>\n<testcase name="x">\n</testsuite>',
        }),
      ),
    );
    expect(r.findings.filter((f) => f.code === 'evidence.unreadable').map((f) => `${brief(f)} ${f.message}`)).toEqual([
      'results/a.xml:1:1-1:6 error evidence.unreadable results/a.xml is not a JUnit report: the root element is <html>, not <testsuites> or <testsuite>',
      expect.stringMatching(/^results\/b\.xml:3:\d+-3:\d+ error evidence\.unreadable results\/b\.xml is not XML: /),
    ]);
  });

  it('status missing when links verify an item but no result names it; evidence.missing only when turned on', async () => {
    const files = ws({ 'tracespine.yaml': `${CONFIG}rules:\n  evidence.missing: warning\n` });
    const r = await checkWorkspace(new MemoryHost(files));
    expect(verificationOf(r.evidence, 'REQ-3')).toEqual({ status: 'missing', results: [] });
    expect(verificationOf(r.evidence, 'TST-3').status).toBe('missing');
    expect(r.findings.filter((f) => f.code === 'evidence.missing').map(brief)).toEqual([
      'REQ-1.md:2:5-2:10 warning evidence.missing',
      'REQ-2.md:2:5-2:10 warning evidence.missing',
      'REQ-3.md:2:5-2:10 warning evidence.missing',
      'TST-3.md:2:5-2:10 warning evidence.missing',
    ]);
    const off = await checkWorkspace(new MemoryHost(ws()));
    expect(off.findings.filter((f) => f.code === 'evidence.missing')).toEqual([]);
  });

  it('a coverage rule with evidence: passed counts a covering link only with a passing, fresh result', async () => {
    const cfg = `${CONFIG}coverage:\n  - { name: unverified, kind: requirement, by: [verifies], evidence: passed }\n`;
    const r = await checkWorkspace(new MemoryHost(ws({ 'tracespine.yaml': cfg, 'results/junit.xml': XML })));
    expect(r.findings.filter((f) => f.code === 'coverage.unverified').map((f) => `${f.itemId} ${f.message}`)).toEqual([
      'REQ-2 Requirement REQ-2 is unverified: no passing, fresh test result verifies it',
      'REQ-4 Requirement REQ-4 is unverified: no passing, fresh test result verifies it',
    ]);
    expect(r.summary.coverage.unverified).toEqual({ covered: 2, total: 4 });
  });

  it('--results turns evidence on over a configuration without it; without either, nothing changes', async () => {
    const files = ws({ 'results/junit.xml': XML });
    delete files['tracespine.yaml'];
    const plain = await checkWorkspace(new MemoryHost(files));
    expect(plain.evidence).toBeUndefined();
    expect(plain.summary).not.toHaveProperty('evidence');
    const on = await checkWorkspace(new MemoryHost(files), { results: ['results/*.xml'] });
    expect(on.summary.evidence).toEqual({ passed: 3, failed: 1, stale: 0, skipped: 1, missing: 0 });
  });
});

describe('evidence in the output formats', () => {
  it('JSON has items[].verification, SARIF the evidence rules and findings, github the annotations', async () => {
    const r = await checkWorkspace(new MemoryHost(ws({ 'results/junit.xml': XML })));
    const json = JSON.parse(formatJson(r, '/ws')) as {
      summary: { evidence: unknown };
      items: { id: string; verification?: unknown }[];
    };
    expect(json.summary.evidence).toEqual({ passed: 3, failed: 1, stale: 0, skipped: 1, missing: 0 });
    expect(json.items.find((i) => i.id === 'TST-3')!.verification).toEqual({
      status: 'passed',
      results: [
        {
          test: 'occ > TST-3 occlusion',
          outcome: 'passed',
          source: 'results/junit.xml',
          line: 6,
          via: 'name',
          case: 'occ > TST-3 occlusion',
        },
      ],
    });
    expect(json.items.find((i) => i.id === 'UN-1')!.verification).toEqual({ status: 'none', results: [] });
    const sarif = JSON.parse(formatSarif(r, '/ws', '/ws')) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[];
    };
    const ids = sarif.runs[0]!.tool.driver.rules.map((x) => x.id).filter((x) => x.startsWith('evidence.'));
    expect(ids).toEqual([
      'evidence.failed',
      'evidence.stale',
      'evidence.missing',
      'evidence.unknown-id',
      'evidence.unreadable',
    ]);
    expect(sarif.runs[0]!.results.map((x) => x.ruleId).filter((x) => x.startsWith('evidence.'))).toEqual([
      'evidence.failed',
      'evidence.unknown-id',
    ]);
    const gh = formatGithub(r, '/ws', '/ws')
      .split('\n')
      .filter((l) => l.includes('evidence.'));
    expect(gh[0]).toMatch(/^::error file=REQ-2\.md,line=2,.*evidence\.failed/);
    expect(gh).toHaveLength(2);
  });

  it('without evidence configured, JSON items have no verification and SARIF no evidence rules', async () => {
    const files = ws();
    delete files['tracespine.yaml'];
    const r = await checkWorkspace(new MemoryHost(files));
    expect(formatJson(r, '/ws')).not.toContain('verification');
    expect(formatSarif(r, '/ws', '/ws')).not.toContain('evidence.');
  });
});

describe('readJUnit', () => {
  it('never counts error, skipped, xfail, notrun or disabled as passed', () => {
    const r = readJUnit(
      'r.xml',
      `<testsuites><testsuite name="s">
<testcase name="a"><error message="e"/></testcase>
<testcase name="b"><skipped type="pytest.xfail" message="xfail"/></testcase>
<testcase name="c" status="notrun"/>
<testcase name="d" status="disabled"/>
<testcase name="e" status="run" result="suppressed"/>
<testcase name="f"><failure><![CDATA[assert 1 == 2
more]]></failure></testcase>
<testcase name="g"/>
</testsuite></testsuites>`,
    );
    expect(r.cases.map((c) => [c.name, c.outcome, c.message ?? ''])).toEqual([
      ['a', 'failed', 'e'],
      ['b', 'skipped', 'xfail'],
      ['c', 'skipped', ''],
      ['d', 'skipped', ''],
      ['e', 'skipped', ''],
      ['f', 'failed', 'assert 1 == 2'],
      ['g', 'passed', ''],
    ]);
  });
});
