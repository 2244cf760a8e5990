/**
 * A positioned YAML tree: the small part of YAML's data model that frontmatter and
 * tracespine.yaml use, with source offsets on every node so that each diagnostic can
 * point at the offending key or value. Offsets index the text handed to the parser
 * (the whole file, BOM removed).
 */
export type YamlScalarValue = string | number | boolean | null | bigint;

interface Span {
  readonly start: number;
  readonly end: number;
}

export interface YamlScalar extends Span {
  readonly type: 'scalar';
  readonly value: YamlScalarValue;
  /** The scalar's source text was plain (unquoted, not a block scalar). */
  readonly plain: boolean;
}

export interface YamlSeq extends Span {
  readonly type: 'seq';
  readonly items: readonly YamlNode[];
}

export interface YamlMapEntry {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: YamlNode;
}

export interface YamlMap extends Span {
  readonly type: 'map';
  readonly entries: readonly YamlMapEntry[];
}

export type YamlNode = YamlScalar | YamlSeq | YamlMap;

export interface YamlError {
  readonly message: string;
  /** The `yaml` package's error code (e.g. MULTILINE_IMPLICIT_KEY), for plain messages (yamlMessages.ts). */
  readonly code?: string;
  readonly start: number;
  readonly end: number;
}

export interface YamlParseResult {
  /** Absent when the text has errors; also absent for an empty document. */
  readonly root?: YamlNode;
  readonly errors: readonly YamlError[];
}

/** The plain JavaScript value of a node, as `yaml`'s `toJS()` gives it. */
export function toValue(node: YamlNode): unknown {
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toValue);
    case 'map': {
      const out: Record<string, unknown> = {};
      // defineProperty: a `__proto__` key is data, not the object's prototype.
      for (const e of node.entries)
        Object.defineProperty(out, e.key, {
          value: toValue(e.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return out;
    }
  }
}

export function mapGet(map: YamlMap, key: string): YamlMapEntry | undefined {
  for (const e of map.entries) if (e.key === key) return e;
  return undefined;
}

export function describeType(node: YamlNode): string {
  if (node.type === 'seq') return 'a list';
  if (node.type === 'map') return 'a mapping';
  const v = node.value;
  if (v === null) return 'empty';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return 'a boolean';
  return 'a number';
}
