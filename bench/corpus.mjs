// Generates a synthetic design-history corpus of the shape the benchmark measures:
// for N requirements, N/5 needs, N/10 hazards, N tests, N/20 validations (2.35 N items)
// and N/10 code files with @implements / @verifies tags. Deterministic for a given N.
import { mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the pump shall reject any programmed rate above limit within milliseconds after operator confirms infusion alarm occlusion pressure sensor battery drug library nurse display value record event log audible visual'.split(
    ' ',
  );

function sentence(r, n) {
  const words = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(r() * WORDS.length)]);
  return words.join(' ');
}

const pad = (n) => String(n).padStart(4, '0');

/** Writes the corpus for `n` requirements below `dir` (replacing it) and returns its counts. */
export function generateCorpus(dir, n) {
  const marker = join(dir, '.corpus.json');
  if (existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).n === n)
    return JSON.parse(readFileSync(marker, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  const r = rng(n);
  const needs = Math.max(1, Math.floor(n / 5));
  const hazards = Math.max(1, Math.floor(n / 10));
  const validations = Math.max(1, Math.floor(n / 20));
  const codeFiles = Math.max(1, Math.floor(n / 10));
  for (const d of ['needs', 'requirements', 'hazards', 'tests', 'validations'])
    mkdirSync(join(dir, 'design', d), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  const write = (rel, text) => writeFileSync(join(dir, rel), text);
  for (let i = 1; i <= needs; i++) {
    write(
      `design/needs/UN-${pad(i)}.md`,
      `---\nid: UN-${pad(i)}\ntitle: Need ${i} ${sentence(r, 3)}\nstatus: approved\n---\nAs a nurse I need ${sentence(r, 12)}.\n\nRationale: ${sentence(r, 20)}.\n`,
    );
  }
  for (let i = 1; i <= hazards; i++) {
    write(
      `design/hazards/HAZ-${pad(i)}.md`,
      `---\nid: HAZ-${pad(i)}\ntitle: Hazard ${i} ${sentence(r, 3)}\nstatus: approved\nseverity: serious\nprobability: remote\n---\n${sentence(r, 25)}.\n\nHarm: ${sentence(r, 10)}.\n`,
    );
  }
  for (let i = 1; i <= n; i++) {
    const need = 1 + Math.floor(r() * needs);
    const parent = i > 1 && r() < 0.3 ? `\n  - REQ-${pad(1 + Math.floor(r() * (i - 1)))}` : '';
    const haz = r() < 0.4 ? `\nmitigates:\n  - HAZ-${pad(1 + (i % hazards))}` : '';
    const ref = r() < 0.5 ? ` See REQ-${pad(1 + Math.floor(r() * n))}.` : '';
    write(
      `design/requirements/REQ-${pad(i)}.md`,
      `---\nid: REQ-${pad(i)}\ntitle: Requirement ${i} ${sentence(r, 4)}\nstatus: approved\nderives_from:\n  - UN-${pad(need)}${parent}${haz}\n---\nThe system shall ${sentence(r, 18)}.${ref}\n\nAcceptance: ${sentence(r, 14)}.\n`,
    );
  }
  for (let i = 1; i <= n; i++) {
    write(
      `design/tests/TST-${pad(i)}.md`,
      `---\nid: TST-${pad(i)}\ntitle: Test ${i} ${sentence(r, 3)}\nstatus: approved\nmethod: test\nverifies: [REQ-${pad(i)}]\n---\n1. ${sentence(r, 10)}.\n2. ${sentence(r, 10)}.\n\nExpected: ${sentence(r, 8)}.\n`,
    );
  }
  for (let i = 1; i <= validations; i++) {
    const a = 1 + (((i - 1) * 4) % needs);
    const list = [0, 1, 2, 3].map((k) => `UN-${pad(1 + ((a - 1 + k) % needs))}`);
    write(
      `design/validations/VAL-${pad(i)}.md`,
      `---\nid: VAL-${pad(i)}\ntitle: Validation ${i}\nstatus: approved\nvalidates: [${[...new Set(list)].join(', ')}]\n---\nSummative usability study: ${sentence(r, 20)}.\n`,
    );
  }
  for (let i = 1; i <= codeFiles; i++) {
    const lines = [`/* module ${i}: ${sentence(r, 6)} */`, '#include <stdint.h>', ''];
    for (let f = 0; f < 6; f++) {
      const req = 1 + Math.floor(r() * n);
      lines.push(
        `/* @implements REQ-${pad(req)} */`,
        `int f${i}_${f}(int rate) {`,
        `  /* ${sentence(r, 8)} */`,
        `  return rate > ${f * 10} ? ${f} : -1;`,
        '}',
        '',
      );
    }
    lines.push(`// @verifies REQ-${pad(1 + Math.floor(r() * n))}, REQ-${pad(1 + Math.floor(r() * n))}`);
    write(`src/module_${pad(i)}.c`, `${lines.join('\n')}\n`);
  }
  const counts = {
    n,
    needs,
    requirements: n,
    hazards,
    tests: n,
    validations,
    items: needs + 2 * n + hazards + validations,
    codeFiles,
  };
  writeFileSync(marker, JSON.stringify(counts));
  return counts;
}

if (process.argv[1] && process.argv[1].endsWith('corpus.mjs')) {
  const n = Number(process.argv[3] ?? 10000);
  console.log(generateCorpus(process.argv[2] ?? '.bench/corpus-10k', n));
}
