import fc from 'fast-check';
import picomatch from 'picomatch/posix';
import { describe, expect, it } from 'vitest';
import { createFileMatcher } from '../../src/core/config/globs';
import { loadConfig } from '../../src/core/config/load';
import type { TraceConfig } from '../../src/core/config/types';

// The matcher tests each listed path against compiled regular expressions instead of
// picomatch's matcher functions; it must decide exactly as they do.
const segment = fc.oneof(
  fc.constantFrom(
    'design',
    'docs',
    'src',
    'node_modules',
    '.git',
    'dist',
    'build',
    'out',
    '.hidden',
    'a b',
    'ünï',
    'x\\y',
    '..',
    '.',
    'REQ-1.md',
    'main.c',
    'x.MD',
    '.md',
    'a.test.ts',
    'a.b',
    '{ts}',
    'x.{ts}',
    '..md',
    'x-y',
    '.hidden.md',
  ),
  fc.stringMatching(/^[a-z._-]{1,6}$/),
);
const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
const glob = fc.oneof(
  fc.constantFrom(
    '**/*.md',
    '**/*.{ts,tsx,js,c,h}',
    '**/node_modules/**',
    '**/.git/**',
    'design/**',
    'docs/*.md',
    '*.md',
    'src/**/*.c',
    '**/{dist,out}/**',
    '**/[A-Z]*.md',
    '**/!(x)*.md',
    'design/REQ-1.md',
    '**/*.test.ts',
    '**',
  ),
  // The shapes tested as plain string operations, and near misses of them.
  fc.constantFrom(
    '**/*.{ts}',
    '**/*.{md,MD}',
    '**/.hidden/**',
    '**/a.b/**',
    '**/x-y/**',
    '**/*.b',
    '**/..md/**',
    '**/*.',
    '**/.{ts,c}',
    '**/*.{c,}',
  ),
  fc
    .tuple(fc.constantFrom('**/', '', 'design/', 'src/**/'), fc.stringMatching(/^[a-z*?.]{1,5}$/))
    .map(([a, b]) => a + b),
  fc.stringMatching(/^\.?[a-z.{},-]{1,6}$/).chain((n) => fc.constantFrom(`**/*.${n}`, `**/${n}/**`)),
);
const globs = fc.array(glob, { minLength: 0, maxLength: 4 });

function config(items: string[], code: string[], exclude: string[]): TraceConfig {
  return { ...loadConfig(undefined).config, items, code, exclude };
}

describe('file matcher', () => {
  it('gives every path the role picomatch gives it, and skips the directories it excludes', () => {
    fc.assert(
      fc.property(globs, globs, globs, fc.array(path, { maxLength: 20 }), (items, code, exclude, paths) => {
        const m = createFileMatcher(config(items, code, exclude));
        const opts = { dot: true };
        const pi = items.length > 0 ? picomatch(items, opts) : () => false;
        const pc = code.length > 0 ? picomatch(code, opts) : () => false;
        const px = exclude.length > 0 ? picomatch(exclude, opts) : () => false;
        for (const p of paths) {
          const expected = px(p) ? undefined : pi(p) ? 'items' : pc(p) ? 'code' : undefined;
          expect(m.roleOf(p)).toBe(expected);
          expect(m.skipDir(p)).toBe(Boolean(px(p) || px(`${p}/\u0000`)));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the default globs: items, code, and excluded directories', () => {
    const m = createFileMatcher(loadConfig(undefined).config);
    expect(
      ['design/REQ-1.md', 'src/pump.c', 'src/pump.py', 'node_modules/x/README.md', 'README.txt'].map((p) =>
        m.roleOf(p),
      ),
    ).toEqual(['items', 'code', 'code', undefined, undefined]);
    expect(['node_modules', 'a/.git', 'design'].map((d) => m.skipDir(d))).toEqual([true, true, false]);
  });
});
