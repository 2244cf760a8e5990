import picomatch from 'picomatch/posix';
import type { EvidenceConfig } from '../config/types';
import { sha256OfText } from '../graph/fingerprint';
import type { CancellationToken, WorkspaceHost } from '../host';
import type { Notice } from '../model/finding';
import { readJUnit } from './junit';
import { parseRunRecord } from './runRecord';
import type { EvidenceSources } from './state';

/** The literal folder a glob starts with (`test-results/**` -> `test-results`), '' when it starts with a pattern. */
function literalDir(glob: string): string {
  const parts = glob.split('/');
  const out: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (/[*?[\]{}()!]/.test(p)) break;
    out.push(p);
  }
  return out.join('/');
}

/**
 * Lists and reads the `results` reports and the run records through the host. The walk
 * goes only into folders that can hold them (the globs' literal folders, the records
 * folder), and never into excluded ones.
 */
export async function readEvidenceSources(
  host: WorkspaceHost,
  evidence: EvidenceConfig,
  skipExcluded: (dir: string) => boolean,
  token?: CancellationToken,
): Promise<{ sources: EvidenceSources; notices: Notice[] }> {
  const results = evidence.results.map((g) => g.replace(/^\.\//, ''));
  const isResult = results.length === 0 ? () => false : picomatch(results, { dot: true });
  const records = evidence.records;
  const roots = [...results.map(literalDir), records];
  const anywhere = roots.includes('');
  // A folder named by a glob (`build/test-results/**`) is read even where `exclude` skips it for items.
  const named = roots.filter((r) => r !== '');
  const skipDir = (dir: string): boolean => {
    if (named.some((r) => r === dir || r.startsWith(`${dir}/`) || dir.startsWith(`${r}/`))) return false;
    return anywhere ? skipExcluded(dir) : true;
  };
  const isRecord = (p: string): boolean => p.startsWith(`${records}/`) && p.endsWith('.json');
  const { files, notices: listNotices } = await host.listFiles((p) => isResult(p) || isRecord(p), skipDir, token);
  const notices: Notice[] = [...listNotices];
  files.sort();
  const reports: { report: ReturnType<typeof readJUnit>; sha256: string }[] = [];
  const runs: { file: string; record?: import('./runRecord').RunRecord; error?: string }[] = [];
  for (const file of files) {
    const r = await host.readFile(file);
    if (r.text === undefined) {
      notices.push({ file, message: r.notice });
      continue;
    }
    if (isRecord(file)) {
      const parsed = parseRunRecord(r.text);
      runs.push('record' in parsed ? { file, record: parsed.record } : { file, error: parsed.error });
    } else {
      reports.push({ report: readJUnit(file, r.text, evidence.properties), sha256: sha256OfText(r.text) });
    }
  }
  return { sources: { reports, runs }, notices };
}
