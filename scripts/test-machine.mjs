// The OS packages the tests need, and their install: the first step of `npm test`.
//
//   node scripts/test-machine.mjs            install what is missing (apt-get, as root or with passwordless sudo)
//   node scripts/test-machine.mjs --check    only list what is missing; exit 1 if anything is
//
// As root, or with passwordless sudo, missing packages are installed with apt-get (as
// `playwright install --with-deps` does); otherwise it stops at once with the one command to run.
// One table: test/integration/setup.mjs and the page tests read the same list.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function onPath(cmd) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' }).status === 0;
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** What the tests use, why, the Debian package that brings it, and how to tell it is there. */
export const OS_PREREQUISITES = [
  {
    what: 'Chromium at /usr/bin/chromium (page tests, VS Code suite)',
    apt: 'chromium',
    present: () => isExecutable('/usr/bin/chromium'),
  },
  { what: 'ripgrep (code-server search)', apt: 'ripgrep', present: () => onPath('rg') },
  {
    what: 'Kerberos headers (code-server native modules)',
    apt: 'libkrb5-dev',
    present: () => existsSync('/usr/include/gssapi/gssapi.h') || existsSync('/usr/include/krb5.h'),
  },
  { what: 'pkg-config (code-server native modules)', apt: 'pkg-config', present: () => onPath('pkg-config') },
  { what: 'make and g++ (native modules)', apt: 'build-essential', present: () => onPath('make') && onPath('g++') },
  { what: 'python3 (node-gyp)', apt: 'python3', present: () => onPath('python3') },
  { what: 'git (impact, release, metrics tests)', apt: 'git', present: () => onPath('git') },
  { what: 'tar', apt: 'tar', present: () => onPath('tar') },
  { what: 'ssh-keygen (signed approvals tests)', apt: 'openssh-client', present: () => onPath('ssh-keygen') },
  {
    what: 'xmllint (ReqIF export checked against the OMG schema)',
    apt: 'libxml2-utils',
    present: () => onPath('xmllint'),
  },
  {
    what: "Debian's python3 with openpyxl (XLSX read back by an independent reader)",
    apt: 'python3-openpyxl',
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0,
  },
  { what: 'Neovim (the README setup driven in the editor)', apt: 'neovim', present: () => onPath('nvim') },
  // Any Emacs will do (emacs-nox is the smallest); one already installed is never replaced.
  { what: 'Emacs (the README setup driven in the editor)', apt: 'emacs-nox', present: () => onPath('emacs') },
  {
    what: "Eglot, Debian's package (the README setup driven in Emacs)",
    apt: 'elpa-eglot',
    present: () => existsSync('/usr/share/emacs/site-lisp/elpa/eglot-1.9'),
  },
  { what: 'script(1) (Emacs in a terminal)', apt: 'bsdutils', present: () => onPath('script') },
];

/** The prerequisites that are missing now. */
export function missingPrerequisites() {
  return OS_PREREQUISITES.filter((p) => !p.present());
}

/** The Debian packages of `missing` (an entry may name several). */
function aptPackages(missing) {
  return [...new Set(missing.flatMap((m) => m.apt.split(' ')))];
}

/** The one command that installs `missing`. */
export function installCommand(missing) {
  return `apt-get update && apt-get install -y ${aptPackages(missing).join(' ')}`;
}

function canBeRoot() {
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return null;
}

/** Installs whatever is missing; returns the packages it installed. Throws with the command to run when it cannot. */
export function ensurePrerequisites({ log = (m) => console.error(`[test-machine] ${m}`) } = {}) {
  const missing = missingPrerequisites();
  if (missing.length === 0) return [];
  const packages = aptPackages(missing);
  const prefix = canBeRoot();
  const explain = missing.map((m) => `  - ${m.what}`).join('\n');
  if (!onPath('apt-get') || prefix === null) {
    throw new Error(`missing for the tests:\n${explain}\nrun as root:\n  ${installCommand(missing)}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`installing ${packages.join(' ')} with apt-get (missing:\n${explain})`);
  const t = Date.now();
  for (const args of [
    ['apt-get', 'update', '-q'],
    ['apt-get', 'install', '-y', '-q', ...packages],
  ]) {
    const cmd = [...prefix, ...args];
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0)
      throw new Error(`\`${cmd.join(' ')}\` failed (exit ${r.status}); run it by hand:\n  ${installCommand(missing)}`);
  }
  const still = missingPrerequisites();
  if (still.length > 0)
    throw new Error(`still missing after apt-get:\n${still.map((m) => `  - ${m.what}`).join('\n')}`);
  log(`installed in ${((Date.now() - t) / 1000).toFixed(1)}s`);
  return packages;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const missing = missingPrerequisites();
    for (const m of missing) console.log(`missing: ${m.what} (apt: ${m.apt})`);
    if (missing.length > 0) console.log(`run as root:\n  ${installCommand(missing)}`);
    process.exit(missing.length > 0 ? 1 : 0);
  }
  try {
    ensurePrerequisites();
  } catch (e) {
    console.error(`[test-machine] ERROR: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
