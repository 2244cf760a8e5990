import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExport } from '../../src/cli/export';
import { xmlId } from '../../src/core/interchange/reqifExport';

const SCHEMA_DIR = resolve('test/fixtures/reqif');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'tracespine-reqif-'));
  dirs.push(d);
  return d;
}

/** xmllint --schema against the OMG ReqIF 1.2 XSD, offline (its imports resolved by the catalog). */
function validate(file: string): string {
  return execFileSync('xmllint', ['--noout', '--nonet', '--schema', join(SCHEMA_DIR, 'reqif.xsd'), file], {
    env: { ...process.env, XML_CATALOG_FILES: join(SCHEMA_DIR, 'catalog.xml') },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    const abs = join(dir, p);
    execFileSync('mkdir', ['-p', resolve(abs, '..')]);
    writeFileSync(abs, text);
  }
}

const md = (...l: string[]): string => `${l.join('\n')}\n`;

describe('tracespine export reqif', () => {
  it('writes ReqIF 1.2 that the OMG schema accepts, deterministically, and never overwrites', async () => {
    const out = tmp();
    const file = join(out, 'design.reqif');
    const r = await runExport(['reqif', 'test/fixtures/golden/ws', '--out', file]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      `wrote ${file}: 5 items, 7 kinds\nnot exported: TST-1 verifies REQ-999 (no item defines REQ-999)\n`,
    );
    expect(() => validate(file)).not.toThrow();
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<REQ-IF-VERSION>1.0</REQ-IF-VERSION>');
    expect(xml).toContain(
      '<SPEC-OBJECT-TYPE IDENTIFIER="T-hazard" LONG-NAME="hazard" DESC="Hazard" LAST-CHANGE="1970-01-01T00:00:00Z">',
    );
    expect(xml).toContain('<ATTRIBUTE-DEFINITION-STRING IDENTIFIER="A-hazard.field.severity" LONG-NAME="severity"');
    expect(xml).toMatch(/<SPEC-RELATION IDENTIFIER="SR-REQ-1\.derives_from\.UN-1"/);
    const again = join(out, 'again.reqif');
    await runExport(['reqif', 'test/fixtures/golden/ws', '--out', again]);
    expect(readFileSync(again, 'utf8')).toBe(xml);
    await expect(runExport(['reqif', 'test/fixtures/golden/ws', '--out', file])).rejects.toThrow(
      /exists: export never overwrites/,
    );
  });

  it('derives valid XML IDs from any ID, and the schema rejects a file that breaks them', async () => {
    expect(xmlId('SO-', 'REQ-1')).toBe('SO-REQ-1');
    expect(xmlId('SO-', 'Ä 1/2')).toBe('SO-_x00C4__x0020_1_x002F_2');
    const ws = tmp();
    writeTree(ws, {
      'tracespine.yaml': md(
        'fields: { id: itemId, title: itemTitle }',
        'kinds: { requirement: { pattern: "[A-Z]+ \\\\d+" } }',
        'links: {}',
        'required: []',
        'coverage: []',
        'code_tags: {}',
      ),
      'a.md': md(
        '---',
        'itemId: REQ 1',
        'itemTitle: "<Angle> & \\"quotes\\""',
        'priority: 2',
        '---',
        'Line one',
        'Line two',
      ),
    });
    const file = join(tmp(), 'x.reqif');
    expect((await runExport(['reqif', ws, '--out', file])).exitCode).toBe(0);
    expect(() => validate(file)).not.toThrow();
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('IDENTIFIER="SO-REQ_x0020_1"');
    expect(xml).toContain('THE-VALUE="&lt;Angle&gt; &amp; &quot;quotes&quot;"');
    expect(xml).toContain('THE-VALUE="Line one&#10;Line two&#10;"');
    expect(xml).toContain('THE-VALUE="2"');
    // The same file with an identifier that is not an XML ID: xmllint says no.
    const bad = join(tmp(), 'bad.reqif');
    writeFileSync(bad, xml.replaceAll('SO-REQ_x0020_1', '1 REQ'));
    expect(() => validate(bad)).toThrow();
  });

  it('usage errors: no format, no --out', async () => {
    await expect(runExport([])).rejects.toThrow('export needs a format: reqif');
    await expect(runExport(['reqif', '.'])).rejects.toThrow('export reqif needs --out FILE');
  });
});
