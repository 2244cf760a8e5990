import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../src/core/engine';
import { NodeFsHost, readTextFile } from '../../src/node/fsHost';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'ts-fs-'));
}

const item = (id: string, extra = ''): string => `---\nid: ${id}\ntitle: T ${id}\n${extra}---\nBody.\n`;

describe('the Node file-system host', () => {
  it('reads tens of thousands of files without running out of descriptors', async () => {
    const root = tmp();
    const n = 20_000;
    for (let d = 0; d < 20; d++) mkdirSync(join(root, `d${d}`));
    for (let i = 1; i <= n; i++) writeFileSync(join(root, `d${i % 20}`, `REQ-${i}.md`), item(`REQ-${i}`, 'derives_from: [UN-1]\n'));
    writeFileSync(join(root, 'UN-1.md'), item('UN-1'));
    const r = await checkWorkspace(new NodeFsHost(root));
    expect(r.summary.items).toBe(n + 1);
    expect(r.notices).toEqual([]);
    expect(r.summary.coverage.unverified).toEqual({ covered: 0, total: n });
  }, 120_000);

  it('skips binary, huge and special files with a notice, follows a symlink loop once', async () => {
    const root = tmp();
    writeFileSync(join(root, 'UN-1.md'), item('UN-1'));
    writeFileSync(join(root, 'bin.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]));
    writeFileSync(join(root, 'huge.md'), '');
    truncateSync(join(root, 'huge.md'), 20 * 1024 * 1024); // sparse: no disk used
    mkdirSync(join(root, 'sub'));
    symlinkSync('..', join(root, 'sub', 'loop'));
    symlinkSync('/nonexistent/target.md', join(root, 'dangling.md'));
    execFileSync('mkfifo', [join(root, 'pipe.md')]);
    const r = await checkWorkspace(new NodeFsHost(root));
    expect(r.summary.items).toBe(1);
    expect(r.notices.map((n) => `${n.file}: ${n.message}`).sort()).toEqual([
      'bin.md: binary file (contains NUL bytes); skipped',
      'huge.md: larger than 16 MiB (20.0 MiB); skipped',
      'sub/loop: directory link loops back to a directory already read; not followed',
    ]);
  });

  it('reads non-UTF-8 text with replacement characters and says so', async () => {
    const root = tmp();
    writeFileSync(join(root, 'UN-1.md'), Buffer.concat([Buffer.from('---\nid: UN-1\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\n---\nBody.\n')]));
    const r = await checkWorkspace(new NodeFsHost(root));
    expect(r.items.map((i) => i.title)).toEqual(['Caf\uFFFD']);
    expect(r.notices).toEqual([{ file: 'UN-1.md', message: 'not valid UTF-8: invalid bytes were read as U+FFFD' }]);
  });

  it('turns read errors into notices instead of exceptions', () => {
    const root = tmp();
    writeFileSync(join(root, 'file'), 'x');
    expect(readTextFile(join(root, 'file', 'below.md')).notice).toMatch(/^cannot read: ENOTDIR/);
    expect(readTextFile(join(root, 'missing.md'))).toEqual({ notice: 'no such file', missing: true });
    expect(readTextFile(root).notice).toBe('not a regular file; skipped');
  });
});

describe('special files given by path', () => {
  it('a FIFO named as the configuration does not block', () => {
    const root = tmp();
    execFileSync('mkfifo', [join(root, 'tracespine.yaml')]);
    expect(readTextFile(join(root, 'tracespine.yaml'))).toEqual({ notice: 'not a regular file; skipped' });
  });
});

describe('an unreadable configuration', () => {
  it('is config.invalid (exit 2), not a silent fall-back to the defaults', async () => {
    for (const make of [(p: string) => writeFileSync(p, 'kinds: {}\n\u0000'), (p: string) => mkdirSync(p)]) {
      const root = tmp();
      make(join(root, 'tracespine.yaml'));
      const r = await checkWorkspace(new NodeFsHost(root));
      expect(r.configInvalid).toBe(true);
      expect(r.findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code}`)).toEqual(['tracespine.yaml:1:1 config.invalid']);
      expect(r.findings[0]!.message).toMatch(/^tracespine.yaml cannot be read: (binary file|not a regular file)/);
    }
  });
});
