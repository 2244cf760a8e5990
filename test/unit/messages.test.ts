// Messages in the author's terms: YAML parser and schema errors say what is wrong plainly,
// with the technical detail after the plain sentence.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load';
import { brief, check, cleanWorkspace, md } from './memoryHost';

async function yamlMessages(...frontmatter: string[]): Promise<string[]> {
  const r = await check({ ...cleanWorkspace(), 'd/bad.md': md('---', ...frontmatter, '---', 'x') });
  return r.findings.filter((f) => f.code === 'frontmatter.yaml').map((f) => `${brief(f)} ${f.message}`);
}

describe('frontmatter.yaml in plain words', () => {
  it('a line without its colon', async () => {
    expect(await yamlMessages('id: REQ-9', 'title Max rate', 'status: draft')).toEqual([
      "d/bad.md:3:1-4:7 error frontmatter.yaml Frontmatter is not valid YAML: a line is not 'key: value': the ':' after a key is missing, or a value runs on to a line of its own (YAML parser: Implicit keys need to be on a single line)",
    ]);
  });

  it('a duplicate key, a reserved first character, a tab, an unclosed quote', async () => {
    expect(await yamlMessages('id: REQ-9', 'id: REQ-10')).toEqual([
      'd/bad.md:3:1-3:2 error frontmatter.yaml Frontmatter is not valid YAML: the same key appears twice (YAML parser: Map keys must be unique)',
    ]);
    expect(await yamlMessages('id: REQ-9', 'title: @home')).toEqual([
      'd/bad.md:3:8-3:9 error frontmatter.yaml Frontmatter is not valid YAML: a value starts with a character YAML reserves (such as @ or `): put the value in quotes (YAML parser: Plain value cannot start with reserved character @)',
    ]);
    expect((await yamlMessages('id: REQ-9', 'verifies:', '\t- REQ-1'))[0]).toMatch(
      /^d\/bad\.md:\S+ error frontmatter\.yaml Frontmatter is not valid YAML: a line is indented with a tab: indent with spaces \(YAML parser: Tabs are not allowed as indentation\)$/,
    );
    expect((await yamlMessages('id: REQ-9', 'title: "Max rate'))[0]).toContain(
      'Frontmatter is not valid YAML: a value opened with " is not closed with " (YAML parser: Missing closing "quote)',
    );
  });

  it('tracespine.yaml says the same in its own words', () => {
    expect(loadConfig('version: 1\nrules:\n  link.suspect error\n  x: y\n').findings.map((f) => f.message)).toEqual([
      "tracespine.yaml is not valid YAML: a line is not 'key: value': the ':' after a key is missing, or a value runs on to a line of its own (YAML parser: Implicit keys need to be on a single line)",
    ]);
  });
});
