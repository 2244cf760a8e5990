/**
 * The dashboard's SPEC 8 and 9 sections from the engine the check runs: failing and stale
 * evidence, approvals waiting for the user's roles (git user.email against approvals.roles),
 * deviations expired or expiring within 30 days. Each entry names its item's file and line.
 */
import { describe, expect, it } from 'vitest';
import { formatRecord } from '../../../src/core/approvals/record';
import { loadConfig } from '../../../src/core/config/load';
import { buildIndex } from '../../../src/core/engine';
import { Validator } from '../../../src/core/validate/validator';
import { DashboardCache, dashboardData, dashboardInputs } from '../../../src/server/dashboard';
import { ServerEvidence } from '../../../src/server/evidence';
import { MemoryHost, md } from '../memoryHost';

const CONFIG = [
  'evidence: { results: ["results/*.xml"] }',
  'approvals:',
  '  roles: { qa: [qa@example.com], ra: [ra@example.com] }',
  '  require:',
  '    - { kind: requirement, statuses: [approved], meanings: ["approved:qa", "approved:ra"] }',
  '',
].join('\n');

const JUNIT = [
  '<?xml version="1.0"?>',
  '<testsuite name="pump" tests="2">',
  '  <testcase classname="pump" name="TST-1 rejects 1000 mL/h"><failure message="accepted 1000"/></testcase>',
  '  <testcase classname="pump" name="TST-3 alarms"/>',
  '</testsuite>',
  '',
].join('\n');

const dev = (id: string, status: string, expires: string): string =>
  md(
    '---',
    `id: ${id}`,
    `title: Waiver ${id}`,
    `status: ${status}`,
    'waives: [{code: coverage.unvalidated, items: [UN-1]}]',
    'justification: Validated in the clinical study.',
    'owner: qa@example.com',
    `expires: ${expires}`,
    '---',
    'x',
  );

function files(): Record<string, string> {
  const record = formatRecord({
    item: 'REQ-2',
    fingerprint: '00000000',
    meaning: 'approved',
    signer: { name: 'Quinn QA', email: 'qa@example.com' },
    role: 'qa',
    signed_at: '2026-11-01T10:00:00Z',
    commit: null,
    statement: null,
  });
  return {
    'tracespine.yaml': CONFIG,
    'results/unit.xml': JUNIT,
    '.tracespine/approvals/REQ-2-00000000-approved-qa.yaml': record,
    'd/UN-1.md': md('---', 'id: UN-1', 'title: Need', '---', 'x'),
    'd/REQ-1.md': md('---', 'id: REQ-1', 'title: Rate limit', 'status: approved', 'derives_from: [UN-1]', '---', 'x'),
    'd/REQ-2.md': md('---', 'id: REQ-2', 'title: Alarm', 'status: approved', 'derives_from: [UN-1]', '---', 'x'),
    'd/REQ-3.md': md('---', 'id: REQ-3', 'title: Draft', 'derives_from: [UN-1]', '---', 'x'),
    'd/TST-1.md': md('---', 'id: TST-1', 'title: Rate test', 'verifies: [REQ-1]', '---', 'x'),
    'd/TST-2.md': md('---', 'id: TST-2', 'title: Manual test', 'verifies: [REQ-3]', '---', 'x'),
    'd/TST-3.md': md('---', 'id: TST-3', 'title: Alarm test', 'verifies: [REQ-2]', '---', 'x'),
    'd/TR-1.md': md('---', 'id: TR-1', 'title: Run', 'result: pass', 'executes: [TST-2@00000000]', '---', 'x'),
    'd/DEV-1.md': dev('DEV-1', 'approved', '2026-12-20'),
    'd/DEV-2.md': dev('DEV-2', 'approved', '2026-11-30'),
    'd/DEV-3.md': dev('DEV-3', 'approved', '2027-06-01'),
    'd/DEV-4.md': dev('DEV-4', 'draft', '2026-12-04'),
  };
}

async function state(ws: Record<string, string>) {
  const host = new MemoryHost(ws);
  const { config } = loadConfig(ws['tracespine.yaml']);
  const { index } = await buildIndex(host, config);
  const validator = new Validator(index);
  await new ServerEvidence().load(host, index, validator);
  validator.validateAll();
  return { host, st: { index, validator, configInvalid: false } };
}

describe('dashboard: evidence, approvals, deviations', () => {
  it('lists what the engine says, for the user qa@example.com on 2026-12-03', async () => {
    const { host, st } = await state(files());
    const d = dashboardData(st, await dashboardInputs(st, { host, email: 'QA@example.com', today: '2026-12-03' }));
    expect(d.evidence).toEqual({
      failing: [
        {
          id: 'REQ-1',
          title: 'Rate limit',
          file: 'd/REQ-1.md',
          line: 1,
          detail: 'failed: pump > TST-1 rejects 1000 mL/h',
        },
        {
          id: 'TST-1',
          title: 'Rate test',
          file: 'd/TST-1.md',
          line: 1,
          detail: 'failed: pump > TST-1 rejects 1000 mL/h',
        },
      ],
      stale: [
        { id: 'REQ-3', title: 'Draft', file: 'd/REQ-3.md', line: 1, detail: 'stale: TR-1' },
        { id: 'TST-2', title: 'Manual test', file: 'd/TST-2.md', line: 1, detail: 'stale: TR-1' },
      ],
    });
    expect(d.approvals).toEqual({
      email: 'QA@example.com',
      roles: ['qa'],
      waiting: [
        { id: 'REQ-1', title: 'Rate limit', file: 'd/REQ-1.md', line: 1, detail: 'approved:qa missing' },
        { id: 'REQ-2', title: 'Alarm', file: 'd/REQ-2.md', line: 1, detail: 'approved:qa stale' },
      ],
    });
    expect(d.deviations).toEqual({
      expiring: [
        {
          id: 'DEV-2',
          title: 'Waiver DEV-2',
          file: 'd/DEV-2.md',
          line: 1,
          detail: 'expired on 2026-11-30 · owner qa@example.com',
        },
        {
          id: 'DEV-1',
          title: 'Waiver DEV-1',
          file: 'd/DEV-1.md',
          line: 1,
          detail: 'expires 2026-12-20 (in 17 days) · owner qa@example.com',
        },
      ],
    });
  });

  it("another role's approvals wait for its members; an unknown e-mail has none", async () => {
    const { host, st } = await state(files());
    const ra = dashboardData(st, await dashboardInputs(st, { host, email: 'ra@example.com', today: '2026-12-03' }));
    expect(ra.approvals!.waiting.map((e) => `${e.id} ${e.detail}`)).toEqual([
      'REQ-1 approved:ra missing',
      'REQ-2 approved:ra missing',
    ]);
    const nobody = dashboardData(st, await dashboardInputs(st, { host, today: '2026-12-03' }));
    expect(nobody.approvals).toEqual({ waiting: [], roles: [] });
  });

  it('null where the policy is not configured (no evidence, no approvals.require)', async () => {
    const ws = files();
    ws['tracespine.yaml'] = '';
    const { host, st } = await state(ws);
    const d = dashboardData(st, await dashboardInputs(st, { host, email: 'qa@example.com', today: '2026-12-03' }));
    expect([d.evidence, d.approvals]).toEqual([null, null]);
    expect(d.deviations!.expiring.map((e) => e.id)).toEqual(['DEV-2', 'DEV-1']);
  });

  it('the cache parses a record once per text and keeps the states while nothing changed', async () => {
    const ws = files();
    const { host, st } = await state(ws);
    const cache = new DashboardCache();
    const config = st.index.config.approvals;
    const a = await cache.records(host, config);
    const b = await cache.records(host, config);
    expect(b[0]).toBe(a[0]);
    expect(cache.states(st.index, b)).toBe(cache.states(st.index, a));
    const file = '.tracespine/approvals/REQ-2-00000000-approved-qa.yaml';
    ws[file] = ws[file]!.replace('Quinn QA', 'Quinn Q. A.');
    const c = await cache.records(host, config);
    expect(c[0]).not.toBe(a[0]);
    expect(c[0]!.record!.signer.name).toBe('Quinn Q. A.');
    expect(cache.states(st.index, c)).not.toBe(cache.states(st.index, a));
    delete ws[file];
    expect(await cache.records(host, config)).toEqual([]);
  });
});
