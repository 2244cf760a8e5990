import { mkdtempSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/cli/check';
import {
  formatImpactMarkdown,
  formatImpactText,
  impactMermaid,
  MARKDOWN_MAX_CHARS,
} from '../../../src/core/impact/format';
import type { ImpactReport } from '../../../src/core/impact/types';
import { printable } from '../../../src/core/model/printable';
import { escapeMermaid } from '../../../webview/model';
import { escapeXml, sceneToSvg } from '../../../webview/scene';

const FORGE = '\u001b[2K\r::error file=src/x.c,line=1::forged\n::error::forged too\u202e';

/** A workspace whose status value and file name try to forge CI log lines. */
function hostile(): string {
  const root = mkdtempSync(join(tmpdir(), 'ts-out-'));
  writeFileSync(join(root, 'UN-1.md'), `---\nid: UN-1\ntitle: n\nstatus: ${JSON.stringify(FORGE)}\n---\n`);
  writeFileSync(join(root, `UN-2\n::error::name.md`), '---\nid: UN-2\ntitle: m\nstatus: nope\n---\n');
  symlinkSync('UN-1.md', join(root, `link\r::error::x.md`));
  return root;
}

describe('output cannot be forged by what files hold', () => {
  it('printable escapes controls, line breaks and bidi overrides, and keeps the rest', () => {
    expect(printable(FORGE)).toBe('\\x1b[2K\\r::error file=src/x.c,line=1::forged\\n::error::forged too\\u202e');
    expect(printable('plain\ttext, ünïcode')).toBe('plain\ttext, ünïcode');
  });

  for (const format of ['text', 'github'] as const) {
    it(`check --format ${format}: one line per finding, no raw control character, and so do the notices`, async () => {
      const root = hostile();
      const out = await runCheck(['.', '--format', format], root);
      // eslint-disable-next-line no-control-regex -- what must not be printed
      expect(out.stdout + out.stderr).not.toMatch(/[\u001b\r\u202e]/);
      const lines = out.stdout.trimEnd().split('\n');
      const findings = lines.filter((l) => l.includes('item.invalid-field'));
      expect(findings).toHaveLength(2);
      if (format === 'github') expect(lines.filter((l) => !l.startsWith('::') && l.includes('::'))).toEqual([]);
      if (format === 'github')
        for (const l of findings)
          expect(l).toMatch(
            /^::error file=[^,:]+,line=4,col=\d+,endLine=4,endColumn=\d+,title=Tracespine item.invalid-field::/,
          );
      else expect(findings.every((l) => l.includes(' error item.invalid-field '))).toBe(true);
      expect(out.stderr.split('\n').filter((l) => l !== '')).toEqual([
        "notice: link\\r::error::x.md: symbolic link to UN-1.md; not followed: git keeps a link, not its target's content",
      ]);
    });
  }
});

function report(n: number, title: string): ImpactReport {
  const changed = Array.from({ length: n }, (_, i) => ({
    id: `REQ-${i}`,
    kind: 'requirement',
    change: 'modified' as const,
    file: `design/requirements/REQ-${i}.md`,
    title: `${title} ${i}`,
  }));
  return {
    version: 1,
    base: { ref: 'main', commit: 'a'.repeat(40) },
    head: { ref: 'WORKTREE', commit: null },
    changed,
    code: [],
    impacted: [],
    upstream: [],
    impactedCode: [],
  };
}

describe('impact output', () => {
  it('a Mermaid directive in a title is text, in --format mermaid, markdown and the graph view', () => {
    const r = report(1, '%%{init: {"theme":"dark"}}%% x');
    const mermaid = impactMermaid(r, []);
    expect(mermaid).not.toContain('%%');
    expect(mermaid).toContain('n0["REQ-0 (modified)<br/>#37;#37;{init: {#34;theme#34;:#34;dark#34;}}#37;#37; x 0"]');
    const md = formatImpactMarkdown(r, []);
    expect(md.slice(md.indexOf('```mermaid'))).not.toContain('%%');
    expect(escapeMermaid('%%{init}%%\u001b')).toBe('#37;#37;{init}#37;#37;');
  });

  it('text rows are one printable line each', () => {
    const out = formatImpactText(report(1, FORGE));
    // eslint-disable-next-line no-control-regex -- what must not be printed
    expect(out).not.toMatch(/[\u001b\r\u202e]/);
    expect(out.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
  });

  it('the pull-request comment stays below GitHub’s 65,536 characters, and says what it leaves out', () => {
    const md = formatImpactMarkdown(report(5000, 'A requirement title of a usual length for a design item'), []);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    const shown = md.split('\n').filter((l) => l.startsWith('| REQ-')).length;
    expect(shown).toBeGreaterThan(100);
    expect(md).toContain(
      `_${5000 - shown} more not shown: GitHub refuses comments over 65,536 characters. \`tracespine impact --format json\` lists them all._`,
    );
    // A small report is whole.
    expect(formatImpactMarkdown(report(3, 't'), [])).not.toContain('more not shown');
  });
});

describe('SVG export', () => {
  it('is well-formed XML whatever a title holds', () => {
    expect(escapeXml('a\u0000b\u001bc\ud800d\r\n<&>')).toBe('a\uFFFDb\uFFFDc\uFFFDd&#13;&#10;&lt;&amp;&gt;');
    const scene = {
      content: {
        tag: 'g',
        attrs: {},
        children: [{ tag: 'text', attrs: { 'data-title': 'x\u0001' }, text: 'T\u0008itle' }],
      },
      defs: { tag: 'defs', attrs: {} },
      bounds: { x: 0, y: 0, width: 10, height: 10 },
    };
    const svg = sceneToSvg(scene, '', 'Graph \u001b');
    // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
});
