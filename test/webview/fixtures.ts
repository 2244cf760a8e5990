/** Graphs for the webview tests and the benchmark (plain data: no DOM, no browser). */
import type { GraphData, GraphNode } from '../../src/shared/protocol';

export const KINDS = [
  { kind: 'need', label: 'User need', rank: 0 },
  { kind: 'requirement', label: 'Requirement', rank: 1 },
  { kind: 'hazard', label: 'Hazard', rank: 1 },
  { kind: 'test', label: 'Test', rank: 2 },
];

const LABELS: Record<string, string> = {
  need: 'User need',
  requirement: 'Requirement',
  hazard: 'Hazard',
  test: 'Test',
};

function node(id: string, kind: string, title: string, extra: Partial<GraphNode> = {}): GraphNode {
  return {
    id,
    kind,
    kindLabel: LABELS[kind] ?? kind,
    title,
    status: 'approved',
    file: `docs/${kind}s/${id}.md`,
    line: 2,
    ...extra,
  };
}

/** A small infusion-pump trace graph focused on REQ-002 with every badge and edge style. */
export function sampleGraph(): GraphData {
  return {
    kinds: KINDS,
    nodes: [
      node('UN-001', 'need', 'Deliver the prescribed dose safely', { depth: 1, failingDownstream: true }),
      node('REQ-001', 'requirement', 'Occlusion detected within 30 s', {
        depth: 2,
        status: 'draft',
        evidence: 'failed',
      }),
      node('REQ-002', 'requirement', 'Stop infusion when an occlusion is detected', {
        depth: 0,
        warnings: 1,
        anomalies: ['PR-001'],
      }),
      node('REQ-003', 'requirement', 'Alarm sounds at 65 dB(A) or more', { depth: 1, untested: true, errors: 2 }),
      node('HAZ-001', 'hazard', 'Over-infusion after occlusion release', { depth: 1 }),
      node('TST-001', 'test', 'Occlusion stop bench test', { depth: 1, status: 'passed', evidence: 'stale' }),
      node('TST-002', 'test', 'Alarm loudness measurement', { depth: 2, suspect: true, status: 'passed' }),
      node('TST-003', 'test', 'Occlusion timing test', { depth: 2, status: 'failed', evidence: 'failed' }),
    ],
    edges: [
      { from: 'REQ-001', to: 'UN-001', type: 'derives' },
      { from: 'REQ-002', to: 'UN-001', type: 'derives' },
      { from: 'REQ-003', to: 'REQ-002', type: 'refines' },
      { from: 'REQ-002', to: 'HAZ-001', type: 'mitigates' },
      { from: 'TST-001', to: 'REQ-002', type: 'verifies' },
      { from: 'TST-002', to: 'REQ-003', type: 'verifies', suspect: true },
      { from: 'TST-003', to: 'REQ-001', type: 'verifies' },
    ],
  };
}

/** A deterministic layered graph of `n` items: 10 % needs, 30 % requirements, 10 % hazards, 50 % tests. */
export function syntheticGraph(n: number, seed = 1): GraphData {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s = (Math.imul(s, 48271) >>> 0) % 2147483647;
    return s / 2147483647;
  };
  const pick = (arr: string[]): string => arr[Math.floor(rnd() * arr.length)]!;
  const count = (f: number): number => Math.max(1, Math.round(n * f));
  const needs = Array.from({ length: count(0.1) }, (_, i) => `UN-${String(i + 1).padStart(4, '0')}`);
  const reqs = Array.from({ length: count(0.3) }, (_, i) => `REQ-${String(i + 1).padStart(4, '0')}`);
  const hazards = Array.from({ length: count(0.1) }, (_, i) => `HAZ-${String(i + 1).padStart(4, '0')}`);
  const tests = Array.from(
    { length: Math.max(1, n - needs.length - reqs.length - hazards.length) },
    (_, i) => `TST-${String(i + 1).padStart(4, '0')}`,
  );
  const nodes: GraphNode[] = [
    ...needs.map((id) => node(id, 'need', `User need ${id}`)),
    ...reqs.map((id) =>
      node(id, 'requirement', `Requirement ${id} shall do something measurable`, rnd() < 0.1 ? { untested: true } : {}),
    ),
    ...hazards.map((id) => node(id, 'hazard', `Hazard ${id}`)),
    ...tests.map((id) => node(id, 'test', `Test ${id}`, rnd() < 0.05 ? { suspect: true } : {})),
  ];
  const edges: GraphData['edges'] = [];
  reqs.forEach((r, i) => {
    if (i > 0 && rnd() < 0.1) edges.push({ from: r, to: reqs[Math.floor(rnd() * i)]!, type: 'refines' });
    else edges.push({ from: r, to: pick(needs), type: 'derives' });
  });
  for (const hz of hazards) edges.push({ from: pick(reqs), to: hz, type: 'mitigates' });
  for (const t of tests) {
    const a = pick(reqs);
    edges.push({ from: t, to: a, type: 'verifies' });
    if (rnd() < 0.3) {
      const b = pick(reqs);
      if (b !== a) edges.push({ from: t, to: b, type: 'verifies', suspect: rnd() < 0.1 });
    }
  }
  return { kinds: KINDS, nodes, edges };
}
