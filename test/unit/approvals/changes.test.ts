import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApprove } from '../../../src/cli/approve';
import { runImpact } from '../../../src/cli/impact';
import { cleanup, isolateGit, md, Repo } from '../impact/repo';

beforeAll(isolateGit);
afterAll(cleanup);

const CONFIG = md(
  'approvals:',
  '  roles:',
  '    risk-manager: [rita@example.com]',
  '    qa: [quinn@example.com]',
  'changes:',
  '  - class: safety',
  '    when: {severity_at_least: serious}',
  '    require: ["reviewed:risk-manager", "approved:qa"]',
  '  - class: routine',
  '    when: {kinds: [requirement, test]}',
  '    require: []',
);

function scenario(): Repo {
  const repo = Repo.init({
    'tracespine.yaml': CONFIG,
    'design/UN-1.md': md('---', 'id: UN-1', 'title: Safe rates', '---'),
    'design/HAZ-1.md': md(
      '---',
      'id: HAZ-1',
      'title: Over-infusion',
      'severity: critical',
      'probability: remote',
      '---',
    ),
    'design/REQ-1.md': md(
      '---',
      'id: REQ-1',
      'title: Maximum rate',
      'derives_from: [UN-1]',
      'mitigates: [HAZ-1]',
      '---',
      'At most 999 mL/h.',
    ),
    'design/REQ-2.md': md('---', 'id: REQ-2', 'title: Display', 'derives_from: [UN-1]', '---', 'The rate is shown.'),
  });
  repo.git('checkout', '-q', '-b', 'feature');
  return repo;
}

function as(repo: Repo, name: string, email: string): void {
  repo.git('config', 'user.name', name);
  repo.git('config', 'user.email', email);
}

describe('change control: tracespine impact classifies the branch and gates on its approvals', () => {
  it('a change touching a critical hazard is safety class: --gate exits 1 until both approvals of the new text exist', async () => {
    const repo = scenario();
    repo.edit('design/REQ-1.md', '999', '1200');
    const json = JSON.parse((await runImpact(['--base', 'main', '--format', 'json'], repo.dir)).stdout) as Record<
      string,
      unknown
    >;
    expect(json.class).toBe('safety');
    expect(json.changeControl).toMatchObject({
      class: 'safety',
      kinds: ['requirement'],
      severity: 'critical',
      require: ['reviewed:risk-manager', 'approved:qa'],
      pending: [
        { item: 'REQ-1', meaning: 'reviewed:risk-manager' },
        { item: 'REQ-1', meaning: 'approved:qa' },
      ],
    });
    expect((await runImpact(['--base', 'main', '--gate'], repo.dir)).exitCode).toBe(1);
    const text = (await runImpact(['--base', 'main', '--gate'], repo.dir)).stdout;
    expect(text).toMatch(
      /\nChange class: safety \(highest severity touched: critical\)\nStill to approve \(2\):\n {2}REQ-1 reviewed:risk-manager \(fingerprint [0-9a-f]{8}\)\n {2}REQ-1 approved:qa \(fingerprint [0-9a-f]{8}\)\n$/,
    );
    const markdown = (await runImpact(['--base', 'main', '--format', 'markdown'], repo.dir)).stdout;
    expect(
      markdown.startsWith(
        '## Tracespine: design impact\n\n### Change control\n\nClass: **safety** · highest severity touched: critical\n\n**Still to approve (2):**\n',
      ),
    ).toBe(true);
    expect(markdown).toMatch(
      /\| REQ-1 \| `reviewed:risk-manager` \| `[0-9a-f]{8}` \|\n\| REQ-1 \| `approved:qa` \| `[0-9a-f]{8}` \|/,
    );

    as(repo, 'Rita Risk', 'rita@example.com');
    expect((await runApprove(['REQ-1', '--meaning', 'reviewed'], repo.dir)).exitCode).toBe(0);
    const one = JSON.parse((await runImpact(['--base', 'main', '--format', 'json'], repo.dir)).stdout) as {
      changeControl: { pending: unknown[] };
    };
    expect(one.changeControl.pending).toEqual([expect.objectContaining({ item: 'REQ-1', meaning: 'approved:qa' })]);
    as(repo, 'Quinn QA', 'quinn@example.com');
    expect((await runApprove(['REQ-1', '--meaning', 'approved'], repo.dir)).exitCode).toBe(0);
    const passed = await runImpact(['--base', 'main', '--gate'], repo.dir);
    expect(passed.exitCode).toBe(0);
    expect(passed.stdout).toContain(
      '\nChange class: safety (highest severity touched: critical)\nApprovals: all given (reviewed:risk-manager, approved:qa)\n',
    );

    // Committed, then edited again: the approvals are of the old text and the gate closes.
    const head = repo.commit('approved');
    expect((await runImpact(['--base', 'main', '--head', head, '--gate'], repo.dir)).exitCode).toBe(0);
    repo.edit('design/REQ-1.md', '1200', '1100');
    expect((await runImpact(['--base', 'main', '--gate'], repo.dir)).exitCode).toBe(1);
  });

  it('a change away from hazards is routine class: nothing to approve, the gate passes', async () => {
    const repo = scenario();
    repo.edit('design/REQ-2.md', 'shown', 'shown in mL/h');
    const json = JSON.parse((await runImpact(['--base', 'main', '--format', 'json'], repo.dir)).stdout) as {
      class: string;
      changeControl: { pending: unknown[]; severity: unknown };
    };
    expect(json.class).toBe('routine');
    expect(json.changeControl.severity).toBeNull();
    expect(json.changeControl.pending).toEqual([]);
    expect((await runImpact(['--base', 'main', '--gate'], repo.dir)).exitCode).toBe(0);
  });
});
