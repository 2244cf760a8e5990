import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkWorkspace } from '../core/engine';
import { DOORSTOP_FILE, isDoorstopDocumentFile } from '../core/config/doorstop';
import { doorstopToNative, nativeFiles, type ImportProblem, type NativeFile } from '../core/interchange/native';
import { readReqif } from '../core/interchange/reqifImport';
import { NodeFsHost } from '../node/fsHost';
import { parseArgs, UsageError } from './args';
import type { CommandOutput } from './check';

export const IMPORT_HELP = `Usage: tracespine import doorstop DIR --into DIR
       tracespine import reqif FILE --into DIR

Writes the design of a Doorstop tree or a ReqIF file as Tracespine items (Markdown with
frontmatter) and a tracespine.yaml under --into, so that 'tracespine check' finds what the
source gave. Never overwrites a file: if any file to be written exists, nothing is written.
Prints each file written, then what of the source is not mapped (with its line:column).
Exit 0 written, 2 usage error, an unreadable source or a file in the way.
`;

export async function runImport(argv: readonly string[], cwd = process.cwd()): Promise<CommandOutput> {
  const args = parseArgs(argv, { into: 'value', help: 'flag', h: 'flag' });
  if (args.options.has('help') || args.options.has('h')) return { stdout: IMPORT_HELP, stderr: '', exitCode: 0 };
  const [format, source, ...extra] = args.positional;
  if (format !== 'doorstop' && format !== 'reqif')
    throw new UsageError(
      format === undefined
        ? 'import needs a format: doorstop or reqif'
        : `unknown import format '${format}' (doorstop, reqif)`,
    );
  if (source === undefined) throw new UsageError(`import ${format} needs the ${format === 'reqif' ? 'FILE' : 'DIR'}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const into = args.options.get('into');
  if (typeof into !== 'string') throw new UsageError(`import ${format} needs --into DIR`);
  const src = resolve(cwd, source);
  const dest = resolve(cwd, into);
  if (existsSync(dest) && !statSync(dest).isDirectory()) throw new UsageError(`--into ${into} is not a directory`);

  let files: NativeFile[];
  let problems: ImportProblem[];
  let summary: string;
  if (format === 'reqif') {
    if (!existsSync(src) || !statSync(src).isFile()) throw new UsageError(`FILE '${source}' is not a file`);
    const design = readReqif(readFileSync(src, 'utf8'));
    if (design.items.length === 0)
      return {
        stdout: '',
        stderr: `tracespine: ${source} holds no SPEC-OBJECT that can be imported; nothing written\n${design.problems
          .map((p) => `  ${source}:${p.line}:${p.column}: ${p.message}\n`)
          .join('')}`,
        exitCode: 2,
      };
    const { reqifConfig } = await import('../core/interchange/native');
    files = nativeFiles(design, reqifConfig(design), `Imported from ReqIF ${source}`);
    problems = design.problems.map((p) => ({ ...p, file: source }));
    summary = `${design.items.length} items`;
  } else {
    if (!existsSync(src) || !statSync(src).isDirectory()) throw new UsageError(`DIR '${source}' is not a directory`);
    const own = join(src, 'tracespine.yaml');
    const configText = existsSync(own) ? readFileSync(own, 'utf8') : 'preset: doorstop\n';
    const host = new NodeFsHost(src);
    let result;
    try {
      result = await checkWorkspace(host, { configText });
    } finally {
      host.dispose();
    }
    if (result.configInvalid || result.config.preset !== 'doorstop')
      return {
        stdout: '',
        stderr: `tracespine: ${source}/tracespine.yaml ${result.configInvalid ? 'is invalid' : "does not say 'preset: doorstop'"}; nothing imported\n`,
        exitCode: 2,
      };
    const live = result.items.filter((i, n, all) => all.findIndex((j) => j.id === i.id) === n);
    const { design, config } = doorstopToNative(result.config, live);
    files = nativeFiles(design, config, `Imported from the Doorstop tree ${source}`);
    problems = [];
    for (const f of result.index.allFiles()) {
      if (f.item) continue;
      if (isDoorstopDocumentFile(f.file)) continue;
      problems.push({ file: f.file, line: 1, column: 1, message: 'not an item (no UID as its name): not imported' });
    }
    for (const f of result.findings)
      if (f.code === 'config.invalid' && f.file.endsWith(DOORSTOP_FILE))
        problems.push({
          file: f.file,
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          message: f.message,
        });
    for (const doc of listDocuments(
      [...result.index.allFiles()].map((f) => f.file),
      src,
    )) {
      const text = readFileSync(join(src, doc), 'utf8');
      const m = /^attributes:/m.exec(text);
      if (m) {
        const line = text.slice(0, m.index).split('\n').length;
        problems.push({
          file: doc,
          line,
          column: 1,
          message: "'attributes' (Doorstop's defaults, reviewed and publish settings) is not mapped",
        });
      }
    }
    problems.push({
      line: 0,
      column: 0,
      message: "Doorstop's stamps ('links' entries, 'reviewed') are kept as they are, not compared",
    });
    summary = `${design.items.length} items`;
  }

  const inTheWay = files.filter((f) => existsSync(join(dest, f.path))).map((f) => join(into, f.path));
  if (inTheWay.length > 0)
    return {
      stdout: '',
      stderr: `tracespine: import never overwrites a file; nothing written. In the way:\n${inTheWay.map((p) => `  ${p}\n`).join('')}`,
      exitCode: 2,
    };
  const out: string[] = [];
  for (const f of files) {
    const abs = join(dest, f.path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, f.text, { flag: 'wx' });
    out.push(`wrote ${join(into, f.path)}`);
  }
  out.push(`imported ${summary} into ${into}`);
  if (problems.length > 0) {
    out.push('not mapped:');
    for (const p of problems)
      out.push(
        p.line === 0
          ? `  ${p.file ?? source}: ${p.message}`
          : `  ${p.file ?? source}:${p.line}:${p.column}: ${p.message}`,
      );
  }
  return { stdout: `${out.join('\n')}\n`, stderr: '', exitCode: 0 };
}

/** The tree's .doorstop.yml files (not in the index: the preset excludes them from the items). */
function listDocuments(indexed: readonly string[], root: string): string[] {
  const dirs = new Set<string>(['']);
  for (const f of indexed) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const out: string[] = [];
  for (const d of [...dirs].sort()) {
    const p = d === '' ? DOORSTOP_FILE : `${d}/${DOORSTOP_FILE}`;
    if (existsSync(join(root, p))) out.push(p);
  }
  return out;
}
