/**
 * Custom requests for the traceability matrix and the release packet (SPEC 10), between the
 * language server and the VS Code extension. Plain data; no `vscode`, no Node.
 */
import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';

export const MATRIX_VIEW_NAMES = ['links', 'requirements', 'hazards', 'needs'] as const;
export type MatrixViewName = (typeof MATRIX_VIEW_NAMES)[number];
export const MATRIX_FORMAT_NAMES = ['csv', 'markdown', 'html', 'json', 'xlsx'] as const;
export type MatrixFormatName = (typeof MATRIX_FORMAT_NAMES)[number];

/** `tracespine/matrix`: one view of the live workspace's matrix, as a table of strings. */
export const MatrixRequest = new RequestType<MatrixParams, MatrixResult, void>('tracespine/matrix');
export interface MatrixParams {
  view: MatrixViewName;
}
export interface MatrixResult {
  view: string;
  title: string;
  columns: string[];
  rows: string[][];
}

/** `tracespine/exportMatrix`: writes one view (xlsx: the workbook) to `out`, an absolute path that must not exist. */
export const ExportMatrixRequest = new RequestType<ExportMatrixParams, ExportMatrixResult, void>(
  'tracespine/exportMatrix',
);
export interface ExportMatrixParams {
  view: MatrixViewName;
  format: MatrixFormatName;
  out: string;
}
export interface ExportMatrixResult {
  written: string;
}

/** `tracespine/releaseRefs`: refs to release and to compare with: HEAD, tags (newest first), local branches. */
export const ReleaseRefsRequest = new RequestType0<ReleaseRefsResult, void>('tracespine/releaseRefs');
export interface ReleaseRefsResult {
  tags: string[];
  branches: string[];
}

/** `tracespine/buildRelease`: `tracespine release` of the workspace root, as CI runs it. */
export const BuildReleaseRequest = new RequestType<BuildReleaseParams, BuildReleaseResult, void>(
  'tracespine/buildRelease',
);
export interface BuildReleaseParams {
  ref: string;
  previous?: string;
  /** Absolute path of the packet directory (absent or empty). */
  out: string;
  product?: string;
  version?: string;
}
export interface BuildReleaseResult {
  /** 0 gate passed, 1 gate failed (packet written), 2 nothing written. */
  exitCode: number;
  /** What the command printed (standard output, then standard error). */
  message: string;
  /** Absolute path of the release record, when the packet was written. */
  record?: string;
}

/** Validates a matrix view name from anywhere (a webview message, a request). */
export function isMatrixView(v: unknown): v is MatrixViewName {
  return typeof v === 'string' && (MATRIX_VIEW_NAMES as readonly string[]).includes(v);
}
