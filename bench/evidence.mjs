// Evidence: `tracespine check --results` with a JUnit file of 30,000 test cases vs `check` alone,
// on the 10k-requirement corpus, in the same run (taking turns). Target: within 1.3x.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { measureTogether } from './measure.mjs';

const pad = (n) => String(n).padStart(4, '0');

/** Writes `dir/test-results/junit-30k.xml`: 30,000 cases naming the corpus's tests and requirements. */
export function writeJUnit(dir, n = 10000, cases = 30000) {
  const file = join(dir, 'test-results', `junit-${cases / 1000}k.xml`);
  if (existsSync(file)) return file;
  mkdirSync(join(dir, 'test-results'), { recursive: true });
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="bench" tests="${cases}">`];
  const perSuite = 100;
  for (let s = 0; s < cases / perSuite; s++) {
    out.push(`  <testsuite name="suite ${s}" tests="${perSuite}" timestamp="2026-01-01T00:00:00">`);
    for (let k = 0; k < perSuite; k++) {
      const i = s * perSuite + k;
      const req = 1 + (i % n);
      const body =
        i % 97 === 0 ? '<failure message="expected 5 got 6">at line 12</failure>' : i % 89 === 0 ? '<skipped/>' : '';
      if (i % 3 === 0) {
        out.push(
          `    <testcase name="case ${i} rejects rates above the limit" classname="pump.rate" time="0.001"><properties><property name="verifies" value="REQ-${pad(req)}"/></properties>${body}</testcase>`,
        );
      } else if (i % 3 === 1) {
        out.push(
          `    <testcase name="TST-${pad(req)} case ${i} alarm sounds" classname="pump.alarm" time="0.002">${body}</testcase>`,
        );
      } else {
        out.push(
          `    <testcase name="case ${i} occlusion" classname="REQ-${pad(req)}.occlusion" time="0.001">${body}</testcase>`,
        );
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  writeFileSync(file, out.join('\n'));
  return file;
}

export async function benchEvidence(dir, runs) {
  writeJUnit(dir);
  const [check, withResults] = measureTogether(
    [
      ['bin/tracespine.js', 'check', dir],
      ['bin/tracespine.js', 'check', dir, '--results', join(dir, 'test-results/junit-30k.xml')],
    ],
    runs,
  );
  const ratio = withResults.medianMs / check.medianMs;
  console.log(
    '\n## evidence: check --results (30,000 JUnit cases) vs check alone, 10k requirements (median of %d runs)\n',
    runs,
  );
  console.log('| check ms | check --results ms | ratio | peak RSS MiB |');
  console.log('| --- | --- | --- | --- |');
  console.log(
    `| ${check.medianMs.toFixed(0)} | ${withResults.medianMs.toFixed(0)} | ${ratio.toFixed(2)} | ${withResults.peakRssMiB.toFixed(0)} |`,
  );
  return {
    summary: [
      {
        what: 'check --results 30k cases / check alone at 10k requirements (target ≤ 1.3)',
        value: ratio.toFixed(2),
        ok: ratio <= 1.3,
      },
    ],
  };
}
