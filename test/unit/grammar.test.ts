// The TextMate injection grammar (syntaxes/tracespine-ids.tmLanguage.json) and its wiring in
// package.json. VS Code runs the patterns with Oniguruma; the ones used here (lookbehind,
// lookahead, classes, \b, \d) mean the same in JavaScript, so their matches are tested with RegExp.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const grammar = JSON.parse(readFileSync(join(root, 'syntaxes', 'tracespine-ids.tmLanguage.json'), 'utf8')) as {
  scopeName: string;
  injectionSelector: string;
  patterns: { include: string }[];
  repository: Record<string, { match: string; name: string; captures: Record<string, { name: string }> }>;
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] };
};

interface Token {
  text: string;
  scopes: Record<string, string>;
}

/** Every match of a repository rule in `line`: the matched text and each capture's scope -> text. */
function tokens(rule: string, line: string): Token[] {
  const r = grammar.repository[rule]!;
  const re = new RegExp(r.match, 'gd');
  const out: Token[] = [];
  for (const m of line.matchAll(re)) {
    const scopes: Record<string, string> = { [r.name]: m[0] };
    for (const [i, c] of Object.entries(r.captures)) if (m[Number(i)] !== undefined) scopes[c.name] = m[Number(i)]!;
    out.push({ text: m[0], scopes });
  }
  return out;
}

const ids = (line: string): string[] => tokens('trace-id', line).map((t) => t.text);

describe('trace-id pattern', () => {
  it('matches the IDs of the default kinds', () => {
    expect(ids('UN-1 REQ-12 HAZ-004 TST-7 VAL-30')).toEqual(['UN-1', 'REQ-12', 'HAZ-004', 'TST-7', 'VAL-30']);
    expect(ids('derives_from: [UN-3, REQ-1]')).toEqual(['UN-3', 'REQ-1']);
    expect(ids('see REQ-1, REQ-2; (HAZ-3). TST-4: done')).toEqual(['REQ-1', 'REQ-2', 'HAZ-3', 'TST-4']);
  });

  it('gives the ID and its pin separate scopes', () => {
    const [t] = tokens('trace-id', '  - HAZ-004@9f2c41d0');
    expect(t!.scopes).toEqual({
      'meta.trace-id.tracespine': 'HAZ-004@9f2c41d0',
      'constant.other.reference.tracespine': 'HAZ-004',
      'punctuation.separator.pin.tracespine': '@',
      'constant.numeric.pin.tracespine': '9f2c41d0',
    });
    expect(tokens('trace-id', 'REQ-1')[0]!.scopes).toEqual({
      'meta.trace-id.tracespine': 'REQ-1',
      'constant.other.reference.tracespine': 'REQ-1',
    });
  });

  it('leaves a malformed pin out of the ID', () => {
    expect(ids('REQ-1@XYZ')).toEqual(['REQ-1']);
    expect(tokens('trace-id', 'REQ-1@9f2c41d')[0]!.scopes['constant.numeric.pin.tracespine']).toBeUndefined();
    expect(tokens('trace-id', 'REQ-1@9F2C41D0')[0]!.text).toBe('REQ-1');
    expect(ids('REQ-1@9f2c41d0ab')).toEqual(['REQ-1']);
  });

  it('does not match other tokens', () => {
    expect(ids('ISO-14971 IEC-62304 XREQ-1 REQ-1a REQ-12x REQ- req-1 FOO-1 MY-REQ-1 REQ-1-2 v1.REQ-2')).toEqual([]);
    expect(ids('a_REQ-1 1REQ-1')).toEqual([]);
  });
});

describe('tag pattern', () => {
  it('matches @implements and @verifies', () => {
    expect(tokens('tag', '// @implements REQ-1, REQ-2').map((t) => t.scopes)).toEqual([
      { 'keyword.other.tag.tracespine': '@implements', 'punctuation.definition.tag.tracespine': '@' },
    ]);
    expect(tokens('tag', '/* @verifies REQ-3 */').map((t) => t.text)).toEqual(['@verifies']);
  });

  it('does not match lookalikes', () => {
    expect(tokens('tag', 'user@implements.com @implementsX @@verifies x.@verifies @verify')).toEqual([]);
  });
});

describe('grammar manifest', () => {
  it('is contributed as an injection into Markdown text and comments of the default code languages', () => {
    const [contribution] = pkg.contributes.grammars;
    expect(contribution!.scopeName).toBe(grammar.scopeName);
    expect(contribution!.path).toBe('./syntaxes/tracespine-ids.tmLanguage.json');
    expect(grammar.injectionSelector).toBe('L:comment, L:text.html.markdown -markup.fenced_code -markup.inline.raw');
    expect(contribution!.injectTo).toEqual(
      expect.arrayContaining([
        'text.html.markdown',
        'source.ts',
        'source.tsx',
        'source.js',
        'source.js.jsx',
        'source.python',
        'source.c',
        'source.cpp',
        'source.cs',
        'source.java',
        'source.go',
        'source.rust',
        'source.swift',
      ]),
    );
    expect(grammar.patterns.map((p) => p.include)).toEqual(['#tag', '#trace-id']);
  });
});
