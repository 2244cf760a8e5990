import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../src/core/engine';
import { MemoryHost, md } from './memoryHost';

function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

function lines(r: Awaited<ReturnType<typeof checkWorkspace>>): string[] {
  return r.findings.map((f) => {
    const g = f.range;
    return `${f.file}:${g.start.line + 1}:${g.start.character + 1}-${g.end.line + 1}:${g.end.character + 1} ${f.severity} ${f.code}`;
  });
}

describe('preset: ketryx', () => {
  it("checks Ketryx's Git-based items as they are: itemId, itemType kinds, comma-separated links, @tests: tags", async () => {
    const r = await checkWorkspace(new MemoryHost(readTree('test/fixtures/ketryx/ws')));
    expect(r.items.map((i) => `${i.id} ${i.kind} ${i.title}`)).toEqual([
      'RQ-CRC-01 requirement Report a qualitative result per specimen',
      'RQ-CRC-02 requirement Reject mismatched accessions',
      'RSK-CRC-01 risk Biased composite score',
      'SPEC-PIPE-CLASSIFIER software_item_spec Composite scoring and threshold application',
      'SPEC-PIPE-IDENTITY software_item_spec Accession identity chain',
    ]);
    expect(lines(r)).toEqual([
      'features/result.feature:4:20-4:29 error link.unknown-target',
      'requirements/RQ-CRC-02.md:2:9-2:18 warning coverage.untested',
      'requirements/RQ-CRC-03.md:2:9-2:18 warning item.unknown-kind',
      'specs/SPEC-PIPE-CLASSIFIER.md:5:27-5:36 error link.unknown-target',
    ]);
    expect(r.summary.coverage).toEqual({ untested: { covered: 1, total: 2 } });
  });

  it("a file's own keys override the preset's", async () => {
    const files = readTree('test/fixtures/ketryx/ws');
    files['tracespine.yaml'] = md('preset: ketryx', 'coverage: []');
    const r = await checkWorkspace(new MemoryHost(files));
    expect(lines(r).filter((l) => l.includes('coverage.'))).toEqual([]);
    expect(r.items).toHaveLength(5);
  });
});

/** The link entry forms of SPEC section 7, each writing the same targets. */
const PLAIN_FORMS: readonly ((key: string, ids: readonly string[]) => string[])[] = [
  (key, ids) => [`${key}:`, ...ids.map((id) => `  - ${id}`)],
  (key, ids) => [`${key}: [${ids.join(', ')}]`],
  (key, ids) => [`${key}: "${ids.join(', ')}"`],
  (key, ids) => [`${key}: ${ids.join(',')}`],
  (key, ids) => [`${key}:`, ...ids.map((id) => `  - '${id}'`)],
];
/** `parent` (no target_key) also takes Doorstop's {ID: stamp}; `verifies` (target_key: hrid) takes {hrid: ID, ...}. */
const PARENT_FORMS = [
  ...PLAIN_FORMS,
  (key: string, ids: readonly string[]) => [
    `${key}:`,
    ...ids.map((id) => `  - ${id}: 5d41402abc4b2a76b9719d911017c592`),
  ],
];
const VERIFIES_FORMS = [
  ...PLAIN_FORMS,
  (key: string, ids: readonly string[]) => [`${key}:`, ...ids.map((id) => `  - { hrid: ${id}, uuid: u-${id} }`)],
];

const CONFIG = md(
  'kinds:',
  '  requirement: { prefix: SWR, name: Software requirement }',
  '  test: { prefix: TC, name: Test case }',
  'links:',
  '  verifies: { from: [test], to: [requirement], target_key: hrid }',
  '  parent: { from: [requirement], to: [requirement], acyclic: true }',
  'required: [{ kind: test, links: [verifies] }]',
  'coverage: [{ name: unverified, kind: requirement, by: [verifies], severity: warning }]',
  'code_tags: {}',
);

describe('link entry forms', () => {
  it('a workspace rewritten from one form into another gives the same findings (but for positions)', async () => {
    const ids = ['SWR-1', 'SWR-2', 'SWR-3', 'TC-1', 'SWR-9'];
    const linkList = fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 3 });
    const items = fc.array(fc.record({ verifies: linkList, parent: linkList }), { minLength: 2, maxLength: 4 });
    const forms = fc.array(fc.nat({ max: 5 }), { minLength: 8, maxLength: 8 });
    const build = (list: { verifies: string[]; parent: string[] }[], f: number[]): Record<string, string> => {
      const files: Record<string, string> = { 'tracespine.yaml': CONFIG };
      list.forEach((it, i) => {
        const id = i === 0 ? 'TC-1' : `SWR-${i}`;
        const lines = [`id: ${id}`, `title: Item ${i}`];
        if (it.verifies.length > 0) lines.push(...VERIFIES_FORMS[f[2 * i]!]!('verifies', it.verifies));
        if (it.parent.length > 0) lines.push(...PARENT_FORMS[f[2 * i + 1]!]!('parent', it.parent));
        files[`d/${id}.md`] = md('---', ...lines, '---');
      });
      return files;
    };
    const gist = (r: Awaited<ReturnType<typeof checkWorkspace>>): string[] => [
      ...r.findings.map((f) => `${f.file} ${f.code} ${f.itemId ?? ''} ${f.target ?? ''}`).sort(),
      ...r.items.map((i) => `${i.id}: ${i.links.map((l) => `${l.type}>${l.target}`).join(' ')}`),
    ];
    await fc.assert(
      fc.asyncProperty(items, forms, forms, async (list, f1, f2) => {
        const a = await checkWorkspace(new MemoryHost(build(list, f1)));
        const b = await checkWorkspace(new MemoryHost(build(list, f2)));
        expect(gist(b)).toEqual(gist(a));
      }),
      { numRuns: 80 },
    );
  });
});
