import type { CheckResult } from '../../core/engine';
import { compareFindings, type Finding } from '../../core/model/finding';
import { verificationOf } from '../../core/evidence/state';

/** The versioned JSON report of SPEC section 6; `file` relative to ROOT, 1-based lines and columns. */
export function formatJson(result: CheckResult, root: string): string {
  const report = {
    version: 1,
    root,
    summary: result.summary,
    items: result.items.map((i) => ({
      id: i.id,
      kind: i.kind,
      title: i.title,
      status: i.status,
      file: i.file,
      line: i.idRange.start.line + 1,
      fingerprint: i.fingerprint,
      ...(result.evidence && i.kind !== result.config.evidence?.recordKind
        ? { verification: verificationOf(result.evidence, i.id) }
        : {}),
    })),
    // Findings a deviation in force waives stay in the report, marked (SPEC section 9).
    diagnostics: withSuppressed(result).map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      ...(f.itemId !== undefined ? { itemId: f.itemId } : {}),
      ...(f.target !== undefined ? { target: f.target } : {}),
      ...(f.related && f.related.length > 0
        ? {
            related: f.related.map((r) => ({
              file: r.file,
              line: r.range.start.line + 1,
              column: r.range.start.character + 1,
              message: r.message,
            })),
          }
        : {}),
      ...(f.suppressed ? { suppressed: f.suppressed } : {}),
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The findings that stand and the suppressed ones, in one sorted list. */
export function withSuppressed(result: CheckResult): (Finding & { readonly suppressed?: { readonly by: string } })[] {
  if (result.suppressed.length === 0) return [...result.findings];
  return [...result.findings, ...result.suppressed].sort(compareFindings);
}
