import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check';
import { validateSarif } from '../support/sarifValidator';

const repo = resolve(__dirname, '../..');
const workspaces = {
  'the bundled example': join(repo, 'examples/infusion-pump'),
  'the golden fixture': join(repo, 'test/fixtures/golden/ws'),
  'the editor fixture': join(repo, 'test/fixtures/workspace'),
  'the server fixture': join(repo, 'test/fixtures/server-ws'),
  'the deviations fixture (suppressions)': join(repo, 'test/fixtures/deviations'),
};

interface Log {
  runs: {
    originalUriBaseIds: Record<string, { description: { text: string } }>;
    tool: { driver: { rules: { id: string; defaultConfiguration: Record<string, unknown> }[] } };
    results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[];
  }[];
}

describe("SARIF passes Microsoft's validator with the GitHub rules", () => {
  for (const [name, dir] of Object.entries(workspaces)) {
    it(`on ${name}: no errors, no warnings`, { timeout: 120_000 }, async () => {
      const out = await runCheck(['.', '--format', 'sarif'], dir);
      expect(validateSarif(out.stdout)).toEqual([]);
    });
  }

  it(
    'the validator is not a check that cannot fail: the old rule shape gives GH2012 errors',
    { timeout: 120_000 },
    async () => {
      const out = await runCheck(['.', '--format', 'sarif'], workspaces['the golden fixture']);
      const log = JSON.parse(out.stdout) as { runs: { tool: { driver: { rules: Record<string, unknown>[] } } }[] };
      for (const rule of log.runs[0]!.tool.driver.rules) {
        delete rule.fullDescription;
        delete rule.help;
      }
      const complaints = validateSarif(JSON.stringify(log));
      expect(complaints.length).toBeGreaterThan(0);
      expect(new Set(complaints.map((c) => c.rule))).toEqual(new Set(['GH2012']));
    },
  );

  it(
    'file names with #, ?, % and spaces stay one path; a rule set off is disabled, not level none',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ts-sarif-'));
      mkdirSync(join(dir, 'design #1'));
      writeFileSync(join(dir, 'design #1', 'REQ-1 ?100%.md'), '---\nid: REQ-1\ntitle: R\nderives_from: [UN-9]\n---\n');
      writeFileSync(join(dir, 'tracespine.yaml'), 'rules: { coverage.unverified: off }\n');
      const out = await runCheck(['.', '--format', 'sarif'], dir);
      const log = JSON.parse(out.stdout) as Log;
      const run = log.runs[0]!;
      const uris = run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
      expect(uris).toContainEqual({ uri: 'design%20%231/REQ-1%20%3F100%25.md', uriBaseId: '%SRCROOT%' });
      expect(Object.keys(run.originalUriBaseIds)).toEqual(['%SRCROOT%']);
      const base = `${pathToFileURL(dir).href}/`;
      expect(decodeURIComponent(new URL(uris[0]!.uri, base).pathname)).toBe(join(dir, 'design #1', 'REQ-1 ?100%.md'));
      const off = run.tool.driver.rules.find((r) => r.id === 'coverage.unverified')!;
      expect(off.defaultConfiguration).toEqual({ enabled: false });
      expect(validateSarif(out.stdout)).toEqual([]);
    },
  );
});
