import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCache } from '../../bin/loadBundle.cjs';

const root = resolve(__dirname, '../..');

/** Runs `script` in a Node without flags, as the CLI runs: V8 accepts a cache only under the flags it was made with. */
function node(script: string, cwd = root): string {
  return execFileSync(process.execPath, ['-e', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

function bundle(answer: string): string {
  return `'use strict';\nexports.answer = function answer() { return ${JSON.stringify(answer)} + require('node:path').basename(__filename); };\n`;
}

describe('the CLI bundle with its code cache', () => {
  it('uses a cache made from the same bundle, and ignores one made from another of the same length', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-cache-'));
    const file = join(dir, 'b.js');
    writeFileSync(file, bundle('one:'));
    await writeCache(file, (m) => void (m.answer as () => string)());
    const load = `const r = require(${JSON.stringify(join(root, 'bin/loadBundle.cjs'))}).loadBundle(${JSON.stringify(file)}); console.log(r.cacheUsed, r.exports.answer())`;
    expect(node(load)).toBe('true one:b.js\n');
    // V8 checks only the source's length: the copy of the bundle in the cache is what tells the two apart.
    writeFileSync(file, bundle('two:'));
    expect(node(load)).toBe('false two:b.js\n');
  });

  it('compiles as usual when the cache is missing, truncated or not V8 data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-cache-'));
    const file = join(dir, 'b.js');
    writeFileSync(file, bundle('x:'));
    // Each load in a process of its own: V8 would answer a second compile from memory.
    const load = `const r = require(${JSON.stringify(join(root, 'bin/loadBundle.cjs'))}).loadBundle(${JSON.stringify(file)}); console.log(r.cacheUsed, r.exports.answer())`;
    expect(node(load)).toBe('false x:b.js\n');
    await writeCache(file, () => undefined);
    const cache = readFileSync(`${file}.cache`);
    expect(node(load)).toBe('true x:b.js\n');
    const made = cache.subarray(0, 4 + cache.readUInt32LE(0)); // the length and the copy of the bundle
    for (const broken of [
      cache.subarray(0, 3),
      cache.subarray(0, 10),
      made,
      Buffer.concat([made, Buffer.from('not V8 data')]),
    ]) {
      writeFileSync(`${file}.cache`, broken);
      expect(node(load)).toBe('false x:b.js\n');
    }
  });

  it('the build makes one for dist/cli.js that a check uses, with the same report as without it', () => {
    const cli = join(root, 'dist/cli.js');
    expect(node(`console.log(require('./bin/loadBundle.cjs').loadBundle(${JSON.stringify(cli)}).cacheUsed)`)).toBe(
      'true\n',
    );
    const args = ['check', 'examples/infusion-pump', '--format', 'json'];
    const run = (script: string): string => {
      try {
        return execFileSync(process.execPath, [script, ...args], {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, NODE_OPTIONS: '' },
        });
      } catch (e) {
        return (e as { stdout: string }).stdout; // exit 1: the example's deliberate error
      }
    };
    const plain = join(mkdtempSync(join(tmpdir(), 'ts-cache-')), 'plain.js');
    writeFileSync(plain, `require(${JSON.stringify(cli)}).run();`);
    const withCache = run('bin/tracespine.js');
    expect((JSON.parse(withCache) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(40);
    expect(withCache).toBe(run(plain));
  });
});
