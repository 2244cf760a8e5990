import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../src/core/engine';
import { NodeFsHost } from '../../src/node/fsHost';
import { brief, check, findings, md, MemoryHost } from './memoryHost';

const TREE = 'test/fixtures/doorstop/tree';

/** Every file of a tree with its SHA-256 and modification time: what "nothing written" means. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else
        out[relative(root, p)] =
          `${createHash('sha256').update(readFileSync(p)).digest('hex')} ${st.mtimeMs} ${st.size}`;
    }
  };
  walk(root);
  return out;
}

const doc = (prefix: string, parent?: string, extra: string[] = []): string =>
  md(
    'settings:',
    '  digits: 3',
    ...(parent ? [`  parent: ${parent}`] : []),
    `  prefix: ${prefix}`,
    "  sep: ''",
    ...extra,
  );

describe('preset: doorstop', () => {
  it('checks a Doorstop tree as it is: documents, YAML and Markdown items, parent and child rules', async () => {
    const before = snapshot(TREE);
    const host = new NodeFsHost(TREE);
    const r = await checkWorkspace(host);
    host.dispose();
    expect(r.configInvalid).toBe(false);
    expect(r.findings.map(brief)).toEqual([
      'srs/SRS002.yml:1:1-1:1 warning coverage.child-TST',
      'srs/SRS003.yml:1:1-1:1 warning coverage.child-TST',
      'srs/SRS003.yml:6:3-6:9 error link.unknown-target',
      'srs/SRS004.yml:1:1-1:1 warning link.missing',
      'sys/SYS003.yml:1:1-1:1 warning coverage.child-SRS',
    ]);
    expect(r.findings.map((f) => f.message)).toEqual([
      "SRS item SRS002 is child-TST: no TST item links to it by 'links'",
      "SRS item SRS003 is child-TST: no TST item links to it by 'links'",
      'SRS003 links SYS009, which no item defines',
      "SRS item SRS004 needs at least one 'links' link",
      "SYS item SYS003 is child-SRS: no SRS item links to it by 'links'",
    ]);
    expect(r.items.map((i) => [i.id, i.kind, i.title, i.live])).toEqual([
      ['SRS001', 'SRS', 'Bolus check', true],
      ['SRS002', 'SRS', 'Watchdog', true],
      ['SRS003', 'SRS', '', true],
      ['SRS004', 'SRS', 'Occlusion alarm', true],
      ['SYS001', 'SYS', 'Infusion', true],
      ['SYS002', 'SYS', 'Bolus limit', true],
      ['SYS003', 'SYS', '', true],
      ['SYS004', 'SYS', 'Dropped: remote control', false],
      ['TST001', 'TST', 'Bolus above the limit', true],
      ['TST002', 'TST', 'Occlusion stops the motor', true],
    ]);
    expect(r.summary.coverage).toEqual({
      'child-SRS': { covered: 1, total: 2 },
      'child-TST': { covered: 2, total: 4 },
    });
    // Doorstop's stamps are kept on the link entries, never compared.
    const srs1 = r.items.find((i) => i.id === 'SRS001')!;
    expect(srs1.links.map((l) => [l.type, l.target, l.stamp])).toEqual([
      ['links', 'SYS002', '6a3f0d2c1b9e8f7a6d5c4b3a2f1e0d9c'],
    ]);
    expect(srs1.fields.get('reviewed')?.value).toBe('0f9e8d7c6b5a49382716a5b4c3d2e1f0');
    // Nothing renamed or rewritten.
    expect(snapshot(TREE)).toEqual(before);
  });

  it("takes a YAML item's body from `text`: fingerprint and body references with exact ranges", async () => {
    const ws = {
      'tracespine.yaml': 'preset: doorstop\n',
      'a/.doorstop.yml': doc('A'),
      'a/A001.yml': md('header: One', 'text: |', '  Mentions A002 and A099.', '  Second line.'),
      'a/A002.yml': md('text: Plain A001'),
      'a/A003.yml': md('text: [not, text]'),
      'a/notes.yml': md('text: not an item'),
    };
    const r = await check(ws);
    expect(r.findings.map(brief)).toEqual([
      'a/A001.yml:3:21-3:25 warning ref.unknown-id',
      'a/A003.yml:1:7-1:18 error item.invalid-field',
    ]);
    const a2 = r.items.find((i) => i.id === 'A002')!;
    // The same title and body as a Markdown item gives the same fingerprint (SPEC section 4).
    const { fingerprint } = await import('../../src/core/graph/fingerprint');
    expect(a2.fingerprint).toBe(fingerprint('', 'Plain A001', {}));
    expect(r.index.get('a/A001.yml')!.references.map((x) => x.id)).toEqual(['A002', 'A099']);
  });

  it('derived: true needs no parent link; normative: false needs no child; active: false is retired', async () => {
    const ws = {
      'tracespine.yaml': 'preset: doorstop\n',
      'p/.doorstop.yml': doc('P'),
      'p/P001.yml': md('normative: false', 'text: heading'),
      'p/P002.yml': md('active: false', 'text: gone'),
      'p/P003.yml': md('text: needs a child'),
      'p/c/.doorstop.yml': doc('C', 'P'),
      'p/c/C001.yml': md('derived: true', 'text: own'),
      'p/c/C002.yml': md('text: no parent'),
      'p/c/C003.yml': md('links: [P002]', 'text: to a retired parent'),
    };
    expect(await findings(ws)).toEqual([
      'p/P003.yml:1:1-1:1 warning coverage.child-C',
      'p/c/C002.yml:1:1-1:1 warning link.missing',
      'p/c/C003.yml:1:9-1:13 warning link.obsolete-target',
    ]);
  });

  it('reports a parent no document has, a prefix used twice and a broken .doorstop.yml at their positions', async () => {
    const ws = {
      'tracespine.yaml': 'preset: doorstop\n',
      'a/.doorstop.yml': doc('A', 'ZZZ'),
      'b/.doorstop.yml': doc('A'),
      'c/.doorstop.yml': md('settings:', '  prefix: [x]'),
      'd/.doorstop.yml': md('settings: {prefix: D', ''),
      'a/A001.yml': md('text: t'),
    };
    const r = await check(ws);
    expect(r.findings.map((f) => `${brief(f)} ${f.message}`)).toEqual([
      "a/.doorstop.yml:3:11-3:14 error config.invalid Parent document 'ZZZ' is not in the tree (A)",
      "b/.doorstop.yml:3:11-3:12 error config.invalid Document prefix 'A' is the prefix of a/.doorstop.yml too",
      "c/.doorstop.yml:2:11-2:14 error config.invalid 'settings.prefix' must be text",
      expect.stringMatching(
        /^d\/\.doorstop\.yml:\d+:\d+-\d+:\d+ error config\.invalid \.doorstop\.yml is not valid YAML: /,
      ),
    ]);
  });

  it('needs no pass of its own: the documents come from the one listing', async () => {
    const run = async (files: Record<string, string>): Promise<{ listings: number; reads: string[] }> => {
      let listings = 0;
      const reads: string[] = [];
      const host = new MemoryHost(files);
      await checkWorkspace({
        listFiles: (w: (p: string) => boolean, s: (d: string) => boolean) => {
          listings++;
          return host.listFiles(w, s);
        },
        readFile: (p: string) => {
          reads.push(p);
          return host.readFile(p);
        },
      });
      return { listings, reads };
    };
    const own = md(
      'items: ["**/*.yml"]',
      'id_from: filename',
      'kinds: { A: { pattern: "^A\\\\d+$" } }',
      'links: {}',
      'required: []',
      'coverage: []',
      'code_tags: {}',
    );
    const plain = await run({ 'tracespine.yaml': own, 'a/A001.yml': 'text: t\n' });
    const tree = await run({
      'tracespine.yaml': 'preset: doorstop\n',
      'a/.doorstop.yml': doc('A'),
      'a/A001.yml': 'text: t\n',
    });
    expect(tree.listings).toBe(plain.listings);
    // The same reads as without the preset, and each document's .doorstop.yml once, before the items.
    expect(tree.reads.filter((p) => p !== 'a/.doorstop.yml')).toEqual(plain.reads);
    expect(tree.reads.indexOf('a/.doorstop.yml')).toBe(plain.reads.indexOf('a/A001.yml'));
    expect(tree.reads.filter((p) => p === 'a/.doorstop.yml')).toHaveLength(1);
  });
});
