import { describe, expect, it } from 'vitest';
import { openAnomalies, openAnomaliesAffecting, openAnomaliesByAffected } from '../../../src/core/anomaly/anomalies';
import { loadConfig } from '../../../src/core/config/load';
import { formatJson } from '../../../src/cli/format/json';
import { formatSarif } from '../../../src/cli/format/sarif';
import { formatText } from '../../../src/cli/format/text';
import { check, cleanWorkspace, findings, md } from '../memoryHost';

const pr = (...lines: string[]): string => md('---', ...lines, '---', 'What happened.');

describe('the default anomaly kind (SPEC 12)', () => {
  it('is PR, Problem report, with severity, a required state and the affects / found_by links', () => {
    const { config } = loadConfig(undefined);
    const k = config.kindByName.get('anomaly')!;
    expect([k.prefix, k.label, k.required, [...k.fields.keys()]]).toEqual([
      'PR',
      'Problem report',
      ['state'],
      ['severity', 'state'],
    ]);
    expect(k.fields.get('state')).toEqual(['open', 'investigating', 'resolved', 'deferred']);
    expect(k.fields.get('severity')).toEqual(config.kindByName.get('hazard')!.fields.get('severity'));
    const affects = config.links.get('affects')!;
    expect([[...affects.from], [...affects.to]]).toEqual([['anomaly'], ['requirement', 'test', 'hazard']]);
    const foundBy = config.links.get('found_by')!;
    expect([[...foundBy.from], [...foundBy.to]]).toEqual([['anomaly'], ['test']]);
  });

  it('adds nothing to the output of a workspace without problem reports', async () => {
    const r = await check(cleanWorkspace());
    expect(r.summary.byKind).toEqual({ need: 1, requirement: 1, hazard: 1, test: 1, validation: 1 });
    expect(formatText(r, '/ws', '/ws')).toContain('5 items: 1 need, 1 requirement, 1 hazard, 1 test, 1 validation\n');
    const sarif = JSON.parse(formatSarif(r, '/ws', '/ws')) as {
      runs: { tool: { driver: { rules: { id: string }[] } } }[];
    };
    expect(sarif.runs[0]!.tool.driver.rules.map((x) => x.id)).not.toContain('anomaly.unevaluated');
  });

  it('is listed once it has items', async () => {
    const r = await check({ ...cleanWorkspace(), 'd/PR-1.md': pr('id: PR-1', 'title: Crash', 'state: resolved') });
    expect(r.summary.byKind).toEqual({ need: 1, requirement: 1, hazard: 1, test: 1, validation: 1, anomaly: 1 });
    expect(formatText(r, '/ws', '/ws')).toContain(
      '6 items: 1 need, 1 requirement, 1 hazard, 1 test, 1 validation, 1 anomaly\n',
    );
    const json = JSON.parse(formatJson(r, '/ws')) as { items: { id: string; kind: string }[] };
    expect(json.items.find((i) => i.id === 'PR-1')?.kind).toBe('anomaly');
    const sarif = JSON.parse(formatSarif(r, '/ws', '/ws')) as {
      runs: { tool: { driver: { rules: { id: string }[] } } }[];
    };
    expect(sarif.runs[0]!.tool.driver.rules.map((x) => x.id)).toContain('anomaly.unevaluated');
  });

  it("a user's kinds without anomaly keep the default links valid (affects and found_by go)", () => {
    const text = [
      'kinds:',
      '  requirement: { prefix: REQ }',
      '  need: { prefix: UN }',
      '  hazard: { prefix: HAZ }',
      '  test: { prefix: TST }',
      '  validation: { prefix: VAL }',
    ].join('\n');
    const { config, findings: f } = loadConfig(text);
    expect(f).toEqual([]);
    expect([...config.links.keys()]).toEqual(['derives_from', 'mitigates', 'verifies', 'validates']);
  });

  it("a user's kinds with anomaly but without hazard keep affects to what exists", () => {
    const text = [
      'kinds:',
      '  requirement: { prefix: REQ }',
      '  need: { prefix: UN }',
      '  test: { prefix: TST }',
      '  validation: { prefix: VAL }',
      '  anomaly: { prefix: PR }',
    ].join('\n');
    const { config, findings: f } = loadConfig(`${text}\ncoverage: []\n`);
    // mitigates still names hazard: reported as before (the default links are not silently changed).
    expect(f.map((x) => x.message)).toEqual([
      "link type 'mitigates' names kind 'hazard', which is not configured (default 'links'; set 'links' to match your kinds and link types)",
    ]);
    expect(config.kinds.length).toBe(7); // the defaults, as with any invalid file
  });
});

describe('anomaly.unevaluated', () => {
  it('an open or deferred problem report without a safety evaluation, on its state value', async () => {
    const ws = {
      ...cleanWorkspace(),
      'd/PR-1.md': pr('id: PR-1', 'title: Open', 'state: open', 'affects: [REQ-1]'),
      'd/PR-2.md': pr('id: PR-2', 'title: Deferred', 'state: deferred'),
      'd/PR-3.md': pr('id: PR-3', 'title: Investigating', 'state: investigating'),
      'd/PR-4.md': pr('id: PR-4', 'title: Resolved', 'state: resolved'),
      'd/PR-5.md': pr(
        'id: PR-5',
        'title: Evaluated',
        'state: open',
        'safety_evaluation: No harm; the alarm still sounds.',
      ),
      'd/PR-6.md': pr('id: PR-6', 'title: Blank', 'state: deferred', 'safety_evaluation: "  "'),
      'd/PR-7.md': pr('id: PR-7', 'title: Retired', 'status: obsolete', 'state: open'),
    };
    expect(await findings(ws, 'anomaly.unevaluated')).toEqual([
      'd/PR-1.md:4:8-4:12 error anomaly.unevaluated',
      'd/PR-2.md:4:8-4:16 error anomaly.unevaluated',
      'd/PR-6.md:5:20-5:24 error anomaly.unevaluated',
    ]);
    const r = await check(ws);
    expect(r.findings.find((f) => f.itemId === 'PR-1')!.message).toBe(
      "Problem report PR-1 is open without a safety evaluation: add 'safety_evaluation:' (IEC 62304 5.8.2, 5.8.3)",
    );
  });

  it('a missing state is item.missing-field, an unknown one item.invalid-field', async () => {
    const ws = {
      ...cleanWorkspace(),
      'd/PR-1.md': pr('id: PR-1', 'title: A'),
      'd/PR-2.md': pr('id: PR-2', 'title: B', 'state: closed'),
    };
    const r = await check(ws);
    expect(r.findings.filter((f) => f.file.includes('PR-')).map((f) => `${f.itemId} ${f.code}`)).toEqual([
      'PR-1 item.missing-field',
      'PR-2 item.invalid-field',
    ]);
  });

  it('follows rules: overrides', async () => {
    const ws = {
      ...cleanWorkspace(),
      'tracespine.yaml': 'rules: { anomaly.unevaluated: warning }\n',
      'd/PR-1.md': pr('id: PR-1', 'title: A', 'state: open'),
    };
    expect(await findings(ws, 'anomaly.unevaluated')).toEqual(['d/PR-1.md:4:8-4:12 warning anomaly.unevaluated']);
  });
});

describe('openAnomalies', () => {
  it('lists every live unresolved problem report in natural ID order, with what the packet needs', async () => {
    const ws = {
      ...cleanWorkspace(),
      'd/PR-10.md': pr(
        'id: PR-10',
        'title: Ten',
        'state: deferred',
        'severity: minor',
        'safety_evaluation: Cosmetic.',
        'affects: [TST-1, REQ-1, TST-1]',
        'found_by: TST-1',
      ),
      'd/PR-2.md': pr('id: PR-2', 'title: Two', 'state: open', 'affects: [HAZ-1]'),
      'd/PR-3.md': pr('id: PR-3', 'title: Three', 'state: resolved', 'resolution: Fixed in 1.2.', 'affects: [REQ-1]'),
      'd/PR-4.md': pr('id: PR-4', 'title: Four', 'state: closed', 'affects: [REQ-1]'),
      'd/PR-5.md': pr('id: PR-5', 'title: Five', 'state: open', 'status: obsolete', 'affects: [REQ-1]'),
    };
    const r = await check(ws);
    expect(openAnomalies(r.index)).toEqual([
      {
        id: 'PR-2',
        title: 'Two',
        severity: undefined,
        state: 'open',
        safety_evaluation: undefined,
        affects: ['HAZ-1'],
        found_by: [],
        file: 'd/PR-2.md',
        range: { start: { line: 1, character: 4 }, end: { line: 1, character: 8 } },
      },
      {
        id: 'PR-4',
        title: 'Four',
        severity: undefined,
        state: 'open',
        safety_evaluation: undefined,
        affects: ['REQ-1'],
        found_by: [],
        file: 'd/PR-4.md',
        range: { start: { line: 1, character: 4 }, end: { line: 1, character: 8 } },
      },
      {
        id: 'PR-10',
        title: 'Ten',
        severity: 'minor',
        state: 'deferred',
        safety_evaluation: 'Cosmetic.',
        affects: ['TST-1', 'REQ-1'],
        found_by: ['TST-1'],
        file: 'd/PR-10.md',
        range: { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } },
      },
    ]);
    expect(openAnomaliesAffecting(r.index, 'REQ-1').map((a) => a.id)).toEqual(['PR-4', 'PR-10']);
    expect(openAnomaliesAffecting(r.index, 'UN-1')).toEqual([]);
    expect([...openAnomaliesByAffected(r.index)].map(([id, l]) => `${id}:${l.map((a) => a.id).join(',')}`)).toEqual([
      'HAZ-1:PR-2',
      'REQ-1:PR-4,PR-10',
      'TST-1:PR-10',
    ]);
  });
});
