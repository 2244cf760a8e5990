// `npm start`: checks the bundled example, then lists which requirements passed, failed, are
// stale or lack results. Its deliberate findings make the check exit 1, which is the expected
// outcome here, so it is explained rather than reported as a failure; any other failure
// (exit 2: usage, configuration or internal error) still fails.
import { spawnSync } from 'node:child_process';

const EXAMPLE = 'examples/infusion-pump';
const r = spawnSync(process.execPath, ['bin/tracespine.js', 'check', EXAMPLE, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
if (r.status !== 0 && r.status !== 1) process.exit(r.status ?? 2);

// The same check as JSON: each requirement's verification state (items[].verification).
const json = spawnSync(process.execPath, ['bin/tracespine.js', 'check', EXAMPLE, '--format', 'json'], {
  encoding: 'utf8',
});
if (json.status === 0 || json.status === 1) {
  const report = JSON.parse(json.stdout);
  const by = new Map();
  for (const item of report.items) {
    if (item.kind !== 'requirement' || !item.verification || item.status === 'obsolete') continue;
    const s = item.verification.status;
    if (!by.has(s)) by.set(s, []);
    by.get(s).push(item.id);
  }
  console.log('\nRequirements by verification evidence (test-results/*.xml and design/records/):');
  for (const s of ['passed', 'failed', 'stale', 'skipped', 'missing', 'none']) {
    if (by.has(s)) console.log(`  ${(s === 'none' ? 'not verified' : s).padEnd(12)} ${by.get(s).join(', ')}`);
  }
}
if (r.status === 1) {
  console.log(`\n(exit code 1: the example carries deliberate findings, two of them errors; see ${EXAMPLE}/README.md)`);
}
process.exit(0);
