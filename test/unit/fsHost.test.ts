import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../src/core/engine';
import type { ReadResult } from '../../src/core/host';
import { NodeFsHost, readTextFile } from '../../src/node/fsHost';
import { decodeBatch, encodeBatch } from '../../src/node/readProtocol';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'ts-fs-'));
}

const item = (id: string, extra = ''): string => `---\nid: ${id}\ntitle: T ${id}\n${extra}---\nBody.\n`;

describe('the Node file-system host', () => {
  it('reads tens of thousands of files without running out of descriptors', async () => {
    const root = tmp();
    const n = 20_000;
    for (let d = 0; d < 20; d++) mkdirSync(join(root, `d${d}`));
    for (let i = 1; i <= n; i++)
      writeFileSync(join(root, `d${i % 20}`, `REQ-${i}.md`), item(`REQ-${i}`, 'derives_from: [UN-1]\n'));
    writeFileSync(join(root, 'UN-1.md'), item('UN-1'));
    const r = await checkWorkspace(new NodeFsHost(root));
    expect(r.summary.items).toBe(n + 1);
    expect(r.notices).toEqual([]);
    expect(r.summary.coverage.unverified).toEqual({ covered: 0, total: n });
  }, 120_000);

  it('skips binary, huge and special files with a file.unreadable finding, follows no symbolic link', async () => {
    const root = tmp();
    writeFileSync(join(root, 'UN-1.md'), item('UN-1'));
    writeFileSync(join(root, 'bin.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x61, 0x00, 0x01, 0x02]));
    writeFileSync(join(root, 'huge.md'), '');
    truncateSync(join(root, 'huge.md'), 20 * 1024 * 1024); // sparse: no disk used
    mkdirSync(join(root, 'sub'));
    symlinkSync('..', join(root, 'sub', 'loop'));
    symlinkSync('/nonexistent/target.md', join(root, 'dangling.md'));
    symlinkSync('UN-1.md', join(root, 'UN-1-again.md'));
    execFileSync('mkfifo', [join(root, 'pipe.md')]);
    const r = await checkWorkspace(new NodeFsHost(root));
    expect(r.summary.items).toBe(1);
    expect(
      r.findings
        .filter((f) => f.code === 'file.unreadable')
        .map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message}`),
    ).toEqual([
      'bin.md:2:2 error File not read (binary file (contains NUL bytes); skipped): its design items and links are not checked',
      'huge.md:1:1 error File not read (larger than 16 MiB (20.0 MiB); skipped): its design items and links are not checked',
    ]);
    // A FIFO is not listed; links are not followed, and the ones the globs would have read are named.
    expect(r.notices.map((n) => `${n.file}: ${n.message}`).sort()).toEqual([
      "UN-1-again.md: symbolic link to UN-1.md; not followed: git keeps a link, not its target's content",
      "sub/loop: symbolic link to ..; not followed: git keeps a link, not its target's content",
    ]);
  });

  it('does not follow a link out of the workspace: `ln -s / design/rootfs` lists nothing of the file system', async () => {
    const root = tmp();
    mkdirSync(join(root, 'design'));
    writeFileSync(join(root, 'design', 'UN-1.md'), item('UN-1'));
    symlinkSync('/', join(root, 'design', 'rootfs'));
    const outside = tmp();
    writeFileSync(join(outside, 'UN-2.md'), item('UN-2'));
    symlinkSync(join(outside, 'UN-2.md'), join(root, 'design', 'UN-2.md'));
    const started = Date.now();
    const r = await checkWorkspace(new NodeFsHost(root));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.items.map((i) => i.id)).toEqual(['UN-1']);
    expect(r.notices.map((n) => `${n.file}: ${n.message}`).sort()).toEqual([
      `design/UN-2.md: symbolic link to ${join(outside, 'UN-2.md')}, outside the workspace; not followed: git keeps a link, not its target's content`,
      "design/rootfs: symbolic link to /, outside the workspace; not followed: git keeps a link, not its target's content",
    ]);
  });

  it('checks a file whose name is not valid UTF-8, named with U+FFFD', async () => {
    const root = tmp();
    writeFileSync(join(root, 'UN-1.md'), item('UN-1'));
    const raw = Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0x48, 0xe9, 0x2e, 0x6d, 0x64])]); // "H\xe9.md"
    writeFileSync(raw, item('HAZ-1', 'severity: minor\nprobability: remote\n'));
    const r = await checkWorkspace(new NodeFsHost(root));
    expect(r.items.map((i) => `${i.id} ${i.file}`)).toEqual(['HAZ-1 H\uFFFD.md', 'UN-1 UN-1.md']);
    expect(r.findings.filter((f) => f.file === 'H\uFFFD.md').map((f) => f.code)).toEqual(['coverage.unmitigated']);
    expect(r.notices).toEqual([
      { file: 'H\uFFFD.md', message: 'file name is not valid UTF-8: shown with U+FFFD for the invalid bytes' },
    ]);
  });

  it('a NUL byte does not drop an item from the gate: an unmitigated hazard cannot pass unseen', async () => {
    const root = tmp();
    writeFileSync(
      join(root, 'HAZ-1.md'),
      `---\nid: HAZ-1\ntitle: Over-infusion\nseverity: critical\nprobability: remote\n---\nText\u0000\n`,
    );
    const r = await checkWorkspace(new NodeFsHost(root));
    expect(
      r.findings.map(
        (f) =>
          `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.character + 1} ${f.code} ${f.severity}`,
      ),
    ).toEqual(['HAZ-1.md:7:5-6 file.unreadable error']);
    expect(r.summary.errors).toBe(1);
  });

  it('reads non-UTF-8 text with replacement characters and says so', async () => {
    const root = tmp();
    writeFileSync(
      join(root, 'UN-1.md'),
      Buffer.concat([Buffer.from('---\nid: UN-1\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\n---\nBody.\n')]),
    );
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
      expect(
        r.findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code}`),
      ).toEqual(['tracespine.yaml:1:1 config.invalid']);
      expect(r.findings[0]!.message).toMatch(/^tracespine.yaml cannot be read: (binary file|not a regular file)/);
    }
  });
});

describe('reading on a second thread', () => {
  // The thread's script as the build makes it (dist/readWorker.js), built afresh from the sources.
  const scripts = tmp();
  const readWorker = join(scripts, 'readWorker.js');
  esbuild.buildSync({
    entryPoints: ['src/node/readWorker.ts'],
    outfile: readWorker,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });

  /** 3,000 files (enough for the thread to be used), a few of them odd. */
  function workspace(): string {
    const root = tmp();
    mkdirSync(join(root, 'd'));
    writeFileSync(join(root, 'UN-1.md'), item('UN-1'));
    for (let i = 1; i <= 3000; i++)
      writeFileSync(
        join(root, 'd', `REQ-${i}.md`),
        item(`REQ-${i}`, `derives_from: [UN-1${i % 500 === 0 ? ', UN-404' : ''}]\n`),
      );
    writeFileSync(join(root, 'd', 'bin.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01]));
    writeFileSync(
      join(root, 'd', 'latin1.md'),
      Buffer.concat([Buffer.from('---\nid: UN-2\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\n---\n')]),
    );
    execFileSync('mkfifo', [join(root, 'd', 'pipe.md')]);
    return root;
  }

  /** What a check reports: findings, items and notices, comparable across hosts. */
  async function observed(host: NodeFsHost): Promise<unknown> {
    const r = await checkWorkspace(host);
    return {
      findings: r.findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character} ${f.code}`),
      items: r.items.map((i) => `${i.id} ${i.title}`),
      notices: r.notices,
    };
  }

  it('gives exactly what reading on one thread gives, notices included', async () => {
    const root = workspace();
    const alone = await observed(new NodeFsHost(root));
    expect((alone as { items: string[] }).items).toHaveLength(3002);
    expect((alone as { notices: unknown[] }).notices).toEqual([
      { file: 'd/latin1.md', message: 'not valid UTF-8: invalid bytes were read as U+FFFD' },
    ]);
    expect((alone as { findings: string[] }).findings.filter((f) => f.includes('file.unreadable'))).toEqual([
      'd/bin.md:1:0 file.unreadable',
    ]);
    const host = new NodeFsHost(root, { readWorker });
    host.prepareToReadAll();
    expect(await observed(host)).toEqual(alone);
    // The thread's answers are what the index gets: one that says every file is UN-9 is believed.
    const lying = join(scripts, 'lying.js');
    const text = item('UN-9');
    writeFileSync(
      lying,
      `const { parentPort } = require('node:worker_threads');
       parentPort.once('message', ({ files }) => parentPort.postMessage({ joined: ${JSON.stringify(text)}.repeat(files.length), ends: Int32Array.from(files, (_, i) => (i + 1) * ${text.length}), notices: [] }));`,
    );
    const r = await checkWorkspace(new NodeFsHost(root, { readWorker: lying }));
    expect(r.items.map((i) => i.id)).toEqual(['UN-9']);
    expect(r.findings.filter((f) => f.code === 'item.duplicate-id')).toHaveLength(3003); // every file read
  }, 60_000);

  it('reads on this thread whatever a thread that fails to start, garbles or dies midway did not deliver', async () => {
    const root = workspace();
    const alone = await observed(new NodeFsHost(root));
    // Answers the first batch truthfully, then dies.
    const dying = join(scripts, 'dying.js');
    writeFileSync(
      dying,
      `const { parentPort } = require('node:worker_threads'); const { readFileSync } = require('node:fs');
       parentPort.once('message', ({ root, files }) => {
         const texts = files.slice(0, 256).map((f) => readFileSync(root + '/' + f, 'utf8'));
         let end = 0;
         parentPort.postMessage({ joined: texts.join(''), ends: Int32Array.from(texts, (t) => (end += t.length)), notices: [] });
         setTimeout(() => process.exit(3), 20);
       });`,
    );
    // Sends something that is not a batch.
    const garbled = join(scripts, 'garbled.js');
    writeFileSync(
      garbled,
      `require('node:worker_threads').parentPort.once('message', () => require('node:worker_threads').parentPort.postMessage({ results: 'nonsense' }));`,
    );
    const throwing = join(scripts, 'throwing.js');
    writeFileSync(throwing, `throw new Error('cannot start');`);
    for (const script of [dying, garbled, throwing, join(scripts, 'missing.js')]) {
      expect(await observed(new NodeFsHost(root, { readWorker: script }))).toEqual(alone);
    }
  }, 60_000);

  it('stops reading when cancelled, and a prepared thread that is not used does not keep the process alive', async () => {
    const root = workspace();
    const host = new NodeFsHost(root, { readWorker });
    const { files } = await host.listFiles(
      () => true,
      () => false,
    );
    const token = { isCancellationRequested: false };
    let batches = 0;
    for await (const batch of host.readFiles(files, token)) {
      expect(batch.length).toBeGreaterThan(0);
      if (++batches === 2) token.isCancellationRequested = true;
    }
    expect(batches).toBe(2);
    const idle = new NodeFsHost(root, { readWorker });
    idle.prepareToReadAll();
    idle.dispose();
  }, 60_000);
});

describe('batches from the reading thread', () => {
  it('carry every kind of result through unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary' }).map((text) => ({ text })),
            fc
              .string({ unit: 'binary' })
              .map((text) => ({ text, notice: 'not valid UTF-8: invalid bytes were read as U+FFFD' })),
            fc.constant({ notice: 'no such file', missing: true }),
            fc.constant({ notice: 'binary file (contains NUL bytes); skipped' }),
            fc.constant({ notice: 'binary file (contains NUL bytes); skipped', at: { line: 3, character: 7 } }),
          ),
          { maxLength: 30 },
        ),
        (results: ReadResult[]) => {
          expect(decodeBatch(structuredClone(encodeBatch(results)))).toEqual(results);
        },
      ),
    );
  });
});
