import { isAbsolute, join, relative, sep } from 'node:path';
import type { Notice } from '../../core/model/finding';
import { printable } from '../../core/model/printable';

/**
 * Paths as a terminal or CI shows them: relative to the current directory, so that
 * `path:line:col` is clickable and GitHub finds the file from the repository root.
 */
export function displayPath(root: string, file: string, cwd = process.cwd()): string {
  // A --config file outside ROOT is reported with its absolute path.
  const abs = isAbsolute(file) ? file : join(root, file);
  const rel = relative(cwd, abs);
  const shown = rel === '' || isAbsolute(rel) ? abs : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/** `notice: path: message` lines for stderr, each kept to one printable line (printable.ts). */
export function noticeLines(notices: readonly Notice[], root: string, cwd = process.cwd()): string {
  let out = '';
  for (const n of notices) out += `notice: ${printable(displayPath(root, n.file, cwd))}: ${printable(n.message)}\n`;
  return out;
}
