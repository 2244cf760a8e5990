import {
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Scalar,
  visit,
  type Alias,
  type Document,
  type Node as YNode,
} from 'yaml';
import type { YamlError, YamlMapEntry, YamlNode, YamlParseResult } from './yamlTree';

/**
 * The reference parser: the `yaml` package (YAML 1.2 core schema), converted to a
 * positioned tree. Every input the fast path does not accept comes here.
 */
export function parseYamlSlow(text: string, start = 0, end = text.length): YamlParseResult {
  const source = text.slice(start, end);
  if (source.includes('\r\n')) return parseCrlf(source, start);
  const doc = parseDocument(source, { prettyErrors: false, lineCounter: new LineCounter(), keepSourceTokens: false });
  const errors: YamlError[] = doc.errors.map((e) => ({
    message: firstLine(e.message),
    code: e.code,
    start: start + Math.min(e.pos[0], source.length),
    end: start + Math.min(Math.max(e.pos[1], e.pos[0]), source.length),
  }));
  if (errors.length > 0) return { errors };
  const contents = doc.contents as YNode | null;
  if (contents === null) return { errors };
  const budget = { nodes: MAX_NODES };
  try {
    return { root: convert(contents, resolveAliases(doc), start, source.length, new Set(), budget), errors };
  } catch (e) {
    if (!(e instanceof AliasBomb)) throw e;
    return {
      errors: [
        {
          message: `aliases expand to more than ${MAX_NODES} values; refusing to expand them`,
          start: e.start,
          end: e.end,
        },
      ],
    };
  }
}

/**
 * CRLF text is parsed as LF text, and every position is mapped back: the `yaml` package
 * counts a CR as a character of its line (its 1,024-character limit on implicit keys, the
 * column of an error at a line's end), and SPEC section 1 requires identical results.
 */
function parseCrlf(source: string, start: number): YamlParseResult {
  // Where each CR that was taken out stood, in the LF text: the position of its LF.
  const crs: number[] = [];
  for (let i = source.indexOf('\r\n'); i >= 0; i = source.indexOf('\r\n', i + 2)) crs.push(i - crs.length);
  const lf = source.replace(/\r\n/g, '\n');
  // An LF-text offset in the CRLF text: one more for each CR before it (a line's end stays before its CR).
  const at = (o: number): number => {
    let lo = 0;
    let hi = crs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (crs[mid]! < o) lo = mid + 1;
      else hi = mid;
    }
    return start + o + lo;
  };
  const r = parseYamlSlow(lf);
  const errors = r.errors.map((e) => ({ ...e, start: at(e.start), end: at(e.end) }));
  return r.root ? { root: remap(r.root, at), errors } : { errors };
}

function remap(node: YamlNode, at: (o: number) => number): YamlNode {
  const start = at(node.start);
  const end = at(node.end);
  if (node.type === 'scalar') return { ...node, start, end };
  if (node.type === 'seq') return { type: 'seq', items: node.items.map((n) => remap(n, at)), start, end };
  return {
    type: 'map',
    entries: node.entries.map((e) => ({
      key: e.key,
      keyStart: at(e.keyStart),
      keyEnd: at(e.keyEnd),
      value: remap(e.value, at),
    })),
    start,
    end,
  };
}

/**
 * Values the converted tree may hold. Aliases are expanded into copies, so a few lines of
 * nested aliases could otherwise describe billions of values (a "billion laughs" document).
 */
const MAX_NODES = 100_000;

class AliasBomb extends Error {
  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    super('alias expansion limit');
  }
}

/**
 * What each alias stands for: the last node before it with its anchor (YAML 1.2 section 3.2.2.2).
 * One walk over the document: the package's `Alias.resolve` walks the whole document for each
 * alias, which is quadratic (100,000 aliases of one anchor took more than a minute).
 */
function resolveAliases(doc: Document): Map<Alias, YNode> {
  const anchors = new Map<string, YNode>();
  const out = new Map<Alias, YNode>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) out.set(node, target);
      } else if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
    },
  });
  return out;
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return (nl < 0 ? message : message.slice(0, nl)).trim();
}

/** `resolving` holds the aliases being expanded, so that a self-referencing alias ends instead of recursing forever. */
function convert(
  node: YNode,
  aliases: ReadonlyMap<Alias, YNode>,
  offset: number,
  limit: number,
  resolving: Set<YNode>,
  budget: { nodes: number },
): YamlNode {
  const [s, e] = node.range ?? [0, 0];
  const start = offset + Math.min(s, limit);
  const end = offset + Math.min(e, limit);
  // An alias counts as the values it expands to, not one more.
  if (!isAlias(node) && --budget.nodes < 0) throw new AliasBomb(start, end);
  if (isAlias(node)) {
    const target = aliases.get(node);
    if (!target || resolving.has(node)) return { type: 'scalar', value: null, plain: true, start, end };
    resolving.add(node);
    const resolved = convert(target, aliases, offset, limit, resolving, budget);
    resolving.delete(node);
    return { ...resolved, start, end };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value =
      v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
        ? v
        : (JSON.stringify(v) ?? '');
    return { type: 'scalar', value, plain: node.type === Scalar.PLAIN, start, end };
  }
  if (isSeq(node)) {
    return {
      type: 'seq',
      items: node.items.map((it) =>
        it === null || typeof it !== 'object'
          ? { type: 'scalar' as const, value: null, plain: true, start: end, end }
          : convert(it as YNode, aliases, offset, limit, resolving, budget),
      ),
      start,
      end,
    };
  }
  if (isMap(node)) {
    const entries: YamlMapEntry[] = [];
    for (const pair of node.items) {
      const k = pair.key as YNode | null;
      const keyRange: readonly [number, number] = k?.range ? [k.range[0], k.range[1]] : [s, s];
      const keyStart = offset + Math.min(keyRange[0], limit);
      const keyEnd = offset + Math.min(keyRange[1], limit);
      const keyValue = k === null ? '' : isScalar(k) ? String(k.value) : JSON.stringify(k.toJSON());
      const v = pair.value as YNode | null;
      // An absent value (`key:`) is null, positioned right after the key.
      const value: YamlNode = v
        ? convert(v, aliases, offset, limit, resolving, budget)
        : { type: 'scalar', value: null, plain: true, start: keyEnd, end: keyEnd };
      entries.push({ key: keyValue, keyStart, keyEnd, value });
    }
    return { type: 'map', entries, start, end };
  }
  return { type: 'scalar', value: null, plain: true, start, end };
}
