import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../src/core/engine';
import { releaseInputsOf } from '../../src/core/release/fromCheck';
import { MemoryHost } from './memoryHost';

const base = {
  'UN-1.md': '---\nid: UN-1\ntitle: Need\n---\n',
  'REQ-1.md': '---\nid: REQ-1\ntitle: Req\nderives_from: [UN-1]\n---\n',
};
const deviation =
  '---\nid: DEV-1\ntitle: Waiver\nstatus: approved\nwaives: [{code: coverage.unverified, items: [REQ-1]}]\n' +
  'justification: Bench tested\nowner: Alice\nexpires: 2026-12-31\n---\n';
const anomaly = (extra: string): string =>
  `---\nid: PR-1\ntitle: Alarm late\nstate: open\nseverity: serious\naffects: [REQ-1]\n${extra}---\n`;

describe('the release inputs come from the check at the commit (SPEC 8, 9, 12)', () => {
  it('a design that uses none of them: evidence and approvals absent (not configured); no deviation; anomalies listed empty', async () => {
    const inputs = releaseInputsOf(await checkWorkspace(new MemoryHost(base), { asOf: '2026-12-01' }));
    expect(inputs.evidence).toBeUndefined();
    expect(inputs.approvals).toBeUndefined();
    expect(inputs.deviations).toBeUndefined();
    // The default configuration has the anomaly kind: no open anomaly is a finding of its own.
    expect(inputs.anomalies).toEqual({ open: [], unevaluated: 0 });
  });

  it('a deviation in force, then expired; an open anomaly with and without its safety evaluation', async () => {
    const files = { ...base, 'DEV-1.md': deviation, 'PR-1.md': anomaly('') };
    const inForce = releaseInputsOf(await checkWorkspace(new MemoryHost(files), { asOf: '2026-12-01' }));
    expect(inForce.deviations).toEqual({
      deviations: [
        {
          id: 'DEV-1',
          title: 'Waiver',
          waives: 'coverage.unverified: REQ-1',
          justification: 'Bench tested',
          owner: 'Alice',
          expires: '2026-12-31',
          state: 'in-force',
          suppressed: 1,
        },
      ],
      expired: 0,
      suppressed: 1,
    });
    expect(inForce.anomalies).toEqual({
      open: [
        {
          id: 'PR-1',
          title: 'Alarm late',
          severity: 'serious',
          state: 'open',
          safetyEvaluation: '',
          affects: ['REQ-1'],
        },
      ],
      unevaluated: 1,
    });
    const later = releaseInputsOf(await checkWorkspace(new MemoryHost(files), { asOf: '2027-01-01' }));
    expect(later.deviations).toMatchObject({
      expired: 1,
      suppressed: 0,
      deviations: [{ state: 'expired', suppressed: 0 }],
    });
    const evaluated = { ...files, 'PR-1.md': anomaly('safety_evaluation: No hazard; alarm still within 10 s.\n') };
    const withEvaluation = releaseInputsOf(await checkWorkspace(new MemoryHost(evaluated), { asOf: '2026-12-01' }));
    expect(withEvaluation.anomalies).toMatchObject({
      unevaluated: 0,
      open: [{ safetyEvaluation: 'No hazard; alarm still within 10 s.' }],
    });
  });

  it('an approval policy with no record: approvals configured, the missing approvals counted', async () => {
    const config = 'approvals:\n  require:\n    - {kind: requirement, statuses: [draft], meanings: [approved]}\n';
    const inputs = releaseInputsOf(
      await checkWorkspace(new MemoryHost({ ...base, 'tracespine.yaml': config }), { asOf: '2026-12-01' }),
    );
    expect(inputs.approvals).toEqual({ records: [], missing: 1, stale: 0 });
  });
});
