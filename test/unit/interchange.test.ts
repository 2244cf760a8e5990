import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExport } from '../../src/cli/export';
import { runImport } from '../../src/cli/import';
import { checkWorkspace, type CheckResult } from '../../src/core/engine';
import { NodeFsHost } from '../../src/node/fsHost';
import { brief } from './memoryHost';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'tracespine-import-'));
  dirs.push(d);
  return d;
}
async function checkDir(root: string): Promise<CheckResult> {
  const host = new NodeFsHost(root);
  try {
    return await checkWorkspace(host);
  } finally {
    host.dispose();
  }
}
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}
const norm = (s: string): string =>
  s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim();
/** What an item is, apart from where it is written. */
function essence(r: CheckResult): unknown[] {
  return r.items.map((i) => ({
    id: i.id,
    kind: i.kind,
    title: i.title,
    status: i.status,
    body: norm(i.body ?? ''),
    fingerprint: i.fingerprint,
    links: i.links.map((l) => `${l.type} ${l.target}${l.pin ? `@${l.pin}` : ''}`),
  }));
}
const FIX = 'test/fixtures/reqif/import';

describe('tracespine import reqif', () => {
  it('reads a DOORS file: XHTML values, integer IDs, enumerations, relations, hierarchy; reports the rest', async () => {
    const into = join(tmp(), 'out');
    const r = await runImport(['reqif', `${FIX}/doors.reqif`, '--into', into]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        `wrote ${into}/Software_Requirement/SR-12.md`,
        `wrote ${into}/Software_Requirement/SR-13.md`,
        `wrote ${into}/tracespine.yaml`,
        `imported 2 items into ${into}`,
        'not mapped:',
        `  ${FIX}/doors.reqif:51:13: '12' (Software Requirement) is a number, not an ID: imported as SR-12`,
        `  ${FIX}/doors.reqif:71:13: '13' (Software Requirement) is a number, not an ID: imported as SR-13`,
        `  ${FIX}/doors.reqif:78:13: enumeration value '_ev_medium' is not defined: left out`,
        `  ${FIX}/doors.reqif:92:9: SPEC-RELATION '_r2': target '_o_other_module' is not an imported object: not imported`,
        `  ${FIX}/doors.reqif:102:13: the document structure (SPEC-HIERARCHY) is not mapped: one file per item, in a folder per kind`,
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(into, 'Software_Requirement/SR-12.md'), 'utf8')).toBe(
      [
        '---',
        'id: SR-12',
        'title: Bolus limit',
        'Priority: High',
        '---',
        'The pump **shall** refuse a bolus above the limit.',
        '',
        '- programmed limit',
        '- drug library limit',
        '',
      ].join('\n'),
    );
    const c = await checkDir(into);
    expect(c.configInvalid).toBe(false);
    expect(c.items.map((i) => [i.id, i.kind, i.links.map((l) => `${l.type} ${l.target}`)])).toEqual([
      ['SR-12', 'Software_Requirement', []],
      ['SR-13', 'Software_Requirement', ['satisfies SR-12']],
    ]);
    // The object without a heading has no title: a true finding, at its id.
    expect(c.findings.map(brief)).toEqual(['Software_Requirement/SR-13.md:2:5-2:10 warning item.missing-title']);
  });

  it('reads a Polarion file with namespace prefixes, an enumerated status and a dangling datatype', async () => {
    const into = join(tmp(), 'out');
    const r = await runImport(['reqif', `${FIX}/polarion.reqif`, '--into', into]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').slice(-3)).toEqual([
      'not mapped:',
      `  ${FIX}/polarion.reqif:29:13: attribute 'Assignee' names datatype 'dt-missing', which the file does not define`,
      '',
    ]);
    const c = await checkDir(into);
    expect(c.items.map((i) => [i.id, i.title, i.status, i.fields.get('Assignee')?.value ?? null])).toEqual([
      ['DRP-101', 'Occlusion alarm', 'approved', null],
      ['DRP-102', 'Pressure sensor', 'draft', 'j.doe'],
    ]);
    expect(norm(c.items[0]!.body!)).toBe('Stop within 2 s.\nSound the alarm.');
    expect(c.findings.map(brief)).toEqual([]);
  });

  it('reads what comes before XML that is not well-formed, and says where it stopped', async () => {
    const into = join(tmp(), 'out');
    const r = await runImport(['reqif', `${FIX}/truncated.reqif`, '--into', into]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`wrote ${into}/requirement/DRP-101.md\n`);
    expect(r.stdout).toContain(
      `  ${FIX}/truncated.reqif:44:39: not well-formed XML, reading stopped here: unquoted attribute value.\n`,
    );
  });

  it('never overwrites: with any file in the way nothing is written, and the file is named', async () => {
    const into = join(tmp(), 'out');
    expect((await runImport(['reqif', `${FIX}/polarion.reqif`, '--into', into])).exitCode).toBe(0);
    const before = tree(into);
    const again = await runImport(['reqif', `${FIX}/polarion.reqif`, '--into', into]);
    expect(again.exitCode).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(
      `tracespine: import never overwrites a file; nothing written. In the way:\n  ${into}/requirement/DRP-101.md\n  ${into}/requirement/DRP-102.md\n  ${into}/tracespine.yaml\n`,
    );
    expect(tree(into)).toEqual(before);
  });

  it('export reqif, then import reqif: the same items (IDs, titles, kinds, statuses, bodies, links, fingerprints)', async () => {
    const d = tmp();
    const file = join(d, 'design.reqif');
    expect((await runExport(['reqif', 'test/fixtures/golden/ws', '--out', file])).exitCode).toBe(0);
    const into = join(d, 'ws');
    expect((await runImport(['reqif', file, '--into', into])).exitCode).toBe(0);
    const source = await checkDir('test/fixtures/golden/ws');
    const back = await checkDir(into);
    // The link to REQ-999, which no item defines, cannot travel (export says so).
    const expected = essence(source).map((i) => {
      const item = i as { links: string[] };
      return { ...item, links: item.links.filter((l) => !l.includes('REQ-999')) };
    });
    expect(essence(back)).toEqual(expected);
    for (const i of source.items) {
      const j = back.items.find((x) => x.id === i.id)!;
      const fields = (it: typeof i): Record<string, unknown> =>
        Object.fromEntries(
          [...it.fields]
            .filter(([k]) => !['id', 'title', 'status', ...source.config.links.keys()].includes(k))
            .map(([k, v]) => [k, v.value]),
        );
      expect(fields(j)).toEqual(fields(i));
    }
    // And again: the second export of the imported design has the same objects and relations
    // (its types differ: kinds without items are not imported).
    const file2 = join(d, 'again.reqif');
    expect((await runExport(['reqif', into, '--out', file2])).exitCode).toBe(0);
    const objects = (f: string): string => {
      const x = readFileSync(f, 'utf8');
      return x.slice(x.indexOf('<SPEC-OBJECTS>'), x.indexOf('</SPEC-RELATIONS>'));
    };
    expect(objects(file2)).toBe(objects(file));
  });

  it('is deterministic: the same file gives byte-identical trees', async () => {
    const [a, b] = [join(tmp(), 'a'), join(tmp(), 'b')];
    await runImport(['reqif', `${FIX}/doors.reqif`, '--into', a]);
    await runImport(['reqif', `${FIX}/doors.reqif`, '--into', b]);
    expect(tree(a)).toEqual(tree(b));
  });
});

describe('tracespine import doorstop', () => {
  it('writes native items that check as the preset checked the tree, and reports what it does not map', async () => {
    const into = join(tmp(), 'out');
    const r = await runImport(['doorstop', 'test/fixtures/doorstop/tree', '--into', into]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').slice(-5)).toEqual([
      'not mapped:',
      '  README.md:1:1: not an item (no UID as its name): not imported',
      "  srs/.doorstop.yml:7:1: 'attributes' (Doorstop's defaults, reviewed and publish settings) is not mapped",
      "  test/fixtures/doorstop/tree: Doorstop's stamps ('links' entries, 'reviewed') are kept as they are, not compared",
      '',
    ]);
    const original = await checkDir('test/fixtures/doorstop/tree');
    const imported = await checkDir(into);
    const same = (c: CheckResult): string[] =>
      c.findings.map((f) => `${f.severity} ${f.code} ${f.itemId ?? ''} ${f.target ?? ''} ${f.message}`);
    expect(same(imported)).toEqual(same(original));
    expect(essence(imported)).toEqual(essence(original));
    expect(imported.summary.coverage).toEqual(original.summary.coverage);
    expect(imported.findings.map(brief)).toEqual([
      'srs/SRS002.md:2:5-2:11 warning coverage.child-TST',
      'srs/SRS003.md:2:5-2:11 warning coverage.child-TST',
      'srs/SRS003.md:7:5-7:11 error link.unknown-target',
      'srs/SRS004.md:2:5-2:11 warning link.missing',
      'sys/SYS003.md:2:5-2:11 warning coverage.child-SRS',
    ]);
  });
});
