import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../../src/core/engine';
import { mapReport, readJUnit } from '../../../src/core/evidence';
import { MemoryHost } from '../memoryHost';

// JUnit XML written by the real runners (scripts/gen-junit-fixtures.sh) on the samples of test/fixtures/junit-src.
const repo = resolve(__dirname, '../../..');
const SRC = 'test/fixtures/junit-src';
const item = (id: string, extra = ''): string => `---\nid: ${id}\ntitle: ${id}\n${extra}---\n`;

async function mapped(runner: string): Promise<string[]> {
  const files: Record<string, string> = {
    'tracespine.yaml': 'evidence: {}\n',
    'UN-1.md': item('UN-1'),
    'REQ-1.md': item('REQ-1', 'derives_from: [UN-1]\n'),
    'REQ-2.md': item('REQ-2', 'derives_from: [UN-1]\n'),
    'REQ-3.md': item('REQ-3', 'derives_from: [UN-1]\n'),
    'TST-1.md': item('TST-1', 'verifies: [REQ-1]\n'),
  };
  for (const f of [
    'pytest/test_pump.py',
    'gtest/pump_test.cc',
    'vitest/pump.test.ts',
    'jest/pump.test.js',
    'mocha/pump.test.js',
    'node/pump.test.mjs',
  ]) {
    files[`${SRC}/${f}`] = readFileSync(join(repo, SRC, f), 'utf8');
  }
  const r = await checkWorkspace(new MemoryHost(files));
  const path = `test/fixtures/junit/${runner}/junit.xml`;
  const report = readJUnit(path, readFileSync(join(repo, path), 'utf8'), r.config.evidence!.properties);
  expect(report.error).toBeUndefined();
  return mapReport(r.index, report).map(
    ({ c, items }) => `${c.name} | ${c.outcome} | ${[...items].map(([id, via]) => `${id}:${via}`).join(' ')}`,
  );
}

describe('JUnit of the real runners: the mapping and outcome of every case', () => {
  it('pytest xunit1: record_property, file and (0-based) line, <error> on setup, xfail and skip', async () => {
    expect(await mapped('pytest-xunit1')).toEqual([
      'test_rate_limit | passed | TST-1:property REQ-3:tag REQ-1:tag',
      'test_REQ_2_alarm_sounds | failed | REQ-3:tag',
      'test_occlusion | failed | REQ-3:tag',
      'test_battery | skipped | REQ-3:tag',
      'test_hardware | skipped | REQ-3:tag',
    ]);
  });

  it('pytest xunit2: properties, no file or line (so no tags)', async () => {
    expect(await mapped('pytest-xunit2')).toEqual([
      'test_rate_limit | passed | TST-1:property REQ-1:TST-1',
      'test_REQ_2_alarm_sounds | failed | ',
      'test_occlusion | failed | ',
      'test_battery | skipped | ',
      'test_hardware | skipped | ',
    ]);
  });

  it('GoogleTest: RecordProperty, file and line; DISABLED_ (notrun) and GTEST_SKIP are skipped', async () => {
    expect(await mapped('gtest')).toEqual([
      'RejectsAboveLimit | passed | TST-1:property REQ-1:tag',
      'Sounds | failed | REQ-2:tag',
      'DISABLED_Detects | skipped | ',
      'Skipped | skipped | ',
    ]);
  });

  it('CTest --output-junit: IDs in the test names; a disabled test is skipped', async () => {
    expect(await mapped('ctest')).toEqual([
      'REQ-1/rate_limit | passed | REQ-1:name',
      'REQ-2/alarm | failed | REQ-2:name',
      'REQ-3/occlusion | skipped | REQ-3:name',
    ]);
  });

  it('vitest: describe chains in the name, annotate() as a property', async () => {
    expect(await mapped('vitest')).toEqual([
      'REQ-1 rate > limits > rejects rates above 999 mL/h | passed | TST-1:property REQ-1:name',
      'alarm > sounds | failed | ',
      'alarm > REQ-3 occlusion | skipped | REQ-3:name',
    ]);
  });

  it('jest-junit: suite and test names in name and classname', async () => {
    expect(await mapped('jest')).toEqual([
      'REQ-1 rate rejects rates above 999 mL/h (TST-1) | passed | REQ-1:name TST-1:name',
      'alarm REQ-2 sounds | failed | REQ-2:name',
      'alarm REQ-3 occlusion | skipped | REQ-3:name',
    ]);
  });

  it('mocha-junit-reporter: skipped tests dropped, name and classname swapped', async () => {
    expect(await mapped('mocha')).toEqual([
      'REQ-1 rate rejects rates above 999 mL/h (TST-1) | passed | REQ-1:name TST-1:name',
      'alarm REQ-2 sounds | failed | REQ-2:name',
    ]);
  });

  it('node --test: a top-level case outside any suite', async () => {
    expect(await mapped('node')).toEqual([
      'rejects rates above 999 mL/h (TST-1) | passed | TST-1:name REQ-1:TST-1',
      'REQ-2 sounds | failed | REQ-2:name',
      'REQ-3 occlusion | skipped | REQ-3:name',
    ]);
  });
});

describe('readJUnit on arbitrary input', () => {
  it('never throws, and gives either cases or a positioned error', () => {
    const fragments = [
      '<testsuites>',
      '</testsuites>',
      '<testsuite name="s">',
      '</testsuite>',
      '<testcase name="REQ-1 a"',
      ' classname="c"',
      '>',
      '/>',
      '</testcase>',
      '<failure/>',
      '<error message="x">',
      '</error>',
      '<skipped/>',
      '<properties>',
      '<property name="verifies" value="REQ-2"/>',
      '</properties>',
      '<![CDATA[',
      ']]>',
      '<!--',
      '-->',
      '&amp;',
      '&bogus;',
      '<?xml version="1.0"?>',
      '<!DOCTYPE x>',
      '\n',
      '"',
      "'",
      '<',
      '>',
      'text',
      '\u0000',
      '\ud800',
    ];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((a) => a.join('')),
        ),
        (text) => {
          const r = readJUnit('r.xml', text, ['verifies']);
          if (r.error) {
            expect(r.cases).toEqual([]);
            expect(r.error.range.start.line).toBeGreaterThanOrEqual(0);
          }
          for (const c of r.cases) expect(['passed', 'failed', 'skipped']).toContain(c.outcome);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
