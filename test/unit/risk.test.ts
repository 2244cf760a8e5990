import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load';
import { TraceIndex } from '../../src/core/traceIndex';
import { hazardRisk, riskLevel } from '../../src/core/matrix/risk';
import { validateIndex } from '../../src/core/validate/validator';
import { formatSarif } from '../../src/cli/format/sarif';
import { checkWorkspace } from '../../src/core/engine';
import { MemoryHost } from './memoryHost';

const POLICY = `risk:
  unacceptable:
    catastrophic: [remote, occasional, probable, frequent]
    critical: [occasional, probable, frequent]
  alarp:
    critical: [remote]
`;

function hazard(fields: string, status = 'draft'): string {
  return `---\nid: HAZ-1\ntitle: Over-infusion\nstatus: ${status}\nseverity: critical\n${fields}---\n`;
}

function findings(configText: string, text: string) {
  const loaded = loadConfig(configText);
  expect(loaded.findings).toEqual([]);
  const index = new TraceIndex(loaded.config);
  index.update('HAZ-1.md', text);
  index.update('REQ-1.md', '---\nid: REQ-1\ntitle: R\nmitigates: HAZ-1\n---\n');
  return validateIndex(index).findings.filter((f) => f.code.startsWith('risk.') || f.code === 'config.invalid');
}

describe('the risk policy', () => {
  it('risk.unacceptable on the residual probability, when the residual risk is unacceptable and unjustified', () => {
    const text = hazard('probability: frequent\nresidual_probability: occasional\n');
    expect(findings(POLICY, text)).toEqual([
      {
        code: 'risk.unacceptable',
        severity: 'error',
        message:
          "HAZ-1's residual risk (critical × occasional) is unacceptable under the risk policy, and no benefit-risk justification is recorded in 'benefit_risk'",
        file: 'HAZ-1.md',
        range: { start: { line: 6, character: 22 }, end: { line: 6, character: 32 } },
        itemId: 'HAZ-1',
      },
    ]);
  });

  it('uses the initial probability where no residual one is recorded; a justification, ALARP or acceptable risk, obsolete hazards: no finding', () => {
    expect(findings(POLICY, hazard('probability: probable\n')).map((f) => f.range.start)).toEqual([
      { line: 5, character: 13 },
    ]);
    expect(findings(POLICY, hazard('probability: probable\nbenefit_risk: Outweighed by the therapy.\n'))).toEqual([]);
    expect(findings(POLICY, hazard('probability: probable\nresidual_probability: remote\n'))).toEqual([]);
    expect(findings(POLICY, hazard('probability: improbable\n'))).toEqual([]);
    expect(findings(POLICY, hazard('probability: probable\n', 'obsolete'))).toEqual([]);
  });

  it('names its fields and kind in the configuration', () => {
    const config = `${POLICY}  fields: { residual_probability: p_after, justification: why }\n`;
    expect(findings(config, hazard('probability: remote\np_after: frequent\n')).map((f) => f.message)).toEqual([
      "HAZ-1's residual risk (critical × frequent) is unacceptable under the risk policy, and no benefit-risk justification is recorded in 'why'",
    ]);
    const c = loadConfig(config).config;
    expect(riskLevel(c.risk!, 'critical', 'remote')).toBe('alarp');
    expect(riskLevel(c.risk!, 'minor', 'frequent')).toBe('acceptable');
    const index = new TraceIndex(c);
    const item = index.update('HAZ-1.md', hazard('probability: remote\np_after: improbable\nwhy: fine\n'))!.item!;
    expect(hazardRisk(c, item).cells).toEqual(['critical', 'improbable', 'acceptable', 'fine']);
  });

  it('is config.invalid, at its position, for an unknown kind, severity or probability, or an unknown key', () => {
    const bad = (text: string) =>
      loadConfig(text).findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
    expect(bad('risk:\n  kind: nothing\n')).toEqual(["2:9 risk policy names kind 'nothing', which is not configured"]);
    expect(bad('risk:\n  unacceptable:\n    deadly: [often]\n')).toEqual([
      "3:5 risk.unacceptable names severity 'deadly', which kinds.hazard.fields.severity does not allow",
      "3:14 risk.unacceptable.deadly names probability 'often', which kinds.hazard.fields.probability does not allow",
    ]);
    expect(bad('risk:\n  matrix: {}\n')).toEqual(["2:3 unknown key 'matrix' in 'risk'"]);
  });

  it('without a risk key: no risk evaluation, and SARIF does not list the code', async () => {
    expect(loadConfig(undefined).config.risk).toBeUndefined();
    expect(findings('version: 1\n', hazard('probability: frequent\n'))).toEqual([]);
    const sarifOf = async (files: Record<string, string>) => {
      const result = await checkWorkspace(new MemoryHost(files));
      return (
        JSON.parse(formatSarif(result, '/r', '/r')) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] }
      ).runs[0]!.tool.driver.rules.map((r) => r.id);
    };
    expect(await sarifOf({ 'HAZ-1.md': hazard('probability: frequent\n') })).not.toContain('risk.unacceptable');
    expect(await sarifOf({ 'HAZ-1.md': hazard('probability: frequent\n'), 'tracespine.yaml': POLICY })).toContain(
      'risk.unacceptable',
    );
  });
});
