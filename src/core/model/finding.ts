import type { FindingCode } from '../config/codes';
import type { Range } from './range';

export type Severity = 'error' | 'warning' | 'info';
export type SeverityLevel = Severity | 'off';

export interface RelatedLocation {
  /** Workspace-relative path with `/` separators. */
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

/** One diagnostic, as every face (CLI, server, extension) reports it. */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  /** Workspace-relative path with `/` separators. */
  readonly file: string;
  readonly range: Range;
  /** The item the finding belongs to; absent for files that are not items. */
  readonly itemId?: string;
  /** The linked or referenced ID, where there is one. */
  readonly target?: string;
  readonly related?: readonly RelatedLocation[];
}

/** Something the user should know that is not a design-control finding (an unreadable file, say). */
export interface Notice {
  readonly file: string;
  readonly message: string;
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
