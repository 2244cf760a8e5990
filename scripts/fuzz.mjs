// `npm run fuzz [-- --cases N --seed S]`: random workspaces through the built CLI (dist/cli.js
// by bin/tracespine.js), each in a child process bounded in time. Every case must end within
// its time limit with exit 0, 1 or 2, print one JSON report and no internal error, and give
// the same report for its files with CRLF line endings. A failing case is shrunk and printed
// with its seed, so that anyone can rerun it (docs/limits.md).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const cases = opt('cases', 100);
const seed = opt('seed', Date.now() % 2 ** 31);
const TIME_LIMIT_MS = 20_000;
const cli = join(import.meta.dirname, '..', 'bin', 'tracespine.js');

const fragment = fc.oneof(
  fc.constantFrom(
    'id: REQ-1',
    'id: UN-1',
    'id: HAZ-1',
    'title: T',
    'status: approved',
    'severity: critical',
    'probability: remote',
  ),
  fc.constantFrom(
    'derives_from: [UN-1, UN-2]',
    'mitigates:',
    '  - HAZ-1@0123abcd',
    '  - HAZ-1@XYZ',
    'verifies: REQ-1',
    'x: &a v',
    'y: [*a, *a, *a]',
  ),
  fc.constantFrom('x: "a\\tb"', "x: 'it''s'", 'x: |', '  block', 'x: {a: 1', '? k', ': v', '---', '...', '\t- tab'),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer({ min: 1000, max: 1100 }).map((n) => `${'k'.repeat(n)}: v`),
  fc.constantFrom('\u0000', '\u001b[31m', '\r', '%%{init: {}}%%', '::error::x', '\u202e'),
);
const file = fc.record({
  name: fc.oneof(
    fc.constantFrom('REQ-1.md', 'UN-1.md', 'HAZ-1.md', 'TST-1.md', 'design/a.md', 'src/x.ts'),
    fc.stringMatching(/^[a-z]{1,6}\.md$/),
  ),
  lines: fc.array(fragment, { maxLength: 12 }),
  framed: fc.boolean(),
  body: fc.constantFrom('', 'See REQ-1 and UN-9.\n', '# Heading\n', '// @implements REQ-1\n'),
});
const workspace = fc.array(file, { minLength: 1, maxLength: 6 });

function write(files, crlf) {
  const root = mkdtempSync(join(tmpdir(), 'tracespine-fuzz-'));
  for (const f of files) {
    let text = `${f.framed ? '---\n' : ''}${f.lines.join('\n')}\n${f.framed ? '---\n' : ''}${f.body}`;
    if (crlf) text = text.replace(/\r?\n/g, '\r\n');
    mkdirSync(dirname(join(root, f.name)), { recursive: true });
    writeFileSync(join(root, f.name), text);
  }
  return root;
}

function check(root) {
  const r = spawnSync(process.execPath, [cli, 'check', root, '--format', 'json'], {
    timeout: TIME_LIMIT_MS,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw new Error(`no result within ${TIME_LIMIT_MS} ms: ${r.error.message}`);
  if (![0, 1, 2].includes(r.status)) throw new Error(`exit ${r.status}: ${r.stderr}`);
  if (r.stderr.includes('internal error')) throw new Error(r.stderr);
  const report = JSON.parse(r.stdout);
  delete report.root;
  return JSON.stringify(report);
}

let ran = 0;
console.log(`fuzz: ${cases} cases, seed ${seed}`);
fc.assert(
  fc.property(workspace, (files) => {
    // Files that share a name: the last one wins, as on disk.
    const lf = write(files, false);
    const crlf = write(files, true);
    try {
      const a = check(lf);
      const b = check(crlf);
      if (a !== b) throw new Error(`LF and CRLF differ:\n${a}\n${b}`);
    } finally {
      rmSync(lf, { recursive: true, force: true });
      rmSync(crlf, { recursive: true, force: true });
    }
    if (++ran % 25 === 0) console.log(`  ${ran} cases`);
  }),
  { numRuns: cases, seed, endOnFailure: true },
);
console.log(`fuzz: ${cases} cases passed`);
