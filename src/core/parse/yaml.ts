import { parseYamlFast } from './yamlFast';
import { parseYamlSlow } from './yamlSlow';
import type { YamlParseResult } from './yamlTree';

/**
 * Parses YAML between `start` and `end` of `text`. Frontmatter is almost always a tiny
 * subset of YAML (plain scalars, flow and block lists of IDs); the fast path reads that
 * subset and hands anything else to the `yaml` package, with which it is proven to
 * agree by a differential property test (test/unit/yamlFast.test.ts).
 */
export function parseYaml(text: string, start = 0, end = text.length): YamlParseResult {
  return parseYamlFast(text, start, end) ?? parseYamlSlow(text, start, end);
}
