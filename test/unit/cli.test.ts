import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check';
import { UsageError } from '../../src/cli/args';

const fixture = resolve(__dirname, '../fixtures/golden/ws');
const goldenDir = resolve(__dirname, '../fixtures/golden');

/** Output with the machine-specific root replaced, compared with (or, with UPDATE_GOLDEN=1, written to) a golden file. */
function golden(name: string, actual: string): void {
  const normalized = actual.split(fixture).join('<ROOT>');
  const file = join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, normalized);
  expect(normalized).toBe(readFileSync(file, 'utf8'));
}

describe('tracespine check output formats (golden)', () => {
  for (const [format, ext] of [
    ['text', 'txt'],
    ['json', 'json'],
    ['sarif', 'sarif'],
    ['github', 'github.txt'],
  ] as const) {
    it(`--format ${format}`, async () => {
      const out = await runCheck(['.', '--format', format], fixture);
      expect(out.exitCode).toBe(1);
      golden(`expected.${ext}`, out.stdout);
    });
  }

  it('json follows the versioned shape of SPEC section 6', async () => {
    const out = await runCheck([fixture, '--format', 'json'], '/');
    const report = JSON.parse(out.stdout) as {
      version: number;
      root: string;
      diagnostics: Record<string, unknown>[];
      items: Record<string, unknown>[];
    };
    expect(report.version).toBe(1);
    expect(report.root).toBe(fixture);
    // File paths in JSON are relative to ROOT whatever the current directory.
    expect(report.diagnostics.map((d) => d.file)).toContain('design/TST-1.md');
    expect(report.items.find((i) => i.id === 'HAZ-1')).toEqual({
      id: 'HAZ-1',
      kind: 'hazard',
      title: 'Over-infusion',
      status: 'draft',
      file: 'design/HAZ-1.md',
      line: 2,
      fingerprint: '10092090',
    });
  });

  it('sarif is structurally valid SARIF 2.1.0 with one rule per code', async () => {
    const out = await runCheck(['.', '--format', 'sarif'], fixture);
    const log = JSON.parse(out.stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
    };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('coverage.unverified');
    for (const r of run.results) expect(ids[r.ruleIndex]).toBe(r.ruleId);
    // A minimal schema check of the parts code scanning reads.
    const schema = {
      type: 'object',
      required: ['version', 'runs'],
      properties: {
        runs: {
          type: 'array',
          items: {
            type: 'object',
            required: ['tool', 'results'],
            properties: {
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['ruleId', 'level', 'message', 'locations'],
                  properties: {
                    level: { enum: ['error', 'warning', 'note', 'none'] },
                    message: { type: 'object', required: ['text'] },
                  },
                },
              },
            },
          },
        },
      },
    };
    expect(new Ajv().validate(schema, log)).toBe(true);
  });
});

describe('exit codes', () => {
  it('0 when only warnings, 1 when --max-warnings is exceeded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-exit-'));
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd/REQ-1.md'), '---\nid: REQ-1\ntitle: R\n---\n');
    expect((await runCheck([dir])).exitCode).toBe(0);
    expect((await runCheck([dir, '--max-warnings', '1'])).exitCode).toBe(1); // link.missing + coverage.unverified
    expect((await runCheck([dir, '--max-warnings', '2'])).exitCode).toBe(0);
  });

  it('1 with errors', async () => {
    expect((await runCheck([fixture])).exitCode).toBe(1);
  });

  it('2 with an invalid configuration, still reporting it in the chosen format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-cfg-'));
    writeFileSync(join(dir, 'tracespine.yaml'), 'version: 1\nkinds: [oops]\n');
    const out = await runCheck([dir, '--format', 'json']);
    expect(out.exitCode).toBe(2);
    const report = JSON.parse(out.stdout) as {
      diagnostics: { code: string; file: string; line: number; column: number }[];
    };
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ code: 'config.invalid', file: 'tracespine.yaml', line: 2, column: 8 }),
    ]);
  });

  it('--config points at another file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-cfg2-'));
    writeFileSync(join(dir, 'policy.yaml'), 'rules: { link.missing: off, coverage.unverified: off }\n');
    writeFileSync(join(dir, 'REQ-1.md'), '---\nid: REQ-1\ntitle: R\n---\n');
    const out = await runCheck([dir, '--config', join(dir, 'policy.yaml'), '--max-warnings', '0']);
    expect(out.stdout).toContain('0 errors, 0 warnings');
    expect(out.exitCode).toBe(0);
  });

  it('usage errors throw UsageError (exit 2 in main)', async () => {
    await expect(runCheck(['--format', 'xml'])).rejects.toBeInstanceOf(UsageError);
    await expect(runCheck(['--max-warnings', '-1'])).rejects.toBeInstanceOf(UsageError);
    await expect(runCheck(['--bogus'])).rejects.toBeInstanceOf(UsageError);
    await expect(runCheck(['/nonexistent/dir'])).rejects.toBeInstanceOf(UsageError);
    await expect(runCheck(['.', 'extra'])).rejects.toBeInstanceOf(UsageError);
    await expect(runCheck(['--config', '/nonexistent.yaml'])).rejects.toBeInstanceOf(UsageError);
  });
});
