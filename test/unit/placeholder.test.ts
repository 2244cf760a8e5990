// Honest coverage: a template's placeholder never counts as coverage (item.placeholder), and
// tracespine.yaml's coverage_statuses says which statuses give coverage.
import { describe, expect, it } from 'vitest';
import { brief, check, cleanWorkspace, md } from './memoryHost';

const stubTest = (title: string, body: string, status = 'draft'): string =>
  md('---', 'id: TST-1', `title: ${title}`, `status: ${status}`, 'method: test', 'verifies: [REQ-1]', '---', '', body);

describe('item.placeholder', () => {
  it('a created stub (placeholder title and body) is flagged and covers nothing', async () => {
    const ws = { ...cleanWorkspace(), 'd/TST-1.md': stubTest('TODO title', 'TODO: describe this verification test.') };
    const r = await check(ws);
    expect(r.findings.map((f) => `${brief(f)} ${f.message}`)).toEqual([
      'd/REQ-1.md:2:5-2:10 warning coverage.unverified Requirement REQ-1 is unverified: no test verifies it (TST-1 does not count: it still carries placeholder text)',
      "d/TST-1.md:3:8-3:18 warning item.placeholder The title is still the template's placeholder 'TODO title': write the verification test's title (until then TST-1 counts as coverage for nothing)",
      "d/TST-1.md:9:1-9:39 warning item.placeholder The body is still the template's placeholder: describe the verification test (until then TST-1 counts as coverage for nothing)",
    ]);
    expect(r.findings.every((f) => f.itemId !== undefined)).toBe(true);
    expect(r.summary.coverage.unverified).toEqual({ covered: 0, total: 1 });
    expect(r.summary.warnings).toBe(3);
  });

  it('either placeholder alone is enough; real content clears both finding and coverage gap', async () => {
    const titleOnly = await check({ ...cleanWorkspace(), 'd/TST-1.md': stubTest('TODO title', 'Check the rate.') });
    expect(titleOnly.findings.map(brief)).toEqual([
      'd/REQ-1.md:2:5-2:10 warning coverage.unverified',
      'd/TST-1.md:3:8-3:18 warning item.placeholder',
    ]);
    const bodyOnly = await check({
      ...cleanWorkspace(),
      'd/TST-1.md': stubTest('Rate', 'Intro.\n  TODO: describe this verification test.  \nMore.'),
    });
    expect(bodyOnly.findings.map(brief)).toEqual([
      'd/REQ-1.md:2:5-2:10 warning coverage.unverified',
      'd/TST-1.md:10:3-10:41 warning item.placeholder',
    ]);
    const real = await check({ ...cleanWorkspace(), 'd/TST-1.md': stubTest('Rate', 'Check the rate.') });
    expect(real.findings).toEqual([]);
  });

  it("text that merely quotes the placeholder, or another kind's placeholder, is not one", async () => {
    const r = await check({
      ...cleanWorkspace(),
      'd/TST-1.md': stubTest(
        'TODO title later',
        'Templates write "TODO: describe this verification test." as the body.\nTODO: describe this requirement.',
      ),
    });
    expect(r.findings).toEqual([]);
  });

  it('rules: can raise it to an error, so the gate fails', async () => {
    const ws = {
      ...cleanWorkspace(),
      'tracespine.yaml': 'rules: { item.placeholder: error }\n',
      'd/TST-1.md': stubTest('TODO title', 'Body.'),
    };
    expect((await check(ws)).findings.map(brief)).toEqual([
      'd/REQ-1.md:2:5-2:10 warning coverage.unverified',
      'd/TST-1.md:3:8-3:18 error item.placeholder',
    ]);
  });
});

describe('coverage_statuses', () => {
  const policy = 'coverage_statuses: [review, approved]\n';

  it('only links from items at those statuses count; the finding says which links do not', async () => {
    const approved: Record<string, string> = { 'tracespine.yaml': policy };
    for (const [file, text] of Object.entries(cleanWorkspace()))
      approved[file] = text.replace(/^title: (.*)$/m, 'title: $1\nstatus: approved');
    expect((await check(approved)).findings).toEqual([]);
    const draft = await check({ ...approved, 'd/TST-1.md': stubTest('Rate', 'Body.') });
    expect(draft.findings.map((f) => `${brief(f)} ${f.message}`)).toEqual([
      'd/REQ-1.md:2:5-2:10 warning coverage.unverified Requirement REQ-1 is unverified: no test verifies it (TST-1 does not count: its status draft is not in coverage_statuses)',
    ]);
    expect(draft.summary.coverage.unverified).toEqual({ covered: 0, total: 1 });
    // An item without a status is a draft: with the policy, a bare workspace covers nothing.
    const bare = await check({ ...cleanWorkspace(), 'tracespine.yaml': policy });
    expect(Object.values(bare.summary.coverage).map((c) => c.covered)).toEqual([0, 0, 0, 0]);
  });

  it('a status that is not configured is config.invalid at its position', async () => {
    const r = await check({ ...cleanWorkspace(), 'tracespine.yaml': 'coverage_statuses: [review, aproved]\n' });
    expect(r.findings.map((f) => `${brief(f)} ${f.message}`)).toEqual([
      "tracespine.yaml:1:29-1:36 error config.invalid coverage_statuses names status 'aproved', which is not one of the statuses (draft, review, approved, obsolete)",
    ]);
  });

  it('absent, every live item counts (SPEC section 1)', async () => {
    expect((await check(cleanWorkspace())).findings).toEqual([]);
  });
});
