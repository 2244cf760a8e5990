import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load';
import { TraceIndex } from '../../src/core/traceIndex';
import { Validator, validateIndex } from '../../src/core/validate/validator';

const config = loadConfig(undefined).config;
const id = fc.oneof(
  fc.integer({ min: 1, max: 6 }).map((n) => `REQ-${n}`),
  fc.integer({ min: 1, max: 3 }).map((n) => `UN-${n}`),
  fc.integer({ min: 1, max: 3 }).map((n) => `HAZ-${n}`),
  fc.integer({ min: 1, max: 3 }).map((n) => `TST-${n}`),
);
const text = fc
  .record({
    id,
    // A placeholder title gives no coverage (item.placeholder): its changes must reach the targets.
    title: fc.constantFrom('T', 'T', 'TODO title'),
    status: fc.constantFrom('', 'status: obsolete\n', 'status: approved\n'),
    derives: fc.array(id, { maxLength: 3 }),
    mitigates: fc.array(fc.tuple(id, fc.constantFrom('', '@00000000')), { maxLength: 2 }),
    verifies: fc.array(id, { maxLength: 2 }),
    body: fc.array(fc.oneof(id, fc.constantFrom('text', 'more text')), { maxLength: 4 }),
  })
  .map(
    (r) =>
      `---\nid: ${r.id}\ntitle: ${r.title}\n${r.status}severity: minor\nprobability: remote\n` +
      `derives_from: [${r.derives.join(', ')}]\nmitigates: [${r.mitigates.map(([i, p]) => i + p).join(', ')}]\nverifies: [${r.verifies.join(', ')}]\n---\n${r.body.join(' ')}\n`,
  );
const codeText = fc.array(id, { maxLength: 3 }).map((ids) => `// @verifies ${ids.join(', ')}\n`);
const file = fc.integer({ min: 0, max: 7 }).map((n) => (n < 6 ? `d/f${n}.md` : `src/c${n}.c`));
const op = fc.record({ file, kind: fc.constantFrom('write', 'write', 'delete'), md: text, code: codeText });

describe('incremental validation', () => {
  it('after any sequence of edits equals a full validation from scratch', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        const index = new TraceIndex(config);
        const validator = new Validator(index);
        validator.validateAll();
        const files = new Map<string, string>();
        for (const o of ops) {
          const before = index.get(o.file);
          if (o.kind === 'delete') {
            index.remove(o.file);
            files.delete(o.file);
          } else {
            const t = o.file.endsWith('.c') ? o.code : o.md;
            index.update(o.file, t);
            files.set(o.file, t);
          }
          validator.update([{ file: o.file, before }]);
          const fresh = new TraceIndex(config);
          for (const [f, t] of files) fresh.update(f, t);
          expect(validator.all()).toEqual(validateIndex(fresh).findings);
        }
      }),
      { numRuns: Number(process.env.INCREMENTAL_RUNS ?? 300) },
    );
  });

  it('reports which files changed findings', () => {
    const index = new TraceIndex(config);
    const v = new Validator(index);
    index.update('REQ-1.md', '---\nid: REQ-1\ntitle: R\nderives_from: [UN-1]\n---\n');
    index.update('TST-1.md', '---\nid: TST-1\ntitle: T\nverifies: [REQ-1]\n---\n');
    v.validateAll();
    expect(v.findings('REQ-1.md').map((f) => f.code)).toEqual(['link.unknown-target']);
    const before = index.get('UN-1.md');
    index.update('UN-1.md', '---\nid: UN-1\ntitle: N\n---\n');
    // Defining UN-1 clears REQ-1's dangling link and gives UN-1 its own coverage findings.
    expect([...v.update([{ file: 'UN-1.md', before }])].sort()).toEqual(['REQ-1.md', 'UN-1.md']);
    expect(v.findings('REQ-1.md')).toEqual([]);
    expect(v.findings('UN-1.md').map((f) => f.code)).toEqual(['coverage.unvalidated']);
  });
});

describe('coverage summary', () => {
  it('the validator coverage equals computeCoverage', async () => {
    const { computeCoverage } = await import('../../src/core/graph/coverage');
    fc.assert(
      fc.property(fc.array(fc.tuple(file, text, codeText), { maxLength: 10 }), (writes) => {
        const index = new TraceIndex(config);
        for (const [f, md, code] of writes) index.update(f, f.endsWith('.c') ? code : md);
        const v = new Validator(index);
        v.validateAll();
        const ids = (r: { covered: readonly { id: string }[]; uncovered: readonly { id: string }[] }[]) =>
          r.map((c) => [c.covered.map((i) => i.id), c.uncovered.map((i) => i.id)]);
        expect(ids(v.coverage())).toEqual(ids(computeCoverage(index)));
      }),
      { numRuns: 200 },
    );
  });
});
