import { describe, expect, it } from 'vitest';
import { Validator } from '../../../src/core/validate/validator';
import { dashboardData } from '../../../src/server/dashboard';
import { buildIndex, md } from '../services/helpers';

describe('tracespine/dashboard data', () => {
  it("today's coverage, gaps and open anomalies; other engines' sections null until wired", () => {
    const index = buildIndex({
      'd/UN-1.md': md('---', 'id: UN-1', 'title: Need', '---', 'x'),
      'd/REQ-1.md': md('---', 'id: REQ-1', 'title: Req', 'derives_from: [UN-1]', '---', 'x'),
      'd/PR-1.md': md(
        '---',
        'id: PR-1',
        'title: Crash',
        'state: open',
        'severity: serious',
        'affects: [REQ-1]',
        '---',
        'x',
      ),
    });
    const validator = new Validator(index);
    validator.validateAll();
    const d = dashboardData({ index, validator, configInvalid: false });
    expect(d.coverage).toEqual([
      { rule: 'unverified', kind: 'requirement', covered: 0, total: 1 },
      { rule: 'unmitigated', kind: 'hazard', covered: 0, total: 0 },
      { rule: 'unrefined', kind: 'need', covered: 1, total: 1 },
      { rule: 'unvalidated', kind: 'need', covered: 0, total: 1 },
    ]);
    expect(d.gaps.map((g) => `${g.rule}:${g.entries.map((e) => `${e.id}@${e.file}:${e.line}`).join(',')}`)).toEqual([
      'unverified:REQ-1@d/REQ-1.md:1',
      'unvalidated:UN-1@d/UN-1.md:1',
    ]);
    expect(d.anomalies).toEqual([
      {
        id: 'PR-1',
        title: 'Crash',
        file: 'd/PR-1.md',
        line: 1,
        detail: 'serious, open',
        severity: 'serious',
        state: 'open',
        evaluated: false,
        affects: ['REQ-1'],
      },
    ]);
    expect([d.evidence, d.approvals, d.deviations]).toEqual([null, null, null]);
  });
});
