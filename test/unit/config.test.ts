import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load';
import { DEFAULT_CONFIG } from '../../src/core/config/defaults';
import Ajv from 'ajv';
import schema from '../../schemas/tracespine.schema.json';
import { stringify } from 'yaml';
import { check, cleanWorkspace, md } from './memoryHost';

/** `line:col-line:col message` (1-based) of each config.invalid finding. */
function problems(text: string): string[] {
  const { findings } = loadConfig(text);
  for (const f of findings) expect(f.code).toBe('config.invalid');
  return findings.map(
    (f) =>
      `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.message}`,
  );
}

describe('configuration', () => {
  it('no file means the SPEC defaults', () => {
    const { config, findings } = loadConfig(undefined);
    expect(findings).toEqual([]);
    expect(config.kinds.map((k) => `${k.name}:${k.prefix}`)).toEqual([
      'need:UN',
      'requirement:REQ',
      'hazard:HAZ',
      'test:TST',
      'validation:VAL',
      'deviation:DEV',
      'anomaly:PR',
    ]);
    expect([...config.links.keys()]).toEqual([
      'derives_from',
      'mitigates',
      'verifies',
      'validates',
      'affects',
      'found_by',
    ]);
    expect(config.coverage.map((c) => `${c.name}:${c.severity}`)).toEqual([
      'unverified:warning',
      'unmitigated:error',
      'unrefined:warning',
      'unvalidated:warning',
    ]);
  });

  it('the default configuration written out is valid against the shipped JSON Schema and loads to the same', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(JSON.parse(JSON.stringify(DEFAULT_CONFIG)))).toBe(true);
    const { config, findings } = loadConfig(stringify(DEFAULT_CONFIG));
    expect(findings).toEqual([]);
    expect(config).toEqual(loadConfig(undefined).config);
  });

  it('a user key replaces its default whole and keeps the others', () => {
    const { config, findings } = loadConfig('statuses: [draft, released, obsolete]\nrules:\n  link.suspect: error\n');
    expect(findings).toEqual([]);
    expect(config.statuses).toEqual(['draft', 'released', 'obsolete']);
    expect(config.kinds.length).toBe(7);
    expect(config.rules.get('link.suspect')).toBe('error');
  });

  it('custom kinds with a pattern, and links naming them', async () => {
    const text = [
      'kinds:',
      '  sysreq: { pattern: "^SYS-[A-Z]{2}-\\\\d{3}$", name: System requirement }',
      '  swreq: { prefix: SW, name: Software requirement }',
      'links:',
      '  refines: { from: [swreq], to: [sysreq] }',
      'required: []',
      'coverage:',
      '  - { name: unrefined, kind: sysreq, by: [refines], severity: error }',
      'code_tags: { implements: { to: [swreq] } }',
    ].join('\n');
    const ws = {
      'tracespine.yaml': text,
      'a/SYS-AB-001.md': md('---', 'id: SYS-AB-001', 'title: S', '---'),
      'a/SW-1.md': md(
        '---',
        'id: SW-1',
        'title: W',
        'refines: SYS-AB-001',
        '---',
        'Refines SYS-AB-001 and SYS-ZZ-999.',
      ),
    };
    const r = await check(ws);
    expect(r.configInvalid).toBe(false);
    expect(
      r.findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code}`),
    ).toEqual(['a/SW-1.md:6:24 ref.unknown-id']);
  });

  it('invalid YAML is config.invalid at the parser position', () => {
    expect(problems('kinds: [\n')).toEqual([
      "2:1-2:1 tracespine.yaml is not valid YAML: a list opened with '[' is not closed with ']' on the same line (YAML parser: Flow sequence in block collection must be sufficiently indented and end with a ])",
    ]);
  });

  it('unknown keys at their position', () => {
    expect(problems('version: 1\nkindz: {}\n')).toEqual(["2:1-2:6 unknown key 'kindz' in tracespine.yaml"]);
    expect(problems('kinds:\n  need: { prefix: UN, colour: red }\n')).toEqual([
      "2:23-2:29 unknown key 'colour' in kind 'need' (at kinds.need)",
    ]);
  });

  it('values of the wrong type at the value', () => {
    expect(problems('items: "**/*.md"\n')).toEqual(["1:8-1:17 'items' must be a list, not '**/*.md'"]);
    expect(problems('version: 2\n')).toEqual(["1:10-1:11 'version' must be 1"]);
    expect(problems('rules:\n  link.suspect: loud\n')).toEqual([
      "2:17-2:21 The severity of link.suspect under rules must be one of error, warning, info, off, not 'loud' (at rules.link.suspect)",
    ]);
    expect(problems('kinds:\n  need: { name: User need }\n')).toEqual([
      "2:3-2:7 Kind 'need' needs a 'prefix' or a 'pattern' (at kinds.need)",
    ]);
    // The example, "'coverage.0.severity' must be one of …", in the author's terms.
    expect(
      problems('coverage:\n  - { name: unverified, kind: requirement, by: [verifies], severity: fatal }\n'),
    ).toEqual([
      "2:70-2:75 The severity of coverage rule 'unverified' must be one of error, warning, info, off, not 'fatal' (at coverage.0.severity)",
    ]);
    expect(problems('required:\n  - { kind: requirement, links: [] }\n')).toEqual([
      '2:33-2:35 The links of required-link rule 1 (kind requirement) must not be empty (at required.0.links)',
    ]);
    expect(problems('kinds:\n  hazard: { prefix: HAZ, fields: { severity: minor } }\n')).toEqual([
      "2:46-2:51 The allowed values of field 'severity' of kind 'hazard' must be a list, not 'minor' (at kinds.hazard.fields.severity)",
    ]);
    expect(problems('- a\n')).toEqual([
      '1:1-1:4 tracespine.yaml must be a mapping of settings (version, kinds, links, ...)',
    ]);
  });

  it('a link type, rule or tag naming a missing kind or link type', () => {
    const found = problems('links:\n  verifies: { from: [test], to: [requirment] }\n');
    expect(found[0]).toBe("2:34-2:44 link type 'verifies' names kind 'requirment', which is not configured");
    // Default coverage and required rules name the default link types that the user's `links`
    // removed: reported on the user's `links` key, saying which default to set.
    expect(found.slice(1)).toEqual([
      "1:1-1:6 required rule names link type 'derives_from', which is not configured (default 'required'; set 'required' to match your kinds and link types)",
      "1:1-1:6 required rule names link type 'mitigates', which is not configured (default 'required'; set 'required' to match your kinds and link types)",
      "1:1-1:6 required rule names link type 'validates', which is not configured (default 'required'; set 'required' to match your kinds and link types)",
      "1:1-1:6 coverage rule 'unmitigated' names link type 'mitigates', which is not configured (default 'coverage'; set 'coverage' to match your kinds and link types)",
      "1:1-1:6 coverage rule 'unrefined' names link type 'derives_from', which is not configured (default 'coverage'; set 'coverage' to match your kinds and link types)",
      "1:1-1:6 coverage rule 'unvalidated' names link type 'validates', which is not configured (default 'coverage'; set 'coverage' to match your kinds and link types)",
    ]);
    expect(problems('code_tags:\n  implements: { to: [requirement], counts_as: implementz }\n')).toEqual([
      "2:47-2:57 code tag '@implements' counts as link type 'implementz', which is not configured",
    ]);
    expect(problems('coverage:\n  - { name: x, kind: hazrd, by: [mitigates] }\n')).toEqual([
      "2:22-2:27 coverage rule 'x' names kind 'hazrd', which is not configured",
    ]);
    expect(problems('rules:\n  link.suspekt: off\n')).toEqual([
      "2:3-2:15 rules names 'link.suspekt', which is not a diagnostic code",
    ]);
    expect(problems('kinds:\n  x: { pattern: "(" }\n')[0]).toMatch(
      /^2:17-2:20 kinds.x.pattern is not a valid regular expression/,
    );
  });

  it('an invalid configuration stops the check: only config.invalid, nothing else', async () => {
    const r = await check({
      ...cleanWorkspace(),
      'd/TST-9.md': md('---', 'id: TST-9', '---'),
      'tracespine.yaml': 'kindz: 1\n',
    });
    expect(r.configInvalid).toBe(true);
    expect(r.findings.map((f) => `${f.file} ${f.code}`)).toEqual(['tracespine.yaml config.invalid']);
  });
});

describe('kind patterns', () => {
  it('a pattern is anchored as a whole, alternatives included', async () => {
    const text =
      'kinds:\n  requirement: { pattern: "^REQ-\\\\d+|^SYS-\\\\d+$" }\nlinks: {}\nrequired: []\ncoverage: []\ncode_tags: {}\n';
    const { config, findings } = loadConfig(text);
    expect(findings).toEqual([]);
    const kind = config.kinds[0]!;
    expect(kind.literalPrefix).toBeUndefined();
    expect(['REQ-1', 'SYS-2', 'REQ-1x', 'xSYS-2'].map((id) => kind.pattern.test(id))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const r = await check({ 'tracespine.yaml': text, 's.md': md('---', 'id: SYS-1', 'title: S', '---', 'See REQ-7.') });
    expect(r.items.map((i) => i.id)).toEqual(['SYS-1']);
    expect(r.findings.map((f) => f.code)).toEqual(['ref.unknown-id']);
  });

  it('a pattern without anchors still has a literal prefix for fast scanning', () => {
    const { config } = loadConfig(
      'kinds:\n  requirement: { pattern: "SRS-\\\\d{3}" }\nlinks: {}\nrequired: []\ncoverage: []\ncode_tags: {}\n',
    );
    expect(config.kinds[0]!.literalPrefix).toBe('SRS-');
    expect(config.kinds[0]!.pattern.test('SRS-001')).toBe(true);
    expect(config.kinds[0]!.pattern.test('SRS-0011')).toBe(false);
  });

  it('required field names are checked as own keys of fields', () => {
    expect(
      problems(
        'kinds:\n  need: { prefix: UN, fields: {}, required: [toString] }\nlinks: {}\nrequired: []\ncoverage: []\ncode_tags: {}\n',
      ),
    ).toEqual(["2:46-2:54 kinds.need.required names field 'toString', which kinds.need.fields does not define"]);
  });

  it('a __proto__ key is an unknown key, not a prototype', () => {
    expect(problems('__proto__: { a: 1 }\n')).toEqual(["1:1-1:10 unknown key '__proto__' in tracespine.yaml"]);
  });
});

describe('alias expansion', () => {
  it('a billion-laughs document is refused with a positioned error, quickly', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++)
      lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const started = Date.now();
    expect(problems(lines.join('\n'))[0]).toMatch(/aliases expand to more than 100000 values/);
    const r = await check({ 'UN-1.md': ['---', 'id: UN-1', 'title: N', ...lines, '---', ''].join('\n') });
    expect(r.findings.map((f) => f.code)).toEqual(['frontmatter.yaml']);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
