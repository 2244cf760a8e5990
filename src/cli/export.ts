import { existsSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkWorkspace } from '../core/engine';
import { exportReqif } from '../core/interchange/reqifExport';
import type { Item } from '../core/model/item';
import { splitFrontmatter } from '../core/parse/frontmatter';
import { NodeFsHost, readTextFile } from '../node/fsHost';
import { parseArgs, UsageError } from './args';
import type { CommandOutput } from './check';
import { VERSION } from '../node/version';

export const EXPORT_HELP = `Usage: tracespine export reqif [ROOT] --out FILE [--title TEXT]

Writes the design items under ROOT as ReqIF 1.2 (REQ-IF-VERSION 1.0): kinds as
SPEC-OBJECT-TYPEs, ID, title, status, body and fields as attribute values, links as
SPEC-RELATIONs. Identifiers come from the IDs, times from SOURCE_DATE_EPOCH (default
1970-01-01T00:00:00Z): the same design gives the same file. FILE must not exist.
`;

/** The time written into the file: SOURCE_DATE_EPOCH (seconds) when set, else the epoch. */
function exportTime(): string {
  const raw = process.env.SOURCE_DATE_EPOCH;
  const secs = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 0;
  return new Date(secs * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

export async function runExport(argv: readonly string[], cwd = process.cwd()): Promise<CommandOutput> {
  const args = parseArgs(argv, { out: 'value', title: 'value', help: 'flag', h: 'flag' });
  if (args.options.has('help') || args.options.has('h')) return { stdout: EXPORT_HELP, stderr: '', exitCode: 0 };
  const [format, rootArg, ...extra] = args.positional;
  if (format !== 'reqif')
    throw new UsageError(
      format === undefined ? 'export needs a format: reqif' : `unknown export format '${format}' (reqif)`,
    );
  if (extra.length > 0) throw new UsageError(`expected at most one ROOT, got ${extra.length + 1}`);
  const out = args.options.get('out');
  if (typeof out !== 'string') throw new UsageError('export reqif needs --out FILE');
  const root = resolve(cwd, rootArg ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`ROOT '${rootArg ?? '.'}' is not a directory`);
  const outPath = resolve(cwd, out);
  if (existsSync(outPath)) throw new UsageError(`--out ${out} exists: export never overwrites a file`);
  const title = args.options.get('title');

  const host = new NodeFsHost(root);
  let result;
  try {
    result = await checkWorkspace(host);
  } finally {
    host.dispose();
  }
  if (result.configInvalid) {
    const msgs = result.findings
      .map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.message}\n`)
      .join('');
    return { stdout: '', stderr: `tracespine: the configuration is invalid; nothing exported\n${msgs}`, exitCode: 2 };
  }
  const bodyOf = (item: Item): string => {
    if (item.body !== undefined) return item.body.replace(/\r\n?/g, '\n');
    const text = readTextFile(resolve(root, item.file)).text ?? '';
    const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const split = splitFrontmatter(t);
    return (split.kind === 'ok' ? t.slice(split.bodyStart) : t).replace(/\r\n?/g, '\n');
  };
  const { xml, skipped } = exportReqif({
    config: result.config,
    items: result.items.filter((i, n, all) => all.findIndex((j) => j.id === i.id) === n),
    bodyOf,
    time: exportTime(),
    title: typeof title === 'string' ? title : 'Tracespine design',
    toolVersion: VERSION,
  });
  writeFileSync(outPath, xml, { flag: 'wx' });
  const shown = out;
  const lines = [`wrote ${shown}: ${result.items.length} items, ${result.config.kinds.length} kinds`];
  for (const s of skipped) lines.push(`not exported: ${s.from} ${s.type} ${s.target} (no item defines ${s.target})`);
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 0 };
}
