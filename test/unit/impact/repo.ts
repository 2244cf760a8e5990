import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Git for the tests: isolated from the machine's git configuration (no global or system
 * file, no inherited GIT_DIR), with a fixed identity and fixed dates, so that commits are
 * reproducible. Applied to process.env too, so the code under test runs git the same way.
 */
export function isolateGit(): void {
  for (const k of Object.keys(process.env)) if (k.startsWith('GIT_')) delete process.env[k];
  Object.assign(process.env, GIT_ENV);
}

export const GIT_ENV = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
  GIT_CEILING_DIRECTORIES: realpathSync(tmpdir()),
};

const dirs: string[] = [];

/** A fresh empty directory (removed by {@link cleanup}). */
export function tempDir(prefix = 'ts-impact-'): string {
  const d = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  dirs.push(d);
  return d;
}

export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export class Repo {
  constructor(readonly dir: string) {}

  /** `git init -b branch`, local identity, `files` committed as the first commit. */
  static init(files: Record<string, string>, branch = 'main', dir = tempDir()): Repo {
    const repo = new Repo(dir);
    repo.git('init', '-q', '-b', branch);
    repo.git('config', 'user.name', 'Test');
    repo.git('config', 'user.email', 'test@example.com');
    repo.git('config', 'core.autocrlf', 'false');
    repo.git('config', 'commit.gpgsign', 'false');
    repo.writeAll(files);
    repo.commit('baseline');
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      env: { ...process.env, ...GIT_ENV },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  writeAll(files: Record<string, string>): void {
    for (const [p, t] of Object.entries(files)) this.write(p, t);
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  /** Replaces `from` by `to` in a file (the text must occur). */
  edit(path: string, from: string | RegExp, to: string): void {
    const text = this.read(path);
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit of ${path}: '${String(from)}' not found`);
    this.write(path, next);
  }

  remove(path: string): void {
    rmSync(join(this.dir, path));
  }

  /** Stages everything and commits; returns the commit. */
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** Every file below the directory (.git included): path -> size, mtime and content hash. */
  snapshot(): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (abs: string, rel: string): void => {
      for (const e of readdirSync(abs, { withFileTypes: true })) {
        const a = join(abs, e.name);
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) walk(a, r);
        else {
          const st = statSync(a);
          out.set(r, `${st.size} ${st.mtimeMs} ${createHash('sha1').update(readFileSync(a)).digest('hex')}`);
        }
      }
    };
    walk(this.dir, '');
    return out;
  }
}

/** Frontmatter item text from lines. */
export function md(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/**
 * The fixture design: two needs, a hazard, four requirements (REQ-2 derives from REQ-1;
 * REQ-10 checks natural ID order), a test for each, a validation, C code with tags, docs.
 *
 *   UN-1 <- REQ-1 <- REQ-2 <- TST-2      UN-2 <- REQ-3 <- TST-3
 *   UN-1 <- REQ-10 <- TST-10             HAZ-1 <- REQ-1 (mitigates)
 *   REQ-1 <- TST-1   UN-1 <- VAL-1       src/rate.c: REQ-1, REQ-2; src/alarm.c: REQ-3; tests/test_rate.c: REQ-1
 */
export function fixture(): Record<string, string> {
  return {
    'README.md': md('# Pump design', '', 'See REQ-1.'),
    'design/needs/UN-1.md': md(
      '---',
      'id: UN-1',
      'title: Safe infusion rate',
      'status: approved',
      '---',
      'The nurse needs the pump to deliver the programmed rate.',
    ),
    'design/needs/UN-2.md': md(
      '---',
      'id: UN-2',
      'title: Occlusion alarms',
      'status: approved',
      '---',
      'The nurse needs to know when the line is blocked.',
    ),
    'design/hazards/HAZ-1.md': md(
      '---',
      'id: HAZ-1',
      'title: Over-infusion',
      'severity: serious',
      'probability: remote',
      '---',
      'Too much drug is delivered.',
    ),
    'design/reqs/REQ-1.md': md(
      '---',
      'id: REQ-1',
      'title: Maximum rate',
      'status: approved',
      'derives_from: [UN-1]',
      'mitigates: [HAZ-1]',
      '---',
      'The pump shall reject rates above 999 mL/h.',
    ),
    'design/reqs/REQ-2.md': md(
      '---',
      'id: REQ-2',
      'title: Rate limit display',
      'derives_from: [REQ-1]',
      '---',
      'The display shall show the maximum rate.',
    ),
    'design/reqs/REQ-3.md': md(
      '---',
      'id: REQ-3',
      'title: Occlusion alarm',
      'derives_from: [UN-2]',
      '---',
      'The pump shall alarm within 30 s of an occlusion.',
    ),
    'design/reqs/REQ-10.md': md(
      '---',
      'id: REQ-10',
      'title: Bolus',
      'derives_from: [UN-1]',
      '---',
      'The pump shall deliver a bolus on request.',
    ),
    'design/tests/TST-1.md': md(
      '---',
      'id: TST-1',
      'title: Rate above maximum',
      'method: test',
      'verifies: [REQ-1]',
      '---',
      'Program 1000 mL/h; expect a rejection.',
    ),
    'design/tests/TST-2.md': md(
      '---',
      'id: TST-2',
      'title: Limit shown',
      'method: inspection',
      'verifies: [REQ-2]',
      '---',
      'Inspect the display.',
    ),
    'design/tests/TST-3.md': md(
      '---',
      'id: TST-3',
      'title: Occlusion alarm time',
      'method: test',
      'verifies: [REQ-3]',
      '---',
      'Clamp the line; time the alarm.',
    ),
    'design/tests/TST-10.md': md(
      '---',
      'id: TST-10',
      'title: Bolus delivered',
      'method: test',
      'verifies: [REQ-10]',
      '---',
      'Request a bolus.',
    ),
    'design/validations/VAL-1.md': md(
      '---',
      'id: VAL-1',
      'title: Usability study',
      'validates: [UN-1]',
      '---',
      'Summative study.',
    ),
    'src/rate.c': md('/* @implements REQ-1, REQ-2 */', 'int max_rate(void) { return 999; }'),
    'src/alarm.c': md('/* @implements REQ-3 */', 'int occluded(int p) { return p > 300; }'),
    'tests/test_rate.c': md('// @verifies REQ-1', 'void test_max_rate(void) {}'),
  };
}

/**
 * The scenario of the golden tests, committed on `feature`: REQ-1 modified, REQ-3 deleted,
 * REQ-4 added (a title full of Markdown and Mermaid syntax), REQ-10 relinked from UN-1 to
 * UN-2, and a `@verifies REQ-10` tag added to tests/test_rate.c.
 */
export function goldenScenario(): Repo {
  const repo = Repo.init(fixture());
  repo.git('checkout', '-q', '-b', 'feature');
  repo.edit('design/reqs/REQ-1.md', '999 mL/h', '1200 mL/h');
  repo.remove('design/reqs/REQ-3.md');
  repo.write(
    'design/reqs/REQ-4.md',
    md(
      '---',
      'id: REQ-4',
      'title: \'Rate "limit" <max> | *bold* #1 `x`\'',
      'derives_from: [UN-2]',
      'mitigates: [HAZ-1]',
      '---',
      'New.',
    ),
  );
  repo.edit('design/reqs/REQ-10.md', 'derives_from: [UN-1]', 'derives_from: [UN-2]');
  repo.write('tests/test_rate.c', `${repo.read('tests/test_rate.c')}// @verifies REQ-10\nvoid test_bolus(void) {}\n`);
  repo.commit('feature work');
  return repo;
}
