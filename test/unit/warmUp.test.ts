import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load';
import { buildIndex } from '../../src/core/engine';
import type { ReadResult } from '../../src/core/host';
import { TraceIndex } from '../../src/core/traceIndex';
import { validateIndex } from '../../src/core/validate/validator';
import { brief, md, MemoryHost } from './memoryHost';

/** 2,600 files of every kind, as a sorted workspace has them: a run of each. */
function workspace(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= 400; i++)
    files[`design/hazards/HAZ-${i}.md`] = md(
      '---',
      `id: HAZ-${i}`,
      `title: Hazard ${i}`,
      'severity: serious',
      `probability: ${i % 7 === 0 ? 'often' : 'remote'}`,
      '---',
      'Body.',
    );
  for (let i = 1; i <= 400; i++)
    files[`design/needs/UN-${i}.md`] = md(
      '---',
      `id: UN-${i}`,
      `title: Need ${i}`,
      '---',
      `See REQ-${i} and REQ-${i + 5000}.`,
    );
  for (let i = 1; i <= 800; i++)
    files[`design/requirements/REQ-${i}.md`] = md(
      '---',
      `id: REQ-${i}`,
      `title: Requirement ${i}`,
      'derives_from:',
      `  - UN-${(i % 400) + 1}`,
      `mitigates: [HAZ-${(i % 450) + 1}]`,
      '---',
      'Body.',
    );
  for (let i = 1; i <= 800; i++)
    files[`design/tests/TST-${i}.md`] = md(
      '---',
      `id: TST-${i}`,
      `title: Test ${i}`,
      'method: test',
      `verifies: [REQ-${i}${i % 100 === 0 ? '@0000000g' : ''}]`,
      '---',
      'Body.',
    );
  for (let i = 1; i <= 200; i++)
    files[`src/m${i}.c`] = `/* @implements REQ-${i}, REQ-${i + 9000} */\nint f${i}(void) { return ${i}; }\n`;
  return files;
}

const describeIndex = (index: TraceIndex): string[] => {
  const { findings, coverage } = validateIndex(index);
  return [
    `${index.fileCount} files`,
    ...index.items().map((i) => `${i.id} ${i.file}`),
    ...findings.map(brief),
    ...coverage.map((c) => `${c.name} ${c.covered.length}/${c.uncovered.length}`),
  ];
};

describe('the parser warm-up of a large workspace', () => {
  it('leaves the index exactly as parsing each file once would: every file once, nothing from the samples', async () => {
    const files = workspace();
    const config = loadConfig(undefined).config;
    const host = new MemoryHost(files);
    const reads: string[] = [];
    const counting = Object.assign(Object.create(host) as MemoryHost, {
      readFile: (p: string): Promise<ReadResult> => {
        reads.push(p);
        return host.readFile(p);
      },
    });
    const { index } = await buildIndex(counting, config);
    const direct = new TraceIndex(config);
    for (const [file, text] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      direct.update(file, text);
    expect(describeIndex(index)).toEqual(describeIndex(direct));
    expect(index.fileCount).toBe(2600);
    // The samples are read once more, spread over every run of the sorted list.
    expect(reads).toHaveLength(2600 + 64);
    const once = new Set<string>();
    const sampled = reads.filter((p) => once.has(p) || !once.add(p));
    expect(new Set(sampled).size).toBe(64);
    expect(new Set(sampled.map((p) => p.split('/').slice(0, -1).join('/')))).toEqual(
      new Set(['design/hazards', 'design/needs', 'design/requirements', 'design/tests', 'src']),
    );
  });

  it('is not done for a small workspace, and a cancelled build stops reading', async () => {
    const small = Object.fromEntries(Object.entries(workspace()).slice(0, 100));
    const host = new MemoryHost(small);
    let reads = 0;
    const counting = Object.assign(Object.create(host) as MemoryHost, {
      readFile: (p: string) => (reads++, host.readFile(p)),
    });
    await buildIndex(counting, loadConfig(undefined).config);
    expect(reads).toBe(100);
    const token = { isCancellationRequested: false };
    let progress = 0;
    const { index } = await buildIndex(new MemoryHost(workspace()), loadConfig(undefined).config, {
      token,
      onProgress: () => {
        if (++progress === 1) token.isCancellationRequested = true;
      },
    });
    expect(index.fileCount).toBe(500); // the first batch of readOneByOne, then no more
  });
});
