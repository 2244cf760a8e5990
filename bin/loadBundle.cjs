'use strict';
/*
 * Loads a bundle (dist/cli.js) with V8's code cache, which the build writes next to it
 * (dist/cli.js.cache): the bytecode of the bundle's top level and of every function a
 * check of the bundled example ran, so a check starts without compiling them again.
 *
 * The cache is only a shortcut. It is used when it was made from exactly this bundle
 * (it holds a copy of the bundle it was made from, compared byte for byte: V8 itself
 * checks only the length) and by this Node.js with these V8 flags (V8 checks that, and
 * rejects it otherwise). In every other case the bundle is compiled as `require` would,
 * with the same result. Nothing is written when the CLI runs: `node bin/loadBundle.cjs
 * --write-cache` is a build step.
 *
 * The cache file: the bundle's length in bytes (4 bytes, little-endian), the bundle, V8's data.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join, resolve } = require('node:path');
const vm = require('node:vm');

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

/** The cache's V8 data when it was made from `bytes`, else undefined. */
function cacheFor(file, bytes) {
  let cache;
  try {
    cache = readFileSync(`${file}.cache`);
  } catch {
    return undefined; // not built (or not readable): compile as usual
  }
  if (cache.length < 4) return undefined;
  const length = cache.readUInt32LE(0);
  if (length !== bytes.length || cache.length <= 4 + length || !cache.subarray(4, 4 + length).equals(bytes))
    return undefined;
  return cache.subarray(4 + length);
}

/** The exports of `file`, loaded with its code cache when that is valid; `cacheUsed` says whether it was. */
function loadBundle(file) {
  const bytes = readFileSync(file);
  const { exports, cacheUsed } = compile(file, bytes.toString('utf8'), cacheFor(file, bytes));
  return { exports, cacheUsed };
}

/**
 * Writes `file`.cache: compiles the bundle, runs `warmUp` on its exports (so that the
 * functions it calls are compiled too), then saves the bytecode.
 */
async function writeCache(file, warmUp) {
  const bytes = readFileSync(file);
  const { exports, script } = compile(file, bytes.toString('utf8'), undefined);
  await warmUp(exports);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  writeFileSync(`${file}.cache`, Buffer.concat([length, bytes, script.createCachedData()]));
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
    process.stderr.write(
      `tracespine build: cannot write the code cache: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exitCode = 1;
  });
}
