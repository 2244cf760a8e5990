// Installs code-server (VS Code's server + web workbench) into a cache folder outside
// node_modules, for running the extension's integration tests in a real extension host
// on machines that cannot download VS Code. See /work/shared/VSCODE-E2E.md.
//
//   node test/integration/setup.mjs            install if needed, print the install dir
//   import { ensureCodeServer } from './setup.mjs'
//
// Cache: $TRACESPINE_VSCODE_CACHE, else <repo>/.vscode-test/code-server-<version>.
// Idempotent: a marker file records a finished install; a partial install is never
// mistaken for a finished one (it is built in a staging folder and renamed at the end).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCommand, missingPrerequisites as missingOsPrerequisites } from '../../scripts/test-machine.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MARKER = '.tracespine-installed.json';

/** Thrown for anything the caller must fix; its message says how. */
export class SetupError extends Error {}

export function cacheDir() {
  return resolve(
    process.env.TRACESPINE_VSCODE_CACHE || join(REPO_ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`),
  );
}

/** Lists what is missing for install and run, as `{ what, apt }`: Node 20 and the OS table of scripts/test-machine.mjs. */
export function missingPrerequisites() {
  const missing = [];
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20)
    missing.push({
      what: `Node.js 20 (code-server ${CODE_SERVER_VERSION} requires exactly v20; this is ${process.version})`,
      apt: null,
    });
  return [...missing, ...missingOsPrerequisites()];
}

export function checkPrerequisites() {
  const missing = missingPrerequisites();
  if (missing.length === 0) return;
  const apt = missing.filter((m) => m.apt);
  throw new SetupError(
    'missing prerequisites for the VS Code integration tests:\n' +
      missing.map((m) => `  - ${m.what}`).join('\n') +
      (apt.length ? `\ninstall them with \`npm test\` as root, or:\n  ${installCommand(apt)}` : ''),
  );
}

/** Paths of a finished install in `dir`, or null. */
export function installedAt(dir = cacheDir()) {
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  try {
    const marker = JSON.parse(readFileSync(join(dir, MARKER), 'utf8'));
    if (marker.version !== CODE_SERVER_VERSION || !existsSync(entry)) return null;
    return { dir, entry, version: marker.version, vscodeVersion: marker.vscodeVersion };
  } catch {
    return null;
  }
}

function run(cmd, args, opts, log) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...opts,
  });
  if (r.status !== 0) {
    const out = `${r.stdout || ''}${r.stderr || ''}`.trim().split('\n').slice(-60).join('\n');
    throw new SetupError(
      `\`${cmd} ${args.join(' ')}\` failed (${r.error ? r.error.message : `exit ${r.status}`}):\n${out}`,
    );
  }
  return r.stdout;
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here. It first
 * looks in $TMPDIR/vscode-ripgrep-cache-<pkg version>/ripgrep-<rg version>-<target>.tar.gz, so a
 * tarball of the system rg is placed there. Both versions are read from the packages.
 */
function seedRipgrepCache(codeServerDir, tmp, npmEnv, log) {
  const shrink = JSON.parse(readFileSync(join(codeServerDir, 'lib', 'vscode', 'npm-shrinkwrap.json'), 'utf8'));
  const pkgVersion = shrink.packages?.['node_modules/@vscode/ripgrep']?.version;
  if (!pkgVersion) throw new SetupError('cannot find @vscode/ripgrep in code-server lib/vscode/npm-shrinkwrap.json');
  const packDir = mkdtempSync(join(tmp, 'rgpack-'));
  const packed = run(
    'npm',
    ['pack', `@vscode/ripgrep@${pkgVersion}`, '--pack-destination', packDir, '--silent'],
    { env: npmEnv, cwd: packDir },
    log,
  )
    .trim()
    .split('\n')
    .pop();
  run('tar', ['xzf', join(packDir, packed), '-C', packDir, 'package/lib/postinstall.js'], {}, log);
  const postinstall = readFileSync(join(packDir, 'package', 'lib', 'postinstall.js'), 'utf8');
  const rgVersion = /\bconst\s+VERSION\s*=\s*['"]([^'"]+)['"]/.exec(postinstall)?.[1];
  if (!rgVersion) throw new SetupError('cannot read the ripgrep VERSION from @vscode/ripgrep lib/postinstall.js');
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  if (!target) throw new SetupError(`unsupported architecture ${process.arch}`);
  const rgPath = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  const cache = join(tmp, `vscode-ripgrep-cache-${pkgVersion}`);
  mkdirSync(join(cache, 'stage'), { recursive: true });
  copyFileSync(rgPath, join(cache, 'stage', 'rg'));
  const tarball = join(cache, `ripgrep-${rgVersion}-${target}.tar.gz`);
  run('tar', ['czf', tarball, '-C', join(cache, 'stage'), 'rg'], {}, log);
  log(`ripgrep: seeded ${tarball} from ${rgPath} (@vscode/ripgrep ${pkgVersion}, rg ${rgVersion})`);
}

/** Installs code-server if needed; returns `{ dir, entry, version, vscodeVersion, installed }`. */
export function ensureCodeServer({ log = (m) => console.error(`[setup] ${m}`) } = {}) {
  checkPrerequisites();
  const dir = cacheDir();
  const done = installedAt(dir);
  if (done) return { ...done, installed: false };

  mkdirSync(dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 15 * 60_000;
  let waiting = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      let alive = false;
      if (holder > 0)
        try {
          process.kill(holder, 0);
          alive = true;
        } catch {
          /* gone */
        }
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if ((holder > 0 && !alive) || (!(holder > 0) && age > 60_000)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new SetupError(`timed out waiting for another install (lock ${lock})`);
      if (!waiting) log(`waiting for another install (pid ${holder}) to finish`);
      waiting = true;
      const again = installedAt(dir);
      if (again) return { ...again, installed: false };
      spawnSync('sleep', ['2']);
    }
  }

  const staging = `${dir}.staging-${process.pid}`;
  try {
    const again = installedAt(dir);
    if (again) return { ...again, installed: false };
    rmSync(staging, { recursive: true, force: true });
    const tmp = join(staging, '.tmp');
    mkdirSync(tmp, { recursive: true });
    // unsafe_perm: code-server's postinstall refuses to run as root without it.
    // yes: node-pty's `npx node-gyp` is cancelled without it (the global npmrc says yes=false).
    // TMPDIR: a private one, so the ripgrep cache we seed is the one the postinstall sees.
    const npmEnv = {
      ...process.env,
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      TMPDIR: tmp,
    };
    const common = ['--prefix', staging, '--no-audit', '--no-fund', '--no-save', '--loglevel=error'];
    let t = Date.now();
    log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (takes ~1-2 min)`);
    writeFileSync(
      join(staging, 'package.json'),
      JSON.stringify({ name: 'tracespine-code-server', private: true }) + '\n',
    );
    // 1) fetch without scripts, so that versions can be read before anything downloads rg
    run(
      'npm',
      ['install', '--ignore-scripts', ...common, `code-server@${CODE_SERVER_VERSION}`],
      { env: npmEnv, cwd: staging },
      log,
    );
    const codeServerDir = join(staging, 'node_modules', 'code-server');
    seedRipgrepCache(codeServerDir, tmp, npmEnv, log);
    log(`fetched in ${((Date.now() - t) / 1000).toFixed(1)}s`);
    // 2) run the install scripts (code-server's postinstall installs VS Code's own deps and builds native modules)
    t = Date.now();
    run('npm', ['rebuild', ...common], { env: npmEnv, cwd: staging }, log);
    log(`built in ${((Date.now() - t) / 1000).toFixed(1)}s`);
    const rgBin = join(codeServerDir, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
    if (!existsSync(rgBin)) throw new SetupError(`install finished but ${rgBin} is missing`);
    const vscodeVersion = JSON.parse(
      readFileSync(join(codeServerDir, 'lib', 'vscode', 'package.json'), 'utf8'),
    ).version;
    // smoke: the entry must load (native modules such as argon2 built)
    run(
      process.execPath,
      [join(codeServerDir, 'out', 'node', 'entry.js'), '--version'],
      { env: { ...process.env, TMPDIR: tmp } },
      log,
    );
    rmSync(tmp, { recursive: true, force: true });
    writeFileSync(
      join(staging, MARKER),
      JSON.stringify(
        { version: CODE_SERVER_VERSION, vscodeVersion, node: process.version, date: new Date().toISOString() },
        null,
        2,
      ) + '\n',
    );
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    const result = installedAt(dir);
    if (!result) throw new SetupError(`install into ${dir} did not produce a usable code-server`);
    return { ...result, installed: true };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  try {
    const r = ensureCodeServer();
    console.error(
      `[setup] code-server ${r.version} (VS Code ${r.vscodeVersion}) ${r.installed ? 'installed' : 'already installed'} at ${r.dir} in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
    );
    console.log(r.dir);
  } catch (e) {
    console.error(`[setup] ERROR: ${e instanceof SetupError ? e.message : e?.stack || e}`);
    process.exit(1);
  }
}
