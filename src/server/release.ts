/**
 * The matrix and release-packet requests (src/shared/releaseProtocol.ts). The matrix comes
 * from the live index; the packet is built by the CLI bundle next to this server
 * (dist/cli.js), so that the editor's packet is the one CI builds, byte for byte.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import type { TraceIndex } from '../core/traceIndex';
import { compareIds } from '../core/traceIndex';
import type { EvidenceState } from '../core/evidence/state';
import { matrixTable, type MatrixOptions } from '../core/matrix/matrix';
import { evidenceInputOf } from '../core/release/fromCheck';
import { git } from '../node/git';
import { renderMatrix } from '../node/matrix/render';
import {
  BuildReleaseRequest,
  ExportMatrixRequest,
  isMatrixView,
  MATRIX_FORMAT_NAMES,
  MatrixRequest,
  ReleaseRefsRequest,
  type BuildReleaseParams,
  type BuildReleaseResult,
  type ExportMatrixParams,
  type ExportMatrixResult,
  type MatrixParams,
  type MatrixResult,
  type ReleaseRefsResult,
} from '../shared/releaseProtocol';

/** The live workspace; `evidence` is the server's current verification evidence, when configured. */
export type ReleaseContext = () => Promise<
  { root: string; index: TraceIndex; evidence?: EvidenceState | undefined } | undefined
>;

function failed(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

async function need(ctx: ReleaseContext): Promise<{ root: string; index: TraceIndex; options: MatrixOptions }> {
  const c = await ctx();
  if (!c) throw failed('no workspace folder is open');
  // The same evidence column as `tracespine matrix` gives on this workspace.
  return { ...c, options: c.evidence ? { evidence: evidenceInputOf(c.evidence) } : {} };
}

export function registerReleaseRequests(connection: Connection, ctx: ReleaseContext): void {
  connection.onRequest(MatrixRequest, async (p: MatrixParams): Promise<MatrixResult> => {
    if (!isMatrixView(p?.view)) throw failed('tracespine/matrix: view must be links, requirements, hazards or needs');
    const { index, options } = await need(ctx);
    const t = matrixTable(index, p.view, options);
    return { view: t.view, title: t.title, columns: [...t.columns], rows: t.rows.map((r) => [...r]) };
  });
  connection.onRequest(ExportMatrixRequest, async (p: ExportMatrixParams): Promise<ExportMatrixResult> => {
    if (!isMatrixView(p?.view) || !(MATRIX_FORMAT_NAMES as readonly string[]).includes(p.format))
      throw failed('tracespine/exportMatrix: unknown view or format');
    if (typeof p.out !== 'string' || !isAbsolute(p.out))
      throw failed('tracespine/exportMatrix: out must be an absolute path');
    if (existsSync(p.out)) throw failed(`${p.out} exists: the matrix is never written over a file`);
    const { index, options } = await need(ctx);
    try {
      writeFileSync(p.out, renderMatrix(index, p.view, p.format, options), { flag: 'wx' });
    } catch (e) {
      throw failed(`cannot write ${p.out}: ${(e as Error).message}`);
    }
    return { written: p.out };
  });
  connection.onRequest(ReleaseRefsRequest, async (): Promise<ReleaseRefsResult> => {
    const { root } = await need(ctx);
    try {
      const tags = (await git(root, ['for-each-ref', '--sort=-creatordate', '--format=%(refname:short)', 'refs/tags']))
        .split('\n')
        .filter((t) => t !== '');
      const branches = (await git(root, ['for-each-ref', '--format=%(refname:short)', 'refs/heads']))
        .split('\n')
        .filter((b) => b !== '')
        .sort(compareIds);
      return { tags, branches };
    } catch (e) {
      throw failed(`not a git repository, or git failed: ${(e as Error).message}`);
    }
  });
  connection.onRequest(BuildReleaseRequest, async (p: BuildReleaseParams): Promise<BuildReleaseResult> => {
    const { root } = await need(ctx);
    const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && !v.startsWith('-');
    if (
      !str(p?.ref) ||
      (p.previous !== undefined && !str(p.previous)) ||
      typeof p.out !== 'string' ||
      !isAbsolute(p.out)
    ) {
      throw failed('tracespine/buildRelease: ref (and previous) must be ref names, out an absolute path');
    }
    // The bundle exports run(), which reads process.argv from its third entry (as bin/tracespine.js runs it).
    const cli = join(__dirname, 'cli.js');
    const args = ['-e', `require(${JSON.stringify(cli)}).run()`, cli, 'release', root, '--ref', p.ref, '--out', p.out];
    if (p.previous !== undefined) args.push('--previous', p.previous);
    if (str(p.product)) args.push('--product', p.product);
    if (str(p.version)) args.push('--version', p.version);
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        args,
        { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 2) : 0;
          const record = code !== 2 && existsSync(join(p.out, 'index.html')) ? join(p.out, 'index.html') : undefined;
          resolve({ exitCode: code, message: `${stdout}${stderr}`.trim(), ...(record ? { record } : {}) });
        },
      );
    });
  });
}
