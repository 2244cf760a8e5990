import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args';
import { runMatrix } from '../../src/cli/matrix';
import { runCheck } from '../../src/cli/check';
import { loadConfig } from '../../src/core/config/load';
import { TraceIndex } from '../../src/core/traceIndex';
import { linkRows, matrixTable } from '../../src/core/matrix/matrix';
import { csvField } from '../../src/node/matrix/text';

/** Debian's Python, where apt's python3-openpyxl lives (.ci/run installs it). */
const DEBIAN_PYTHON = '/usr/bin/python3';
const fixture = resolve(__dirname, '../fixtures/matrix/ws');
const goldenDir = resolve(__dirname, '../fixtures/matrix');

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** A minimal RFC 4180 reader, for round trips. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

describe('tracespine matrix (golden, every view and format)', () => {
  for (const view of ['links', 'requirements', 'hazards', 'needs']) {
    it(`--view ${view} --format csv`, async () => {
      const out = await runMatrix([fixture, '--view', view], '/');
      expect(out.exitCode).toBe(0);
      golden(`${view}.csv`, out.stdout);
    });
  }
  for (const [format, ext] of [
    ['markdown', 'md'],
    ['json', 'json'],
    ['html', 'html'],
  ] as const) {
    it(`--format ${format}`, async () => {
      const out = await runMatrix(['.', '--format', format], fixture);
      expect(out.exitCode).toBe(0);
      golden(`links.${ext}`, out.stdout);
    });
  }
  it('--format markdown of the hazards view', async () => {
    golden('hazards.md', (await runMatrix(['.', '--view', 'hazards', '--format', 'markdown'], fixture)).stdout);
  });
});

describe('the links view', () => {
  it('has the columns of SPEC 10, RFC 4180 quoting, LF line ends and UTF-8', async () => {
    const csv = (await runMatrix([fixture])).stdout;
    expect(csv.split('\n')[0]).toBe('from_id,from_kind,from_title,link,to_id,to_kind,to_title,state,evidence');
    expect(csv).not.toContain('\r');
    expect(csv).toContain(
      'REQ-10,requirement,"Rate, ""bolus"" and <limits>",derives_from,REQ-2,requirement,Occlusion alarm,ok,\n',
    );
    expect(csv).toContain(
      'REQ-1,requirement,Débit maximal — ≤ 999 mL/h,mitigates,HAZ-1,hazard,Over-infusion,suspect,\n',
    );
    expect(parseCsv(csv).every((r) => r.length === 9)).toBe(true);
    expect(csvField('a\nb')).toBe('"a\nb"');
  });

  it('gives every state, gap rows for unmet rules, code tags as path:line, natural ID order', async () => {
    const rows = parseCsv((await runMatrix([fixture])).stdout).slice(1);
    const states = new Set(rows.map((r) => r[7]));
    expect([...states].sort()).toEqual(['dangling', 'gap', 'obsolete', 'ok', 'suspect', 'wrong-kind']);
    expect(rows.filter((r) => r[7] === 'gap').map((r) => `${r[0]} ${r[3]}`)).toEqual([
      'HAZ-2 coverage.unmitigated',
      'HAZ-3 coverage.unmitigated',
      'REQ-4 link.missing',
      'REQ-4 coverage.unverified',
      'UN-2 coverage.unrefined',
      'UN-2 coverage.unvalidated',
    ]);
    for (const g of rows.filter((r) => r[7] === 'gap')) expect(g.slice(4, 7)).toEqual(['', '', '']);
    const ids = [...new Set(rows.map((r) => r[0]))];
    expect(ids).toEqual([
      'HAZ-2',
      'HAZ-3',
      'REQ-1',
      'REQ-2',
      'REQ-4',
      'REQ-5',
      'REQ-10',
      'TST-1',
      'UN-2',
      'VAL-1',
      'src/pump.c:1',
      'src/pump.c:3',
      'test/pump.test.ts:1',
      'test/pump.test.ts:3',
    ]);
    expect(rows.find((r) => r[0] === 'src/pump.c:3')).toEqual([
      'src/pump.c:3',
      'code',
      '',
      '@implements',
      'REQ-404',
      '',
      '',
      'dangling',
      '',
    ]);
  });

  it('has one gap row per finding of link.missing and coverage.*, whatever the rules turn off', async () => {
    const report = JSON.parse((await runCheck([fixture, '--format', 'json'])).stdout) as {
      diagnostics: { code: string; itemId?: string }[];
    };
    const fromCheck = report.diagnostics
      .filter((d) => d.code === 'link.missing' || d.code.startsWith('coverage.'))
      .map((d) => `${d.itemId} ${d.code}`)
      .sort();
    const rows = parseCsv((await runMatrix([fixture])).stdout)
      .filter((r) => r[7] === 'gap')
      .map((r) => `${r[0]} ${r[3]}`)
      .sort();
    expect(rows).toEqual(fromCheck);
    const config = loadConfig('rules: { coverage.unrefined: off, link.missing: off }').config;
    const index = new TraceIndex(config);
    index.update('a/UN-1.md', '---\nid: UN-1\ntitle: A\n---\n');
    index.update('a/REQ-1.md', '---\nid: REQ-1\ntitle: B\n---\n');
    expect(linkRows(index).map((r) => `${r[0]} ${r[3]}`)).toEqual([
      'REQ-1 coverage.unverified',
      'UN-1 coverage.unvalidated',
    ]);
  });

  it('fills the evidence column from the evidence input where a verifies link or gap applies', () => {
    const index = new TraceIndex(loadConfig(undefined).config);
    index.update('d/REQ-1.md', '---\nid: REQ-1\ntitle: R\nderives_from: UN-1\n---\n');
    index.update('d/UN-1.md', '---\nid: UN-1\ntitle: U\n---\n');
    index.update('d/TST-1.md', '---\nid: TST-1\ntitle: T\nverifies: REQ-1\n---\n');
    index.update('t.test.ts', '// @verifies REQ-1\n');
    const status = (id: string) =>
      id === 'REQ-1' ? ('failed' as const) : id === 'UN-1' ? ('none' as const) : undefined;
    const rows = matrixTable(index, 'links', { evidence: { status, json: {}, failed: 1, stale: 0 } }).rows;
    expect(rows.map((r) => `${r[0]} ${r[3]} ${r[8]}`)).toEqual([
      'REQ-1 derives_from ',
      'TST-1 verifies failed',
      'UN-1 coverage.unvalidated none',
      't.test.ts:1 @verifies failed',
    ]);
    expect(
      matrixTable(index, 'requirements', { evidence: { status, json: {}, failed: 1, stale: 0 } }).rows[0]![5],
    ).toBe('failed');
  });
});

describe('tracespine matrix usage', () => {
  it('rejects unknown views and formats, xlsx to standard output, and an existing --out (never overwritten)', async () => {
    await expect(runMatrix([fixture, '--view', 'tests'])).rejects.toThrow(UsageError);
    await expect(runMatrix([fixture, '--format', 'pdf'])).rejects.toThrow(UsageError);
    await expect(runMatrix([fixture, '--format', 'xlsx'])).rejects.toThrow(/needs --out/);
    const dir = mkdtempSync(join(tmpdir(), 'ts-matrix-'));
    writeFileSync(join(dir, 'm.csv'), 'mine');
    await expect(runMatrix([fixture, '--out', 'm.csv'], dir)).rejects.toThrow(/exists/);
    expect(readFileSync(join(dir, 'm.csv'), 'utf8')).toBe('mine');
  });

  it('writes --out and says what it wrote; --results feeds the evidence column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-matrix-'));
    const out = await runMatrix([fixture, '--out', 'm.md', '--format', 'markdown', '--results', 'r/*.xml'], dir);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe('wrote m.md (markdown, the links view)\n');
    // No result file matched: the rows are those of the golden page, and what tests verify is
    // 'missing' evidence (verified by links, no result), never left blank or called passed.
    const page = readFileSync(join(dir, 'm.md'), 'utf8');
    expect(page.split('\n')).toHaveLength(readFileSync(join(goldenDir, 'links.md'), 'utf8').split('\n').length);
    expect(page).toMatch(/\| missing \|$/m);
    expect(page).not.toMatch(/\| passed \|$/m);
  });

  it('an invalid configuration is exit 2 with its position', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-matrix-'));
    writeFileSync(join(dir, 'tracespine.yaml'), 'risk:\n  kind: nothing\n');
    const out = await runMatrix([dir], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toBe(
      "tracespine: tracespine.yaml:2:9: invalid configuration: risk policy names kind 'nothing', which is not configured (run 'tracespine check' for every problem)\n",
    );
  });
});

/** openpyxl gives a row as wide as the sheet's widest, without trailing empty cells where the row is shorter. */
function pad(row: readonly string[], width: number): string[] {
  const out = row.slice(0, width);
  while (out.length < width) out.push('');
  return out;
}

describe('tracespine matrix --format xlsx', () => {
  it('is a workbook an independent reader (openpyxl) reads back cell by cell as the CSV of each view', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-xlsx-'));
    const out = await runMatrix([fixture, '--format', 'xlsx', '--out', 'm.xlsx'], dir);
    expect(out.stderr).toBe('wrote m.xlsx (xlsx, a workbook of every view, Gaps and Legend)\n');
    const py = [
      'import json, sys, openpyxl',
      'wb = openpyxl.load_workbook(sys.argv[1], read_only=True)',
      'print(json.dumps({ws.title: [["" if c is None else c for c in row] for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}))',
    ].join('\n');
    const read = JSON.parse(
      execFileSync(DEBIAN_PYTHON, ['-c', py, join(dir, 'm.xlsx')], { encoding: 'utf8' }),
    ) as Record<string, string[][]>;
    expect(Object.keys(read)).toEqual(['Links', 'Requirements', 'Hazards', 'Needs', 'Gaps', 'Legend']);
    for (const [sheet, view] of [
      ['Links', 'links'],
      ['Requirements', 'requirements'],
      ['Hazards', 'hazards'],
      ['Needs', 'needs'],
    ] as const) {
      const csv = parseCsv((await runMatrix([fixture, '--view', view])).stdout);
      const width = csv[0]!.length;
      expect(read[sheet]!.map((r) => pad(r, width))).toEqual(csv);
    }
    const links = parseCsv((await runMatrix([fixture])).stdout);
    expect(read.Gaps!.slice(1).map((r) => pad(r, 9))).toEqual(links.slice(1).filter((r) => r[7] === 'gap'));
    expect(read.Legend!.map((r) => r[1])).toContain('wrong-kind');
  });

  it('is byte-identical when written again, in another time zone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-xlsx-'));
    const cli = resolve(__dirname, '../../bin/tracespine.js');
    for (const [name, tz] of [
      ['a.xlsx', 'UTC'],
      ['b.xlsx', 'Pacific/Kiritimati'],
    ] as const) {
      execFileSync(process.execPath, [cli, 'matrix', fixture, '--format', 'xlsx', '--out', name], {
        cwd: dir,
        env: { ...process.env, TZ: tz, NODE_OPTIONS: '' },
      });
    }
    expect(readFileSync(join(dir, 'a.xlsx')).equals(readFileSync(join(dir, 'b.xlsx')))).toBe(true);
  });
});
