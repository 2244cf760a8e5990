import type { CheckResult } from '../../core/engine';
import { printable } from '../../core/model/printable';
import { summaryLines } from './text';
import { displayPath } from './paths';

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** GitHub's escapes for workflow commands, then no other control character (printable.ts). */
function escapeData(s: string): string {
  return printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: each finding annotates its line in the pull request. */
export function formatGithub(result: CheckResult, root: string, cwd = process.cwd()): string {
  const lines = result.findings.map((f) => {
    const props = [
      `file=${escapeProperty(displayPath(root, f.file, cwd))}`,
      `line=${f.range.start.line + 1}`,
      `col=${f.range.start.character + 1}`,
      `endLine=${f.range.end.line + 1}`,
      `endColumn=${f.range.end.character + 1}`,
      `title=${escapeProperty(`Tracespine ${f.code}`)}`,
    ];
    return `::${LEVEL[f.severity]} ${props.join(',')}::${escapeData(f.message)}`;
  });
  for (const l of summaryLines(result)) lines.push(printable(l));
  return `${lines.join('\n')}\n`;
}
