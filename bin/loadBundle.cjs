'use strict';
/*
 * Loads a bundle (dist/cli.js) with V8's code cache, which the build writes next to it
 * (dist/cli.js.cache): the bytecode of the bundle's top level and of every function a
 * check of the bundled example ran, so a check starts without compiling them again.
 *
 * The cache is only a shortcut. It is used when it was made from exactly this bundle
 * (its first 32 bytes are the bundle's SHA-256; V8 itself checks only the length) and
 * by this Node.js with these V8 flags (V8 checks that, and rejects it otherwise). In
 * every other case the bundle is compiled as `require` would, with the same result.
 * Nothing is written when the CLI runs: `node bin/loadBundle.cjs --write-cache` is a build step.
 */
const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join, resolve } = require('node:path');
const vm = require('node:vm');

const DIGEST_BYTES = 32;

function digest(source) {
  return createHash('sha256').update(source).digest();
}

/** Compiles and runs `file` as a CommonJS module; `cachedData` may be undefined. */
function compile(file, source, cachedData) {
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  return { exports: mod.exports, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** The cache's V8 data when it belongs to `source`, else undefined. */
function cacheFor(file, source) {
  let cache;
  try {
    cache = readFileSync(`${file}.cache`);
  } catch {
    return undefined; // not built (or not readable): compile as usual
  }
  if (cache.length <= DIGEST_BYTES || !cache.subarray(0, DIGEST_BYTES).equals(digest(source))) return undefined;
  return cache.subarray(DIGEST_BYTES);
}

/** The exports of `file`, loaded with its code cache when that is valid; `cacheUsed` says whether it was. */
function loadBundle(file) {
  const source = readFileSync(file, 'utf8');
  const { exports, cacheUsed } = compile(file, source, cacheFor(file, source));
  return { exports, cacheUsed };
}

/**
 * Writes `file`.cache: compiles the bundle, runs `warmUp` on its exports (so that the
 * functions it calls are compiled too), then saves the bytecode.
 */
async function writeCache(file, warmUp) {
  const source = readFileSync(file, 'utf8');
  const { exports, script } = compile(file, source, undefined);
  await warmUp(exports);
  writeFileSync(`${file}.cache`, Buffer.concat([digest(source), script.createCachedData()]));
}

module.exports = { loadBundle, writeCache };

// `node bin/loadBundle.cjs --write-cache`: the build's step for dist/cli.js. It must run
// with the V8 flags the CLI runs with (none), or V8 rejects the cache.
if (require.main === module && process.argv[2] === '--write-cache') {
  const root = resolve(__dirname, '..');
  const example = join(root, 'examples', 'infusion-pump');
  const write = process.stdout.write;
  writeCache(join(root, 'dist', 'cli.js'), async (cli) => {
    // The warm-up's reports are not wanted; a write still reports that it is done.
    process.stdout.write = (_chunk, encoding, done) => {
      (typeof encoding === 'function' ? encoding : done)?.();
      return true;
    };
    try {
      for (const format of ['text', 'json', 'sarif', 'github']) await cli.main(['check', example, '--format', format]);
    } finally {
      process.stdout.write = write;
    }
  }).catch((e) => {
    process.stderr.write(`tracespine build: cannot write the code cache: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
