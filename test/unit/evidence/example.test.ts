import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/cli/check';

const example = resolve(__dirname, '../../../examples/infusion-pump');

describe('the example: verification evidence', () => {
  it('shows which requirements passed, failed, are stale or lack results', async () => {
    const out = await runCheck([example, '--format', 'json']);
    const report = JSON.parse(out.stdout) as {
      items: { id: string; kind: string; status: string; verification?: { status: string } }[];
    };
    const by: Record<string, string[]> = {};
    for (const i of report.items)
      if (i.kind === 'requirement' && i.status !== 'obsolete') (by[i.verification!.status] ??= []).push(i.id);
    expect(by).toEqual({
      passed: [
        'REQ-001',
        'REQ-002',
        'REQ-003',
        'REQ-005',
        'REQ-006',
        'REQ-007',
        'REQ-008',
        'REQ-009',
        'REQ-010',
        'REQ-011',
        'REQ-016',
        'REQ-017',
        'REQ-020',
      ],
      failed: ['REQ-014'],
      stale: ['REQ-015'],
      missing: ['REQ-004', 'REQ-012', 'REQ-013'],
      none: ['REQ-019'],
    });
    expect((await runCheck([example])).stdout).toContain('\nevidence: 15 passed, 1 failed, 2 stale, 16 missing\n');
  });

  it('run-tests.sh writes the JUnit XML that is committed (needs cc and make)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-pump-'));
    try {
      cpSync(example, dir, { recursive: true });
      rmSync(join(dir, 'test-results'), { recursive: true });
      let status = 0;
      try {
        execFileSync(join(dir, 'run-tests.sh'), { cwd: dir, stdio: 'pipe' });
      } catch (e) {
        status = (e as { status: number }).status;
      }
      expect(status).toBe(1); // the deliberate failure of test_battery_alarms
      const files = readdirSync(join(dir, 'test-results')).sort();
      expect(files).toEqual(['test_alarm.xml', 'test_occlusion.xml', 'test_pump_rate.xml']);
      for (const f of files)
        expect(readFileSync(join(dir, 'test-results', f), 'utf8')).toBe(
          readFileSync(join(example, 'test-results', f), 'utf8'),
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
