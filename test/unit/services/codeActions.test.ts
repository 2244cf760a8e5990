import { describe, expect, it } from 'vitest';
import type { TraceIndex } from '../../../src/core/traceIndex';
import type { Finding } from '../../../src/core/model/finding';
import { codeActions, coverageStubs, pinAllLinks } from '../../../src/core/services/codeActions';
import { folderFor, newItem, nextFreeId, nextId } from '../../../src/core/services/newItem';
import type { CodeAction } from '../../../src/core/services/types';
import { validateIndex } from '../../../src/core/validate/validator';
import { applyEdits, applyWorkspaceEdit, buildIndex, md, workspace } from './helpers';

function findingsOf(index: TraceIndex, code: string, file?: string): Finding[] {
  return validateIndex(index).findings.filter((f) => f.code === code && (file === undefined || f.file === file));
}

function actionsFor(
  files: Record<string, string>,
  code: string,
  file?: string,
): { index: TraceIndex; finding: Finding; actions: CodeAction[] } {
  const index = buildIndex(files);
  const [finding] = findingsOf(index, code, file);
  if (!finding) throw new Error(`no ${code}`);
  return { index, finding, actions: codeActions(index, finding.file, files[finding.file]!, finding) };
}

describe('link.unknown-target: create the missing item', () => {
  it("a requirement, in the requirements' folder, from the template", () => {
    const files: Record<string, string> = {
      ...workspace(),
      'design/tests/TST-8.md': md('---', 'id: TST-8', 'title: T', 'verifies: [REQ-999]', '---'),
    };
    const { actions } = actionsFor(files, 'link.unknown-target');
    // Nothing is close to REQ-999: remove the link, or create the item (the last resort).
    expect(actions.map((a) => a.title)).toEqual([
      'Remove this link to REQ-999',
      'Create requirement REQ-999 in design/requirements/REQ-999.md',
    ]);
    const after = applyWorkspaceEdit(files, actions[1]!.edit);
    // A draft with a placeholder title and body, and the link field its kind's required rule asks for.
    expect(after['design/requirements/REQ-999.md']).toBe(
      md(
        '---',
        'id: REQ-999',
        'title: TODO title',
        'status: draft',
        'derives_from: [] # user need or requirement IDs (or use mitigates)',
        '---',
        '',
        'TODO: describe this requirement.',
      ),
    );
    const index = buildIndex(after);
    expect(findingsOf(index, 'link.unknown-target')).toEqual([]);
    expect(index.resolve('REQ-999')!.title).toBe('TODO title');
    // The created item is a placeholder: it is flagged, and its verifying test TST-8 keeps its own findings.
    expect(
      findingsOf(index, 'item.placeholder').map(
        (f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`,
      ),
    ).toEqual([
      "3:8 The title is still the template's placeholder 'TODO title': write the requirement's title (until then REQ-999 counts as coverage for nothing)",
      "8:1 The body is still the template's placeholder: describe the requirement (until then REQ-999 counts as coverage for nothing)",
    ]);
  });

  it('a hazard gets its required fields empty with the allowed values in a comment; from a code tag too', () => {
    const files: Record<string, string> = {
      ...workspace(),
      'src/alarm.c': '// @implements REQ-1\n',
      'design/requirements/REQ-1.md': md('---', 'id: REQ-1', 'title: R', 'mitigates: [HAZ-404]', '---'),
    };
    const { actions } = actionsFor(files, 'link.unknown-target');
    const after = applyWorkspaceEdit(files, actions.find((a) => a.title.startsWith('Create'))!.edit);
    expect(after['design/hazards/HAZ-404.md']).toBe(
      md(
        '---',
        'id: HAZ-404',
        'title: TODO title',
        'status: draft',
        'severity: # negligible | minor | serious | critical | catastrophic',
        'probability: # improbable | remote | occasional | probable | frequent',
        '---',
        '',
        'TODO: describe this hazard.',
      ),
    );
    // The template is valid YAML: the hazard parses, and still asks for its severity and probability.
    expect(findingsOf(buildIndex(after), 'item.missing-field').map((f) => f.file)).toEqual([
      'design/hazards/HAZ-404.md',
      'design/hazards/HAZ-404.md',
    ]);

    const code: Record<string, string> = { ...workspace(), 'src/x.c': '// @verifies REQ-31\n' };
    const fromTag = actionsFor(code, 'link.unknown-target', 'src/x.c');
    const createTag = fromTag.actions.find((a) => a.title.startsWith('Create'))!;
    expect(Object.keys(applyWorkspaceEdit(code, createTag.edit)).filter((f) => !(f in code))).toEqual([
      'design/requirements/REQ-31.md',
    ]);

    const ref: Record<string, string> = {
      ...workspace(),
      'design/needs/UN-1.md': md('---', 'id: UN-1', 'title: Safe', '---', 'Also HAZ-77.'),
    };
    expect(actionsFor(ref, 'ref.unknown-id').actions.map((a) => a.title)).toEqual([
      'Create hazard HAZ-77 in design/hazards/HAZ-77.md',
    ]);
  });

  it('a kind without items goes to design/<kind>s/', () => {
    const files = { 'a/REQ-1.md': md('---', 'id: REQ-1', 'title: R', 'see_also: x', '---', 'See VAL-3.') };
    const index = buildIndex(files);
    expect(folderFor(index, 'validation')).toBe('design/validations');
    const actions = codeActions(index, 'x.md', 'VAL-3', {
      code: 'link.unknown-target',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
      target: 'VAL-3',
    });
    expect(actions[0]!.edit.create!.map((c) => c.file)).toEqual(['design/validations/VAL-3.md']);
  });
});

describe('coverage: create a verification stub', () => {
  it('a test with the next free ID, verifies prefilled, method: test, in the tests folder', () => {
    const files: Record<string, string> = { ...workspace(), 'src/pump.c': 'int x;\n' };
    const { actions, finding } = actionsFor(files, 'coverage.unverified');
    expect(finding.itemId).toBe('REQ-2');
    expect(actions.map((a) => a.title)).toEqual(['Create verification test TST-8 that verifies REQ-2']);
    const after = applyWorkspaceEdit(files, actions[0]!.edit);
    expect(after['design/tests/TST-8.md']).toBe(
      md(
        '---',
        'id: TST-8',
        'title: TODO title',
        'status: draft',
        'method: test',
        'verifies: [REQ-2]',
        '---',
        '',
        'TODO: describe this verification test.',
      ),
    );
    // The stub is a placeholder: REQ-2 stays unverified until the test has real content.
    const stub = buildIndex(after);
    expect(findingsOf(stub, 'coverage.unverified').map((f) => f.itemId)).toEqual(['REQ-2']);
    expect(findingsOf(stub, 'item.placeholder').map((f) => `${f.file} ${f.range.start.line + 1}`)).toEqual([
      'design/tests/TST-8.md 3',
      'design/tests/TST-8.md 9',
    ]);
    const written = after['design/tests/TST-8.md']!.replace('TODO title', 'Rate limit rejects 1000 mL/h').replace(
      'TODO: describe this verification test.',
      'Program 1000 mL/h; the pump refuses it.',
    );
    const filled = buildIndex({ ...after, 'design/tests/TST-8.md': written });
    expect(findingsOf(filled, 'coverage.unverified')).toEqual([]);
    expect(findingsOf(filled, 'item.placeholder')).toEqual([]);
  });

  it('zero-padding like existing IDs; other rules by their link types', () => {
    const files = {
      'd/UN-001.md': md('---', 'id: UN-001', 'title: N', '---'),
      'd/REQ-009.md': md('---', 'id: REQ-009', 'title: R', 'derives_from: [UN-001]', '---'),
      'd/REQ-010.md': md('---', 'id: REQ-010', 'title: R', 'derives_from: [UN-001]', '---'),
      'v/VAL-07.md': md('---', 'id: VAL-07', 'title: V', 'validates: [UN-404]', '---'),
    };
    const index = buildIndex(files);
    expect(nextFreeId(index, 'requirement')).toBe('REQ-011');
    expect(nextFreeId(index, 'validation')).toBe('VAL-08');
    expect(nextFreeId(index, 'test')).toBe('TST-1');
    // UN-404 dangles far above UN-001: numbering goes on after the highest defined need.
    expect(nextFreeId(index, 'need')).toBe('UN-002');
    expect(nextFreeId(index, 'nope')).toBeUndefined();
    const stubs = coverageStubs(index, 'REQ-009', 'unverified');
    expect(stubs.map((a) => [a.title, a.edit.create![0]!.file])).toEqual([
      ['Create verification test TST-1 that verifies REQ-009', 'design/tests/TST-1.md'],
    ]);
    const [f] = findingsOf(index, 'coverage.unvalidated');
    expect(
      codeActions(index, f!.file, files[f!.file as keyof typeof files], f!).map((a) => [
        a.title,
        a.edit.create![0]!.file,
      ]),
    ).toEqual([['Create validation VAL-08 that validates UN-001', 'v/VAL-08.md']]);
  });

  it('numbering passes over IDs dangling links name right above the highest defined, and says which', () => {
    const files = {
      'd/UN-1.md': md('---', 'id: UN-1', 'title: N', '---'),
      'd/REQ-009.md': md('---', 'id: REQ-009', 'title: R', 'derives_from: [UN-1]', '---'),
      'd/REQ-010.md': md('---', 'id: REQ-010', 'title: R', 'derives_from: [UN-1]', '---', 'See REQ-012.'),
      't/TST-1.md': md('---', 'id: TST-1', 'title: T', 'verifies: [REQ-011, REQ-101]', '---'),
    };
    const index = buildIndex(files);
    expect(nextId(index, 'requirement')).toEqual({ id: 'REQ-013', skipped: ['REQ-011', 'REQ-012'] });
    expect(nextId(index, 'test')).toEqual({ id: 'TST-2', skipped: [] });
    expect(newItem(index, 'requirement')!.id).toBe('REQ-013');
  });

  it('newItem for the New Item… command', () => {
    const index = buildIndex(workspace());
    const n = newItem(index, 'hazard', { title: 'Air: in line' })!;
    expect([n.id, n.file]).toEqual(['HAZ-2', 'design/hazards/HAZ-2.md']);
    expect(n.text.split('\n').slice(0, 3)).toEqual(['---', 'id: HAZ-2', 'title: "Air: in line"']);
    expect(n.edit).toEqual({ changes: {}, create: [{ file: 'design/hazards/HAZ-2.md', text: n.text }] });
    expect(buildIndex({ [n.file]: n.text }).resolve('HAZ-2')!.title).toBe('Air: in line');
  });
});

describe('link.suspect: re-affirm', () => {
  const REQ1 = 'design/requirements/REQ-1.md';

  it('replaces the stale pin; "pin all" pins every resolvable link of the item', () => {
    const files: Record<string, string> = {
      ...workspace(),
      [REQ1]: workspace()[REQ1]!.replace('derives_from: [UN-1]', 'derives_from: [UN-1, UN-9]'),
    };
    const { index, actions } = actionsFor(files, 'link.suspect');
    const haz = index.resolve('HAZ-1')!.fingerprint;
    const un = index.resolve('UN-1')!.fingerprint;
    expect(actions.map((a) => a.title)).toEqual([
      `Re-affirm the link to HAZ-1: pin its current fingerprint ${haz}`,
      "Pin all links of REQ-1 to their targets' current fingerprints",
    ]);
    const one = applyEdits(files[REQ1]!, actions[0]!.edit.changes[REQ1]!);
    expect(one).toBe(files[REQ1]!.replace('HAZ-1@deadbeef', `HAZ-1@${haz}`));
    const all = applyEdits(files[REQ1]!, actions[1]!.edit.changes[REQ1]!);
    expect(all).toBe(
      files[REQ1]!.replace('HAZ-1@deadbeef', `HAZ-1@${haz}`).replace('[UN-1, UN-9]', `[UN-1@${un}, UN-9]`),
    );
    expect(findingsOf(buildIndex({ ...files, [REQ1]: all }), 'link.suspect')).toEqual([]);
    // Nothing left to pin.
    expect(pinAllLinks(index, REQ1, all)).toBeUndefined();
  });

  it('CRLF text keeps its line breaks', () => {
    const crlf = workspace()[REQ1]!.replace(/\n/g, '\r\n');
    const files: Record<string, string> = { ...workspace(), [REQ1]: crlf };
    const { index, actions } = actionsFor(files, 'link.suspect');
    expect(applyEdits(crlf, actions[0]!.edit.changes[REQ1]!)).toBe(
      crlf.replace('deadbeef', index.resolve('HAZ-1')!.fingerprint),
    );
  });
});

describe('item.invalid-field: one action per allowed value', () => {
  it('status', () => {
    const files: Record<string, string> = {
      ...workspace(),
      'design/requirements/REQ-2.md': md(
        '---',
        'id: REQ-2',
        'title: Rate display',
        'status: aproved',
        'derives_from: UN-1',
        '---',
      ),
    };
    const { actions } = actionsFor(files, 'item.invalid-field');
    expect(actions.map((a) => a.title)).toEqual([
      "Set 'status' to draft",
      "Set 'status' to review",
      "Set 'status' to approved",
      "Set 'status' to obsolete",
    ]);
    expect(
      applyEdits(files['design/requirements/REQ-2.md']!, actions[2]!.edit.changes['design/requirements/REQ-2.md']!),
    ).toBe(md('---', 'id: REQ-2', 'title: Rate display', 'status: approved', 'derives_from: UN-1', '---'));
  });

  it('a kind enum field, also when the value has the wrong YAML type', () => {
    const F = 'design/hazards/HAZ-1.md';
    const files: Record<string, string> = {
      ...workspace(),
      [F]: md('---', 'id: HAZ-1', 'title: Overdose', 'severity: [huge]', 'probability: "sometimes"', '---'),
    };
    const index = buildIndex(files);
    const fs = findingsOf(index, 'item.invalid-field');
    expect(fs).toHaveLength(2);
    const sev = codeActions(index, F, files[F]!, fs[0]!);
    expect(sev.map((a) => a.title)).toEqual(
      ['negligible', 'minor', 'serious', 'critical', 'catastrophic'].map((v) => `Set 'severity' to ${v}`),
    );
    const prob = codeActions(index, F, files[F]!, fs[1]!);
    const fixed = applyEdits(files[F]!, sev[3]!.edit.changes[F]!);
    expect(fixed).toBe(
      md('---', 'id: HAZ-1', 'title: Overdose', 'severity: critical', 'probability: "sometimes"', '---'),
    );
    expect(applyEdits(files[F]!, prob[1]!.edit.changes[F]!)).toBe(
      md('---', 'id: HAZ-1', 'title: Overdose', 'severity: [huge]', 'probability: remote', '---'),
    );
  });
});

describe('item.kind-mismatch: set type to the kind of the ID', () => {
  it('replaces the type value', () => {
    const F = 'design/requirements/REQ-2.md';
    const files: Record<string, string> = {
      ...workspace(),
      [F]: md('---', 'id: REQ-2', 'type: hazard', 'title: Rate display', 'derives_from: UN-1', '---'),
    };
    const { actions } = actionsFor(files, 'item.kind-mismatch');
    expect(actions.map((a) => a.title)).toEqual(["Set 'type' to requirement"]);
    expect(applyEdits(files[F]!, actions[0]!.edit.changes[F]!)).toBe(
      md('---', 'id: REQ-2', 'type: requirement', 'title: Rate display', 'derives_from: UN-1', '---'),
    );
  });
});

describe('link.duplicate: remove the duplicate entry', () => {
  const F = 'design/tests/TST-3.md';
  const fix = (text: string): string => {
    const files: Record<string, string> = { ...workspace(), [F]: text };
    const { actions } = actionsFor(files, 'link.duplicate');
    expect(actions.map((a) => a.title)).toEqual(["Remove the duplicate REQ-1 from 'verifies'"]);
    return applyEdits(text, actions[0]!.edit.changes[F]!);
  };

  it('from a flow list, with its preceding comma', () => {
    expect(fix(md('---', 'id: TST-3', 'verifies: [REQ-1, REQ-2, REQ-1]', '---'))).toBe(
      md('---', 'id: TST-3', 'verifies: [REQ-1, REQ-2]', '---'),
    );
    expect(fix(md('---', 'id: TST-3', 'verifies: [REQ-1,"REQ-1" ,REQ-2]', '---'))).toBe(
      md('---', 'id: TST-3', 'verifies: [REQ-1 ,REQ-2]', '---'),
    );
  });

  it('from a block list, the whole line (LF and CRLF)', () => {
    expect(
      fix(
        md(
          '---',
          'id: TST-3',
          'verifies:',
          '  - REQ-1',
          '  - REQ-2',
          '  - REQ-1@deadbeef  # again',
          'method: test',
          '---',
        ),
      ),
    ).toBe(md('---', 'id: TST-3', 'verifies:', '  - REQ-1', '  - REQ-2', 'method: test', '---'));
    const crlf = ['---', 'id: TST-3', 'verifies:', '- REQ-1', '- REQ-1', '---', ''].join('\r\n');
    expect(fix(crlf)).toBe(['---', 'id: TST-3', 'verifies:', '- REQ-1', '---', ''].join('\r\n'));
  });

  it('no actions for other codes or non-items', () => {
    const index = buildIndex(workspace());
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    expect(codeActions(index, 'README.md', workspace()['README.md']!, { code: 'link.duplicate', range })).toEqual([]);
    expect(
      codeActions(index, 'design/tests/TST-3.md', workspace()['design/tests/TST-3.md']!, { code: 'link.cycle', range }),
    ).toEqual([]);
  });
});
