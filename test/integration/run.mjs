// Runs the integration suite inside a real VS Code extension host.
//
//   node test/integration/run.mjs [--workspace DIR] [--tests FILE] [--extension DIR]
//                                 [--timeout SECONDS] [--grep PATTERN] [--keep] [--verbose]
//
// Default: code-server 4.100.3 (VS Code 1.100.3's server + web workbench, installed by ./setup.mjs)
// opened in headless Chromium through playwright-core. The extension under test and the mocha
// runner module travel in the workbench URL's `payload` (see /work/shared/VSCODE-E2E.md).
// With TRACESPINE_E2E=electron, @vscode/test-electron's runTests (downloads desktop VS Code).
//
// Options (argv wins over env):
//   --workspace  TRACESPINE_E2E_WORKSPACE  fixture folder, copied to a temp dir  [test/fixtures/workspace]
//   --tests      TRACESPINE_E2E_TESTS      bundled mocha runner module           [dist/test/integration/index.js]
//   --extension  TRACESPINE_E2E_EXTENSION  extensionDevelopmentPath              [repo root]
//   --timeout    TRACESPINE_E2E_TIMEOUT    overall limit in seconds              [600]
//   --grep       TRACESPINE_E2E_GREP       only tests whose title matches
//   --keep       TRACESPINE_E2E_KEEP=1     keep the temp dir (always kept when the run fails)
//   --verbose    TRACESPINE_E2E_VERBOSE=1  also print code-server's log and the browser console
//
// stdout: the extension host's console (mocha's reporter). stderr: the launcher's own lines, "[e2e] ...".
// Exit code: the suite's (0 passed, 1 failed); 2 the harness could not run it; 124 timeout;
// 128+N on signal N. It never skips: anything missing is an error.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  createWriteStream,
} from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { format } from 'node:util';
import { CHROMIUM_PATH, REPO_ROOT, SetupError, ensureCodeServer } from './setup.mjs';

const t0 = performance.now();
const secs = (from, to = performance.now()) => `${((to - from) / 1000).toFixed(1)}s`;
const say = (msg) => process.stderr.write(`[e2e] ${msg}\n`);

// The workbench's own info lines arrive through codeAutomationLog too, mixed with the extension
// host's console; these (VS Code 1.100.3) go to logs/extension-host-console.log only.
const WORKBENCH_NOISE =
  /^(Resolving connection token|Resolved connection token|Creating a socket \(|Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|\[Service Worker\]|ChatSessionStore:|Creation of workbench contribution|\[driver\])/;

const REAPER = `
const pgid = Number(process.argv[1]); const tmp = process.argv[2]; let done = false;
process.stdin.on('data', (d) => { if (String(d).includes('done')) done = true; });
const reap = () => { if (done) process.exit(0); try { process.kill(-pgid, 'SIGTERM'); } catch {}
  setTimeout(() => { try { process.kill(-pgid, 'SIGKILL'); } catch {}
    if (tmp) try { require('fs').rmSync(tmp, { recursive: true, force: true }); } catch {}
    process.exit(0); }, 3000); };
process.stdin.on('end', reap); process.stdin.on('error', reap);`;

/** An error that ends the run with `code` and a one-line reason. */
class Fail extends Error {
  constructor(message, code = 2) {
    super(message);
    this.code = code;
  }
}

function parseOptions(argv) {
  const env = process.env;
  const opts = {
    workspace: env.TRACESPINE_E2E_WORKSPACE || join(REPO_ROOT, 'test', 'fixtures', 'workspace'),
    tests: env.TRACESPINE_E2E_TESTS || join(REPO_ROOT, 'dist', 'test', 'integration', 'index.js'),
    extension: env.TRACESPINE_E2E_EXTENSION || REPO_ROOT,
    timeout: Number(env.TRACESPINE_E2E_TIMEOUT || 600),
    grep: env.TRACESPINE_E2E_GREP || '',
    keep: env.TRACESPINE_E2E_KEEP === '1',
    verbose: env.TRACESPINE_E2E_VERBOSE === '1',
    electron: env.TRACESPINE_E2E === 'electron',
  };
  const valued = {
    '--workspace': 'workspace',
    '--tests': 'tests',
    '--extension': 'extension',
    '--timeout': 'timeout',
    '--grep': 'grep',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    if (flag in valued) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Fail(`${flag} needs a value`);
      opts[valued[flag]] = flag === '--timeout' ? Number(value) : value;
    } else if (flag === '--keep') opts.keep = true;
    else if (flag === '--verbose') opts.verbose = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(
        readFileSync(new URL(import.meta.url), 'utf8')
          .split('\nimport ')[0]
          .replace(/^\/\/ ?/gm, '') + '\n',
      );
      process.exit(0);
    } else throw new Fail(`unknown option ${argv[i]} (see --help)`);
  }
  if (!(opts.timeout > 0)) throw new Fail(`invalid timeout ${opts.timeout}`);
  opts.workspace = resolve(opts.workspace);
  opts.tests = resolve(opts.tests);
  opts.extension = resolve(opts.extension);
  return opts;
}

function checkInputs(opts) {
  if (!existsSync(opts.workspace) || !statSync(opts.workspace).isDirectory())
    throw new Fail(`workspace fixture ${opts.workspace} is not a folder`);
  if (!existsSync(opts.tests))
    throw new Fail(`tests module ${opts.tests} does not exist; build it with \`node test/integration/build.mjs\``);
  const manifest = join(opts.extension, 'package.json');
  if (!existsSync(manifest)) throw new Fail(`extension ${opts.extension} has no package.json`);
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  if (pkg.main) {
    const main = resolve(opts.extension, pkg.main);
    if (![main, `${main}.js`].some((p) => existsSync(p)))
      throw new Fail(
        `extension entry ${main} (package.json "main") does not exist; build the extension first (\`npm run build\`)`,
      );
  } else if (!pkg.browser) {
    say(`warning: ${manifest} has no "main": the extension has no code to activate`);
  }
  return `${pkg.publisher}.${pkg.name}`;
}

/** Last lines of a stream, for the diagnosis of a failure. */
class Tail {
  constructor(max = 80) {
    this.max = max;
    this.lines = [];
  }
  push(line) {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }
  dump(title) {
    if (this.lines.length) say(`--- ${title} (last ${this.lines.length} lines) ---\n${this.lines.join('\n')}`);
  }
}

function onLines(stream, fn) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buf += chunk;
    const parts = buf.split('\n');
    buf = parts.pop();
    for (const l of parts) fn(l);
  });
  stream.on('end', () => {
    if (buf) fn(buf);
  });
}

function httpOk(url) {
  return new Promise((res) => {
    const req = httpGet(url, (r) => {
      r.resume();
      res(r.statusCode === 200);
    });
    req.on('error', () => res(false));
    req.setTimeout(2000, () => {
      req.destroy();
      res(false);
    });
  });
}

const cleanups = [];
let stoppedBy; // { sig, code } once a signal asked us to stop
let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        say(`cleanup: ${e?.message || e}`);
      }
    }
  })();
  return cleaning;
}

function makeTempDirs(opts) {
  const tmp = mkdtempSync(join(tmpdir(), 'tracespine-e2e-'));
  cleanups.push(() => {
    if (opts.keep || process.exitCode) say(`kept ${tmp} (user data, logs, workspace copy)`);
    else rmSync(tmp, { recursive: true, force: true });
  });
  const d = {
    tmp,
    userData: join(tmp, 'user-data'),
    extensions: join(tmp, 'extensions'),
    xdg: {
      XDG_CONFIG_HOME: join(tmp, 'xdg', 'config'),
      XDG_DATA_HOME: join(tmp, 'xdg', 'data'),
      XDG_CACHE_HOME: join(tmp, 'xdg', 'cache'),
      XDG_STATE_HOME: join(tmp, 'xdg', 'state'),
      XDG_RUNTIME_DIR: join(tmp, 'xdg', 'runtime'),
    },
    workspace: join(tmp, 'ws', basename(opts.workspace)),
    logs: join(tmp, 'logs'),
  };
  for (const p of [d.userData, join(d.userData, 'User'), d.extensions, d.logs, ...Object.values(d.xdg)])
    mkdirSync(p, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(d.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'telemetry.telemetryLevel': 'off',
        'workbench.enableExperiments': false,
        'workbench.tips.enabled': false,
        'git.enabled': false,
      },
      null,
      2,
    ),
  );
  // tests must never touch the repository: they get a throwaway copy of the fixture
  cpSync(opts.workspace, d.workspace, { recursive: true });
  return d;
}

/** The environment for code-server: private XDG dirs, no settings that redirect it elsewhere. */
function serverEnv(dirs, opts) {
  const env = { ...process.env, ...dirs.xdg, EXTENSIONS_GALLERY: '{}' };
  // PORT/CODE_SERVER_HOST override --bind-addr; VSCODE_IPC_HOOK_CLI (inside a VS Code terminal)
  // makes code-server hand the folder to that other instance instead of starting.
  for (const k of Object.keys(env))
    if (k.startsWith('VSCODE_') || k.startsWith('CODE_SERVER_') || k.startsWith('CS_')) delete env[k];
  for (const k of ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'ELECTRON_RUN_AS_NODE']) delete env[k];
  if (opts.grep)
    env.TRACESPINE_E2E_GREP = opts.grep; // read by suite/index.ts in the extension host
  else delete env.TRACESPINE_E2E_GREP;
  return env;
}

async function startCodeServer(cs, dirs, opts, deadline) {
  const args = [
    cs.entry,
    '--auth',
    'none',
    '--bind-addr',
    '127.0.0.1:0', // the kernel picks a free port; code-server logs which
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--log',
    'info',
  ];
  // detached: its own session and process group (setsid), so that the group id ends it all
  const child = spawn(process.execPath, args, {
    cwd: dirs.tmp,
    env: serverEnv(dirs, opts),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
  let alive = true;
  void exited.then(() => {
    alive = false;
  });
  const group = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  // If this launcher dies without cleaning up (SIGKILL, crash), a reaper in its own process group
  // sees its stdin close and ends code-server's group.
  const reaper = spawn(process.execPath, ['-e', REAPER, String(child.pid), opts.keep ? '' : dirs.tmp], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  reaper.stdin.on('error', () => {});
  let ended = false;
  process.on('exit', () => {
    if (!ended) group('SIGKILL');
  });
  cleanups.push(async () => {
    group('SIGTERM');
    if (alive) await Promise.race([exited, sleep(5000)]);
    await sleep(200);
    group('SIGKILL'); // whatever of the group is left (extension host, watchers, pty host)
    ended = true;
    reaper.stdin.end('done\n');
  });
  const tail = new Tail();
  const file = createWriteStream(join(dirs.logs, 'code-server.log'));
  let url;
  const found = new Promise((res) => {
    const line = (l) => {
      tail.push(l);
      file.write(`${l}\n`);
      if (opts.verbose) say(`code-server: ${l}`);
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(l);
      if (m && !url) {
        url = m[1];
        res(url);
      }
    };
    onLines(child.stdout, line);
    onLines(child.stderr, line);
  });
  const start = await Promise.race([
    found,
    exited.then(({ code, signal }) => {
      throw new Fail(`code-server exited during startup (${signal ?? `code ${code}`})`);
    }),
    sleep(Math.max(0, Math.min(deadline - Date.now(), 60_000))).then(() => {
      throw new Fail('code-server did not start listening within 60 s');
    }),
  ]).catch((e) => {
    tail.dump('code-server log');
    throw e;
  });
  for (;;) {
    if (await httpOk(`${start}/healthz`)) break;
    if (!alive) {
      tail.dump('code-server log');
      throw new Fail('code-server exited during startup');
    }
    if (Date.now() > deadline) throw new Fail('code-server not healthy before the deadline');
    await sleep(200);
  }
  return { url: start, child, exited, tail };
}

async function runInCodeServer(opts, dirs, deadline) {
  let t = performance.now();
  let cs;
  try {
    cs = ensureCodeServer({ log: (m) => say(`setup: ${m}`) });
  } catch (e) {
    throw new Fail(e instanceof SetupError ? e.message : String(e?.stack || e));
  }
  say(
    `setup: code-server ${cs.version} (VS Code ${cs.vscodeVersion}) ${cs.installed ? 'installed' : 'cached'} at ${cs.dir} — ${secs(t)}`,
  );

  t = performance.now();
  const server = await startCodeServer(cs, dirs, opts, deadline);
  const authority = new URL(server.url).host; // 127.0.0.1:PORT, the remote authority the workbench uses
  say(`startup: code-server listening on ${server.url} (pid ${server.child.pid}) — ${secs(t)}`);

  let playwright;
  try {
    playwright = await import('playwright-core');
  } catch (e) {
    throw new Fail(`cannot load playwright-core (a devDependency; run \`npm ci\`): ${e.message}`);
  }
  const tb = performance.now();
  // Playwright's profile/artifact dirs (os.tmpdir() of this process) and Chromium's own temp files
  // go into the run's temp dir, so that nothing is left behind even when cleanup cannot run.
  const browserTmp = join(dirs.tmp, 'browser-tmp');
  mkdirSync(browserTmp, { recursive: true });
  process.env.TMPDIR = browserTmp;
  const browser = await playwright.chromium
    .launch({
      env: { ...process.env, TMPDIR: browserTmp },
      executablePath: CHROMIUM_PATH,
      headless: true,
      timeout: 60_000,
      // Playwright's own signal handlers would close the browser and exit before code-server is ended
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--disable-dev-shm-usage',
      ],
    })
    .catch((e) => {
      throw new Fail(`cannot launch ${CHROMIUM_PATH}: ${e.message}`);
    });
  cleanups.push(() => Promise.race([browser.close(), sleep(10_000)]));
  say(`startup: chromium ${browser.version()} — ${secs(tb)}`);

  const page = await browser.newPage();
  const consoleTail = new Tail();
  page.on('console', (m) => {
    consoleTail.push(`${m.type()}: ${m.text()}`);
    if (opts.verbose) say(`browser ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    consoleTail.push(`pageerror: ${e.message}`);
    if (opts.verbose) say(`browser pageerror: ${e.message}`);
  });

  const hostLog = createWriteStream(join(dirs.logs, 'codeAutomationLog.log'));
  let firstLog;
  // The workbench's log service forwards to window.codeAutomationLog when it exists; when tests run
  // from the command line (extensionTestsPath set), the extension host's console goes there in full.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // args is the console call's argument list, printf-style (mocha logs `'  ✔ %s', title`)
    const text = Array.isArray(args) ? format(...args) : String(args);
    hostLog.write(`${type}: ${text}\n`);
    if (WORKBENCH_NOISE.test(text)) {
      if (opts.verbose) say(`workbench: ${text}`);
      return;
    }
    firstLog ??= performance.now();
    process.stdout.write(type === 'error' || type === 'warn' ? `[${type}] ${text}\n` : `${text}\n`);
  });
  let onExit;
  const exitCalled = new Promise((res) => {
    onExit = res;
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    if (Array.isArray(logs)) {
      for (const { relativePath, contents } of logs) {
        const p = join(dirs.logs, 'workbench', String(relativePath).replace(/\.\.(\/|$)/g, ''));
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, String(contents));
      }
    }
    onExit(Number(code));
  });

  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${authority}${opts.extension}`],
    ['extensionTestsPath', `vscode-remote://${authority}${opts.tests}`],
  ]);
  const workbenchUrl = `${server.url}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(payload)}`;
  if (opts.verbose) say(`workbench: ${workbenchUrl}`);
  const tr = performance.now();
  say(`run: opening the workbench on ${dirs.workspace}`);
  await page.goto(workbenchUrl, { waitUntil: 'domcontentloaded', timeout: Math.max(1000, deadline - Date.now()) });

  const failLater = (p, msg) =>
    p.then((x) => {
      throw new Fail(typeof msg === 'function' ? msg(x) : msg);
    });
  let code;
  try {
    code = await Promise.race([
      exitCalled,
      failLater(server.exited, ({ code: c, signal }) => `code-server exited during the run (${signal ?? `code ${c}`})`),
      failLater(new Promise((res) => page.on('crash', res)), 'the browser page crashed'),
      failLater(new Promise((res) => browser.on('disconnected', res)), 'the browser disconnected'),
      failLater(
        sleep(Math.max(0, deadline - Date.now())),
        `timed out after ${opts.timeout} s (TRACESPINE_E2E_TIMEOUT / --timeout)`,
      ),
    ]);
  } catch (e) {
    if (e instanceof Fail && !stoppedBy) {
      if (/timed out/.test(e.message)) e.code = 124;
      if (!opts.verbose) {
        server.tail.dump('code-server log');
        consoleTail.dump('browser console');
      }
      if (firstLog === undefined)
        say('the extension host never logged: check the extension path, the tests module and the logs above');
    }
    throw e;
  }
  const tEnd = performance.now();
  say(
    `run: suite exited with code ${code} — ${secs(tr, tEnd)}${firstLog ? ` (first extension host output after ${secs(tr, firstLog)})` : ''}`,
  );
  if (firstLog === undefined) say('warning: no extension host output was received');
  await new Promise((res) => hostLog.end(res));
  return code;
}

async function runInElectron(opts, dirs) {
  const { runTests } = await import('@vscode/test-electron');
  try {
    await runTests({
      version: process.env.TRACESPINE_VSCODE_VERSION || '1.100.3',
      cachePath: join(REPO_ROOT, '.vscode-test'),
      extensionDevelopmentPath: opts.extension,
      extensionTestsPath: opts.tests,
      extensionTestsEnv: opts.grep ? { TRACESPINE_E2E_GREP: opts.grep } : {},
      launchArgs: [
        dirs.workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${dirs.userData}`,
        `--extensions-dir=${dirs.extensions}`,
      ],
    });
    return 0;
  } catch (e) {
    if (typeof e?.code === 'number') return e.code; // TestRunFailedError: the suite failed
    throw new Fail(`@vscode/test-electron: ${e?.message || e}`);
  }
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const deadline = Date.now() + opts.timeout * 1000;
  const id = checkInputs(opts);
  for (const [sig, n] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ]) {
    process.on(sig, () => {
      if (stoppedBy) return;
      stoppedBy = { sig, code: 128 + n };
      say(`${sig}: stopping`);
      process.exitCode = 128 + n;
      void cleanup().finally(() => {
        say(`stopped by ${sig}; total ${secs(t0)}; exit ${128 + n}`);
        process.exit(128 + n);
      });
    });
  }
  const dirs = makeTempDirs(opts);
  say(
    `extension ${id} from ${opts.extension}; tests ${opts.tests}; workspace copy ${dirs.workspace}; timeout ${opts.timeout} s`,
  );
  const code = opts.electron ? await runInElectron(opts, dirs) : await runInCodeServer(opts, dirs, deadline);
  process.exitCode = code;
  return code;
}

let code;
try {
  code = await main();
} catch (e) {
  code = e instanceof Fail ? e.code : 2;
  process.exitCode = code;
  if (!stoppedBy) say(`ERROR: ${e instanceof Fail ? e.message : e?.stack || e}`);
}
if (stoppedBy) code = stoppedBy.code;
const tc = performance.now();
await cleanup();
say(`cleanup — ${secs(tc)}; total ${secs(t0)}; exit ${code}`);
process.exit(code);
