// `npm start`: checks the bundled example. Its deliberate findings make the check exit 1,
// which is the expected outcome here, so it is explained rather than reported as a failure;
// any other failure (exit 2: usage, configuration or internal error) still fails.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['bin/tracespine.js', 'check', 'examples/infusion-pump', ...process.argv.slice(2)], { stdio: 'inherit' });
if (r.status === 1) {
  console.log('\n(exit code 1: the example carries five deliberate findings, one of them an error; see examples/infusion-pump/README.md)');
  process.exit(0);
}
process.exit(r.status ?? 2);
