import { loadConfig } from '../../../src/core/config/load';
import { TraceIndex } from '../../../src/core/traceIndex';
import { LineIndex, type Position, type Range } from '../../../src/core/model/range';
import type { TextEdit, WorkspaceEdit } from '../../../src/core/services/types';

export function md(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export function buildIndex(files: Record<string, string>, configText?: string): TraceIndex {
  const loaded = loadConfig(configText);
  if (loaded.findings.length > 0) throw new Error(loaded.findings.map((f) => f.message).join('\n'));
  const index = new TraceIndex(loaded.config);
  for (const [file, text] of Object.entries(files)) index.update(file, text);
  return index;
}

/** The position of the `nth` occurrence of `needle` in `text`, plus `delta` characters. */
export function pos(text: string, needle: string, delta = 0, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found (${i})`);
  }
  return new LineIndex(text).positionAt(at + delta);
}

/** `line:col-line:col`, 1-based, as test/unit/memoryHost.ts writes ranges. */
export function r(range: Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

export function loc(l: { file: string; range: Range }): string {
  return `${l.file}:${r(l.range)}`;
}

/** The text a range covers. */
export function textAt(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

/** Applies non-overlapping text edits (any order) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits
    .map((e) => ({ s: lines.offsetAt(e.range.start), e: lines.offsetAt(e.range.end), t: e.newText }))
    .sort((a, b) => b.s - a.s || b.e - a.e);
  for (let i = 1; i < spans.length; i++) if (spans[i]!.e > spans[i - 1]!.s) throw new Error('overlapping edits');
  let out = text;
  for (const x of spans) out = out.slice(0, x.s) + x.t + out.slice(x.e);
  return out;
}

/** Applies a workspace edit to a file map: text edits, then renames, then creations. */
export function applyWorkspaceEdit(files: Record<string, string>, edit: WorkspaceEdit): Record<string, string> {
  const out = { ...files };
  for (const [file, edits] of Object.entries(edit.changes)) {
    const text = out[file];
    if (text === undefined) throw new Error(`no file ${file}`);
    out[file] = applyEdits(text, edits);
  }
  for (const { oldFile, newFile } of edit.renames ?? []) {
    if (out[newFile] !== undefined) throw new Error(`${newFile} exists`);
    out[newFile] = out[oldFile]!;
    delete out[oldFile];
  }
  for (const { file, text } of edit.create ?? []) {
    if (out[file] !== undefined) throw new Error(`${file} exists`);
    out[file] = text;
  }
  return out;
}

/** A small workspace: a need, a hazard, requirements, tests, a README and C code. HAZ-1's pin in REQ-1 is stale. */
export function workspace(): Record<string, string> {
  return {
    'design/needs/UN-1.md': md('---', 'id: UN-1', 'title: Safe infusion', '---', 'The nurse needs a safe pump.'),
    'design/hazards/HAZ-1.md': md(
      '---',
      'id: HAZ-1',
      'title: Overdose',
      'severity: serious',
      'probability: remote',
      '---',
      'Too much drug.',
    ),
    'design/requirements/REQ-1.md': md(
      '---',
      'id: REQ-1',
      'title: Maximum rate',
      'status: approved',
      'derives_from: [UN-1]',
      'mitigates:',
      '  - HAZ-1@deadbeef',
      '---',
      'Rejects rates above 999 mL/h; see REQ-2 and `REQ-2` in code.',
    ),
    'design/requirements/REQ-2.md': md(
      '---',
      'id: REQ-2',
      'title: Rate display',
      'derives_from: UN-1',
      '---',
      'Shows the rate.',
    ),
    'design/tests/TST-3.md': md(
      '---',
      'id: TST-3',
      'title: Rate limit test',
      'method: test',
      'verifies: [REQ-1]',
      '---',
      'Program 1000 mL/h.',
    ),
    'design/tests/TST-7.md': md(
      '---',
      'id: TST-7',
      'title: Rate boundary',
      'method: analysis',
      'verifies: [REQ-1]',
      '---',
      'Program 999 mL/h.',
    ),
    'README.md': md('# Pump', 'Start at REQ-1.'),
    'src/pump.c': md('/* @implements REQ-1, REQ-2 */', 'int rate;', '// @verifies REQ-2 rate display', 'int display;'),
  };
}
