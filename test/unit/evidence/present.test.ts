import { describe, expect, it } from 'vitest';
import { ago, evidenceLensTitle } from '../../../src/core/evidence';

const now = Date.parse('2026-12-03T15:00:00Z');

describe('evidence lens text', () => {
  it('one entry per test: a failure or stale result wins over an older pass; times relative', () => {
    const title = evidenceLensTitle(
      {
        status: 'failed',
        results: [
          { test: 'TST-3', outcome: 'passed', source: 'r.xml', line: 3, via: 'TST-3', time: '2026-12-03T14:58:00Z' },
          { test: 'TST-7', outcome: 'passed', source: 'r.xml', line: 4, via: 'TST-7', time: '2026-12-01T10:00:00Z' },
          { test: 'TST-7', outcome: 'failed', source: 's.xml', line: 9, via: 'TST-7' },
          { test: 'TST-9', outcome: 'passed', source: 'TR-1.md', line: 2, via: 'record', stale: true },
        ],
      },
      now,
    );
    expect(title).toBe('verified by TST-3 ✓ passed 2 min ago, TST-7 ✗ failed, TST-9 ⚠ stale (passed)');
    expect(evidenceLensTitle({ status: 'missing', results: [] }, now)).toBe(
      'verified by links, but no test result yet',
    );
    expect(evidenceLensTitle({ status: 'none', results: [] }, now)).toBeUndefined();
  });

  it('relative times', () => {
    expect([
      ago('2026-12-03T14:59:30Z', now),
      ago('2026-12-03T12:00:00Z', now),
      ago('2026-12-02T15:00:00Z', now),
      ago('soon', now),
      ago(undefined, now),
    ]).toEqual(['just now', '3 h ago', '1 day ago', undefined, undefined]);
  });
});
