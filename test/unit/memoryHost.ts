import { checkWorkspace, type CheckResult } from '../../src/core/engine';
import type { FileList, ReadResult, WorkspaceHost } from '../../src/core/host';
import type { Finding } from '../../src/core/model/finding';

/** A workspace held in memory: path -> text. Directories are implied by the paths. */
export class MemoryHost implements WorkspaceHost {
  constructor(readonly files: Record<string, string>) {}

  listFiles(wanted: (p: string) => boolean, skipDir: (d: string) => boolean): Promise<FileList> {
    const files = Object.keys(this.files).filter((p) => {
      const parts = p.split('/');
      for (let i = 1; i < parts.length; i++) if (skipDir(parts.slice(0, i).join('/'))) return false;
      return wanted(p);
    });
    return Promise.resolve({ files, notices: [] });
  }

  readFile(path: string): Promise<ReadResult> {
    const text = this.files[path];
    return Promise.resolve(text === undefined ? { notice: 'no such file', missing: true } : { text });
  }
}

export function check(files: Record<string, string>): Promise<CheckResult> {
  return checkWorkspace(new MemoryHost(files));
}

/** A finding as a compact, exact string: `file:line:col-line:col severity code`. Lines and columns 1-based. */
export function brief(f: Finding): string {
  const r = f.range;
  return `${f.file}:${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${f.severity} ${f.code}`;
}

export async function findings(files: Record<string, string>, code?: string): Promise<string[]> {
  const r = await check(files);
  return r.findings.filter((f) => code === undefined || f.code === code).map(brief);
}

/** Frontmatter item text from lines. */
export function md(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A minimal clean workspace: one need, one requirement, one test, one validation, one hazard. */
export function cleanWorkspace(): Record<string, string> {
  return {
    'd/UN-1.md': md('---', 'id: UN-1', 'title: Need', '---', 'Body.'),
    'd/HAZ-1.md': md('---', 'id: HAZ-1', 'title: Hazard', 'severity: serious', 'probability: remote', '---', 'Body.'),
    'd/REQ-1.md': md('---', 'id: REQ-1', 'title: Req', 'derives_from: [UN-1]', 'mitigates: [HAZ-1]', '---', 'Body.'),
    'd/TST-1.md': md('---', 'id: TST-1', 'title: Test', 'method: test', 'verifies: [REQ-1]', '---', 'Body.'),
    'd/VAL-1.md': md('---', 'id: VAL-1', 'title: Val', 'validates: [UN-1]', '---', 'Body.'),
  };
}
