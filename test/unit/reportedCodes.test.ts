/** Which codes a report lists as rules (src/core/reportedCodes.ts): a section's codes only where it is in use. */
import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../src/core/engine';
import { codeUseOf, reportedCodes } from '../../src/core/reportedCodes';
import { MemoryHost } from './memoryHost';

const REQ = '---\nid: REQ-1\ntitle: Rate\nstatus: draft\n---\n';
const SECTIONED = [
  'approval.missing',
  'approval.stale',
  'approval.invalid',
  'deviation.expired',
  'risk.unacceptable',
  'anomaly.unevaluated',
];

async function listed(files: Record<string, string>): Promise<string[]> {
  const r = await checkWorkspace(new MemoryHost(files));
  return reportedCodes(codeUseOf(r, r.findings));
}

describe('reported codes', () => {
  it('a workspace using no optional section lists none of their codes', async () => {
    const codes = await listed({ 'REQ-1.md': REQ });
    expect(codes.filter((c) => SECTIONED.includes(c) || c.startsWith('evidence.'))).toEqual([]);
    expect(codes).toContain('link.unknown-target');
  });

  it('evidence, risk, approvals and problem reports each bring their own codes', async () => {
    expect(
      (await listed({ 'REQ-1.md': REQ, 'tracespine.yaml': 'version: 1\nevidence:\n  results: ["r/*.xml"]\n' })).filter(
        (c) => c.startsWith('evidence.'),
      ),
    ).toEqual(['evidence.failed', 'evidence.stale', 'evidence.missing', 'evidence.unknown-id', 'evidence.unreadable']);
    const pr = '---\nid: PR-1\ntitle: Alarm late\nstatus: draft\nseverity: minor\nstate: open\naffects: [REQ-1]\n---\n';
    const withPr = await listed({ 'REQ-1.md': REQ, 'PR-1.md': pr });
    expect(withPr).toContain('anomaly.unevaluated');
    expect(withPr).not.toContain('approval.missing');
    const dev =
      '---\nid: DEV-1\ntitle: Waive\nstatus: approved\nwaives: [{code: link.suspect, items: [REQ-1]}]\njustification: x\nowner: QA\nexpires: 2030-01-01\n---\n';
    const withDev = await listed({ 'REQ-1.md': REQ, 'DEV-1.md': dev });
    expect(withDev.filter((c) => SECTIONED.slice(0, 4).includes(c))).toEqual(SECTIONED.slice(0, 4));
  });
});
