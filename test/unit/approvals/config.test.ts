import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/load';
import { DEFAULT_APPROVALS } from '../../../src/core/approvals/types';

function problems(text: string): string[] {
  return loadConfig(text).findings.map(
    (f) =>
      `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.message}`,
  );
}

describe('approvals and changes in tracespine.yaml', () => {
  it('absent: the defaults of SPEC section 9', () => {
    expect(loadConfig(undefined).config.approvals).toBe(DEFAULT_APPROVALS);
    expect(loadConfig('version: 1\n').config.changes).toEqual([]);
  });

  it('reads roles, rules and change classes', () => {
    const { config, findings } = loadConfig(
      'approvals:\n  dir: records/approvals/\n  roles: {qa: [Alice@Example.com]}\n  require:\n    - {kind: requirement, meanings: ["approved:qa", reviewed], distinct: true}\n' +
        'changes:\n  - {class: safety, when: {kinds: [hazard], severity_at_least: serious}, require: ["reviewed:qa"]}\n  - {class: minor}\n',
    );
    expect(findings).toEqual([]);
    expect(config.approvals.dir).toBe('records/approvals');
    expect([...config.approvals.roles]).toEqual([['qa', ['alice@example.com']]]);
    expect(config.approvals.require).toEqual([
      { kind: 'requirement', statuses: ['approved'], meanings: ['approved:qa', 'reviewed'], distinct: true },
    ]);
    expect(config.changes).toEqual([
      { class: 'safety', kinds: ['hazard'], severityAtLeast: 'serious', require: ['reviewed:qa'] },
      { class: 'minor', require: [] },
    ]);
    expect(config.severityScale).toEqual(['negligible', 'minor', 'serious', 'critical', 'catastrophic']);
  });

  it('names that do not exist are config.invalid at their position', () => {
    expect(
      problems(
        'approvals:\n  signatures: required\n  roles: {qa: [a@x.org]}\n  require:\n    - {kind: widget, statuses: [done], meanings: ["approved:boss", ":qa"]}\n' +
          'changes:\n  - {class: c, when: {kinds: [gadget], severity_at_least: huge}, require: ["ok:nobody"]}\n',
      ),
    ).toEqual([
      "2:15-2:23 approvals.signatures is 'required', so approvals.allowed_signers must name the allowed-signers file",
      "5:14-5:20 approval rule names kind 'widget', which is not configured",
      "5:33-5:37 approval rule names status 'done', which 'statuses' does not list",
      "5:51-5:66 'approved:boss' names role 'boss', which approvals.roles does not define",
      "5:68-5:73 ':qa' must be a meaning, or a meaning and a role as 'approved:qa'",
      "7:31-7:37 change class 'c' names kind 'gadget', which is not configured",
      "7:59-7:63 'huge' is not a severity; allowed: negligible, minor, serious, critical, catastrophic",
      "7:76-7:87 'ok:nobody' names role 'nobody', which approvals.roles does not define",
    ]);
    expect(problems('approvals:\n  signatures: always\n')).toEqual([
      "2:15-2:21 'approvals.signatures' must be one of optional, required, not 'always'",
    ]);
  });
});
