import { describe, expect, it } from 'vitest';
import { codeLenses } from '../../../src/core/services/codeLens';
import { hoverText } from '../../../src/core/services/hover';
import { buildIndex, md } from '../services/helpers';

const files = {
  'd/REQ-1.md': md('---', 'id: REQ-1', 'title: Rate', '---', 'Body.'),
  'd/TST-1.md': md('---', 'id: TST-1', 'title: Test', 'verifies: [REQ-1]', '---', 'Body.'),
  'd/PR-1.md': md(
    '---',
    'id: PR-1',
    'title: Rate *drifts*',
    'state: open',
    'severity: serious',
    'affects: [REQ-1]',
    '---',
    'x',
  ),
  'd/PR-2.md': md('---', 'id: PR-2', 'title: Fixed', 'state: resolved', 'affects: [REQ-1]', '---', 'x'),
  'd/PR-3.md': md(
    '---',
    'id: PR-3',
    'title: Later',
    'state: deferred',
    'safety_evaluation: Cosmetic only',
    'affects: [REQ-1, TST-1]',
    '---',
    'x',
  ),
};

describe('open anomalies on the items they affect', () => {
  it('a code lens lists them and shows the affects links', () => {
    const index = buildIndex(files);
    const lenses = codeLenses(index, 'd/REQ-1.md', files['d/REQ-1.md']);
    expect(lenses.map((l) => l.title)).toContain('⚠ 2 open anomalies: PR-1, PR-3');
    const lens = lenses.find((l) => l.title.startsWith('⚠'))!;
    expect(lens.command).toEqual({ name: 'tracespine.showLinks', args: ['REQ-1', ['affects']] });
    expect(codeLenses(index, 'd/TST-1.md', files['d/TST-1.md']).map((l) => l.title)).toContain(
      '⚠ 1 open anomaly: PR-3',
    );
  });

  it('the hover lists them with severity, state and a missing evaluation; nothing when there are none', () => {
    const index = buildIndex(files);
    expect(hoverText(index, 'REQ-1')).toContain(
      [
        'Open anomalies:',
        '- ⚠ PR-1 (serious, open) — Rate \\*drifts\\* · no safety evaluation',
        '- ⚠ PR-3 (deferred) — Later',
      ].join('\n'),
    );
    const none = buildIndex({ 'd/REQ-1.md': files['d/REQ-1.md'] });
    expect(hoverText(none, 'REQ-1')).not.toContain('anomal');
    expect(
      codeLenses(none, 'd/REQ-1.md', files['d/REQ-1.md'])
        .map((l) => l.title)
        .join('\n'),
    ).not.toContain('anomal');
  });
});
