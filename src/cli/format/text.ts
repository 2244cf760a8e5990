import type { CheckResult } from '../../core/engine';
import { printable } from '../../core/model/printable';
import { displayPath } from './paths';
import { coverageVerb } from '../../core/services/trace';

/** `path:line:col: severity code message`, one line per finding, then the summary. */
export function formatText(result: CheckResult, root: string, cwd = process.cwd()): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    // One line per finding, whatever a file name or a quoted value holds (printable.ts).
    lines.push(
      printable(
        `${displayPath(root, f.file, cwd)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code} ${f.message}`,
      ),
    );
  }
  if (lines.length > 0) lines.push('');
  lines.push(...summaryLines(result));
  return `${lines.join('\n')}\n`;
}

export function summaryLines(result: CheckResult): string[] {
  const s = result.summary;
  const out: string[] = [];
  if (result.configInvalid) {
    const file = result.findings.find((f) => f.code === 'config.invalid')?.file ?? 'tracespine.yaml';
    out.push(`${file.slice(file.lastIndexOf('/') + 1)} is invalid: fix it first; nothing else was checked.`);
  } else {
    const listed = result.config.kinds.filter((k) => k.quiet !== true || (s.byKind[k.name] ?? 0) > 0);
    const kinds = listed.map((k) => `${s.byKind[k.name] ?? 0} ${k.name}`).join(', ');
    out.push(`${s.items} items: ${kinds}`);
  }
  out.push(`${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`);
  const cov = Object.entries(s.coverage);
  if (cov.length > 0) {
    // "verified 18/19", not "unverified 18/19" (which reads as 18 unverified): the rule names the gap.
    const parts = cov.map(
      ([name, c]) =>
        `${coverageVerb({ name })} ${c.covered}/${c.total}${c.total > 0 ? ` (${Math.floor((100 * c.covered) / c.total)}%)` : ''}`,
    );
    out.push(`coverage: ${parts.join(', ')}`);
  }
  if (s.evidence) {
    const e = s.evidence;
    out.push(
      `evidence: ${e.passed} passed, ${e.failed} failed, ${e.stale} stale, ${e.missing} missing${e.skipped > 0 ? `, ${e.skipped} skipped` : ''}`,
    );
  }
  if (s.suppressed > 0) {
    const by = result.deviations
      .filter((d) => d.suppresses > 0)
      .map((d) => `${d.id} (owner ${d.owner}, expires ${d.expires})`);
    out.push(`${plural(s.suppressed, 'finding')} waived by ${by.join(', ')}`);
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
