import { fixedCode } from './codes';
import type { ErrorObject } from 'ajv';
import type { Finding, SeverityLevel } from '../model/finding';
import { LineIndex } from '../model/range';
import { parseYamlSlow } from '../parse/yamlSlow';
import { yamlErrorMessage } from '../parse/yamlMessages';
import { mapGet, toValue, type YamlMap, type YamlNode } from '../parse/yamlTree';
import {
  CONFIG_FILE,
  DEFAULT_CONFIG,
  DEFAULT_EVIDENCE,
  OPTIONAL_DEFAULT_TARGETS,
  QUIET_DEFAULT_KINDS,
  QUIET_DEFAULT_LINKS,
} from './defaults';
import type {
  CodeTagConfig,
  CoverageRule,
  KindConfig,
  LinkTypeConfig,
  RequiredRule,
  RiskPolicy,
  TraceConfig,
} from './types';
import { ALL_CODES, EVIDENCE_CODES } from './codes';
import { compileIdPattern, type IdPattern } from './idPattern';
import generatedValidator from './schemaValidator.generated';
import { emptyList } from '../model/lists';
import { crossCheckApprovals, resolveApprovals, resolveChanges, severityScale } from '../approvals/config';
import { PRESETS } from './presets';
import { idFromPattern, idFromProblem, resolveReader } from './reader';

export interface LoadedConfig {
  readonly config: TraceConfig;
  /** `config.invalid` findings; when there are any, `config` is the default and must not gate anything. */
  readonly findings: readonly Finding[];
  /** The file the findings point at (workspace-relative), when there was one. */
  readonly file?: string;
}

type Raw = Record<string, unknown>;

/**
 * schemas/tracespine.schema.json as Ajv compiles it, generated ahead of time (`npm run
 * gen:schema`, checked by a unit test): Ajv's compiler would run at every start (docs/performance.md).
 */
const validateSchema = generatedValidator as unknown as { (data: unknown): boolean; errors?: ErrorObject[] | null };

/**
 * Reads tracespine.yaml (or nothing: the defaults) into a checked configuration.
 * A user's file replaces each top-level key it sets and keeps the defaults of the others.
 * Any problem is a positioned `config.invalid` finding, never an exception.
 */
export function loadConfig(
  text: string | undefined,
  file: string = CONFIG_FILE,
  overrides: ConfigOverrides = {},
): LoadedConfig {
  const loaded = loadConfigText(text, file);
  if (overrides.results === undefined || loaded.findings.length > 0) return loaded;
  return { ...loaded, config: withResults(loaded.config, overrides.results) };
}

/** What the command line sets over tracespine.yaml. */
export interface ConfigOverrides {
  /** `--results GLOB`: replaces `evidence.results` (and turns evidence on). */
  readonly results?: readonly string[];
}

/** The configuration with `evidence.results` replaced (evidence turned on with its defaults where it was off). */
export function withResults(config: TraceConfig, results: readonly string[]): TraceConfig {
  if (config.evidence) return { ...config, evidence: { ...config.evidence, results } };
  return resolveEvidence(config, { results: [...results] });
}

function loadConfigText(text: string | undefined, file: string): LoadedConfig {
  if (text === undefined) return { config: resolveConfig(DEFAULT_CONFIG), findings: [] };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const report = (message: string, start: number, end: number): void => {
    findings.push({ ...fixedCode('config.invalid'), message, file, range: lines.rangeAt(start, end) });
  };
  const parsed = parseYamlSlow(text);
  for (const e of parsed.errors) report(yamlErrorMessage('tracespine.yaml', e.code, e.message), e.start, e.end);
  if (findings.length > 0) return { config: resolveConfig(DEFAULT_CONFIG), findings, file };
  const root = parsed.root;
  if (root === undefined) return { config: resolveConfig(DEFAULT_CONFIG), findings: [], file };
  if (root.type !== 'map') {
    report('tracespine.yaml must be a mapping of settings (version, kinds, links, ...)', root.start, root.end);
    return { config: resolveConfig(DEFAULT_CONFIG), findings, file };
  }
  const user = toValue(root) as Raw;
  if (!validateSchema(user)) {
    for (const err of relevantErrors(validateSchema.errors ?? [])) {
      const { node, key } = locate(root, err);
      const [s, e] = key ?? (node ? [node.start, node.end] : [root.start, root.start]);
      report(describeError(err, file.slice(file.lastIndexOf('/') + 1), user), s, e);
    }
    return { config: resolveConfig(DEFAULT_CONFIG), findings, file };
  }
  const preset = typeof user.preset === 'string' ? PRESETS[user.preset] : undefined;
  const merged: Raw = { ...(DEFAULT_CONFIG as unknown as Raw), ...preset, ...user };
  if (user.kinds !== undefined && user.links === undefined) merged.links = quietLinksFor(merged.kinds as Raw);
  crossCheck(merged, root, report);
  if (findings.length > 0) return { config: resolveConfig(DEFAULT_CONFIG), findings, file };
  return { config: resolveConfig(merged), findings: [], file };
}

/** Raw link types taken from the defaults (not written by the user), and what they resolve to. */
const DEFAULT_LINK_RAWS = new WeakSet<object>(Object.values(DEFAULT_CONFIG.links));
const DEFAULT_LINKS = new WeakSet<LinkTypeConfig>();

/**
 * The default link types for a user's own `kinds`: those of the quiet default kinds (section 12)
 * go when their kind is not configured, and keep only the targets that are; the others stay
 * as they are (and are checked as ever).
 */
function quietLinksFor(kinds: Raw): Raw {
  const out: Raw = {};
  for (const [name, lt] of Object.entries(
    DEFAULT_CONFIG.links as unknown as Record<string, { from: string[]; to: string[] }>,
  )) {
    if (!QUIET_DEFAULT_LINKS.has(name)) {
      out[name] = lt;
      continue;
    }
    const from = lt.from.filter((k) => Object.hasOwn(kinds, k));
    const to = [...lt.to, ...(OPTIONAL_DEFAULT_TARGETS[name] ?? [])].filter((k) => Object.hasOwn(kinds, k));
    if (from.length > 0 && to.length > 0) {
      const raw = { ...lt, from, to };
      DEFAULT_LINK_RAWS.add(raw);
      out[name] = raw;
    }
  }
  return out;
}

/** Ajv reports both branches of anyOf; keep the one summary a user can act on. */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  // Where a value fits none of an anyOf's forms (id_from, fields), the anyOf alone says what is wanted.
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  return errors.filter(
    (e) =>
      !(e.keyword === 'required' && e.schemaPath.includes('/anyOf/')) &&
      e.keyword !== 'if' &&
      !(e.keyword !== 'anyOf' && e.schemaPath.includes('/anyOf/') && anyOfAt.has(e.instancePath)),
  );
}

function describeError(err: ErrorObject, fileName: string, user: Raw): string {
  const segs = err.instancePath === '' ? [] : err.instancePath.slice(1).split('/').map(unescapePointer);
  const dotted = segs.join('.');
  // The setting in the author's terms ("the severity of coverage rule 'unverified'"), the path after it.
  const named = subjectOf(segs, user);
  const where = segs.length === 0 ? fileName : (named ?? `'${dotted}'`);
  const at = named === undefined ? '' : ` (at ${dotted})`;
  const cap = (m: string): string => m.charAt(0).toUpperCase() + m.slice(1) + at;
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties':
      return `unknown key '${String(p.additionalProperty)}' in ${where}${at}`;
    case 'anyOf':
      if (err.instancePath === '/id_from')
        return `${where} must be frontmatter, filename, {filename: REGEX} or {heading: REGEX}`;
      if (err.instancePath.startsWith('/fields/'))
        return `${where} must be a key or a list of keys${err.instancePath === '/fields/type' ? ', or null' : ''}`;
      return cap(`${named ?? `kind ${where}`} needs a 'prefix' or a 'pattern'`);
    case 'required':
      return cap(`${where} is missing '${String(p.missingProperty)}'`);
    case 'type':
      return cap(`${where} must be ${article(String(p.type))}${butIs(valueAt(user, segs))}`);
    case 'enum':
      return cap(
        `${where} must be one of ${(p.allowedValues as unknown[]).map((v) => String(v)).join(', ')}${butIs(valueAt(user, segs))}`,
      );
    case 'const':
      return cap(`${where} must be ${JSON.stringify(p.allowedValue)}`);
    case 'pattern':
      return cap(`${where} must match ${String(p.pattern)}`);
    case 'propertyNames':
      return cap(`${where} has a key that is not a valid name (letters, digits, '_' and '-', starting with a letter)`);
    case 'minItems':
    case 'minProperties':
    case 'minLength':
      return cap(`${where} must not be empty`);
    case 'uniqueItems':
      return cap(`${where} must not list the same value twice`);
    default:
      return cap(`${where} ${err.message ?? 'is invalid'}`);
  }
}

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

function valueAt(user: Raw, segs: readonly string[]): unknown {
  let v: unknown = user;
  for (const seg of segs) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** ", not 'fatal'" for a scalar that breaks the rule; nothing for lists and mappings (the position shows them). */
function butIs(v: unknown): string {
  if (typeof v === 'string') return `, not '${v}'`;
  return typeof v === 'number' || typeof v === 'boolean' ? `, not ${String(v)}` : '';
}

/**
 * A setting by what it means: "coverage rule 'unverified'", "the severity of coverage rule
 * 'unverified'", "the allowed values of field 'severity' of kind 'hazard'". Undefined where
 * the dotted path says it as well (top-level keys) or there is no better name.
 */
function subjectOf(segs: readonly string[], user: Raw): string | undefined {
  const [top, a, b, c, d] = segs;
  if (a === undefined) return undefined;
  const rule = (list: string, label: string, nameKey: string): string => {
    const entry = valueAt(user, [list, a]);
    const name = typeof entry === 'object' && entry !== null ? (entry as Raw)[nameKey] : undefined;
    return typeof name === 'string'
      ? `${label} ${list === 'required' ? `${Number(a) + 1} (kind ${name})` : `'${name}'`}`
      : `${label} ${Number(a) + 1}`;
  };
  const owner = (label: string): string | undefined => {
    if (b === undefined) return label;
    if (c === undefined) return `the ${b} of ${label}`;
    if (/^\d+$/.test(c) && d === undefined) return `entry ${Number(c) + 1} of '${b}' in ${label}`;
    return undefined;
  };
  switch (top) {
    case 'coverage':
      return /^\d+$/.test(a) ? owner(rule('coverage', 'coverage rule', 'name')) : undefined;
    case 'required':
      return /^\d+$/.test(a) ? owner(rule('required', 'required-link rule', 'kind')) : undefined;
    case 'kinds':
      if (b === 'fields' && c !== undefined)
        return d === undefined ? `the allowed values of field '${c}' of kind '${a}'` : undefined;
      return owner(`kind '${a}'`);
    case 'links':
      return owner(`link type '${a}'`);
    case 'code_tags':
      return owner(`code tag '@${a}'`);
    case 'rules':
      return b === undefined ? `the severity of ${a} under rules` : undefined;
    default:
      return undefined;
  }
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    integer: 'a whole number',
  };
  return type
    .split(',')
    .map((t) => names[t] ?? t)
    .join(' or ');
}

/** The YAML node (and, for unknown or invalid keys, the key's span) an Ajv error points at. */
function locate(root: YamlMap, err: ErrorObject): { node?: YamlNode; key?: [number, number] } {
  const segments =
    err.instancePath === ''
      ? []
      : err.instancePath
          .slice(1)
          .split('/')
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: YamlNode = root;
  let key: [number, number] | undefined;
  for (const seg of segments) {
    const next = child(node, seg);
    if (!next) break;
    node = next.node;
    key = next.key;
  }
  const p = err.params as Record<string, unknown>;
  const badKey =
    err.keyword === 'additionalProperties'
      ? p.additionalProperty
      : err.keyword === 'propertyNames'
        ? p.propertyName
        : undefined;
  if (typeof badKey === 'string' && node.type === 'map') {
    const e = mapGet(node, badKey);
    if (e) return { node: e.value, key: [e.keyStart, e.keyEnd] };
  }
  if (err.keyword === 'required' || err.keyword === 'anyOf' || err.keyword === 'minProperties') return { node, key };
  return { node };
}

function child(node: YamlNode, seg: string): { node: YamlNode; key?: [number, number] } | undefined {
  if (node.type === 'map') {
    const e = mapGet(node, seg);
    return e ? { node: e.value, key: [e.keyStart, e.keyEnd] } : undefined;
  }
  if (node.type === 'seq') {
    const item = node.items[Number(seg)];
    return item ? { node: item } : undefined;
  }
  return undefined;
}

/**
 * Checks names across keys: a link type, rule or tag that names a kind or link type the
 * merged configuration lacks. A name inherited from a default is reported on the
 * user's top-level key that removed what it names.
 */
function crossCheck(cfg: Raw, root: YamlMap, report: (message: string, start: number, end: number) => void): void {
  const kinds = new Set(Object.keys(cfg.kinds as Raw));
  const links = new Set(Object.keys(cfg.links as Raw));
  const at = (path: (string | number)[], fallbackKey: string): [number, number] => {
    let node: YamlNode | undefined = root;
    let span: [number, number] | undefined;
    for (const seg of path) {
      const next: { node: YamlNode; key?: [number, number] } | undefined = node ? child(node, String(seg)) : undefined;
      if (!next) {
        node = undefined;
        break;
      }
      node = next.node;
      span = [node.start, node.end];
    }
    if (node && span) return span;
    // The name comes from a default: point at the user's key that made it dangle.
    const top = mapGet(root, fallbackKey);
    return top ? [top.keyStart, top.keyEnd] : [root.start, root.start];
  };
  const inherited = (key: string): string =>
    mapGet(root, key) ? '' : ` (default '${key}'; set '${key}' to match your kinds and link types)`;
  const blame = (key: string, dependsOn: string): string => (mapGet(root, key) ? key : dependsOn);

  const kindsRaw = cfg.kinds as Record<string, Raw>;
  for (const [name, k] of Object.entries(kindsRaw)) {
    if (typeof k.pattern === 'string') {
      try {
        compileIdPattern(k.pattern);
      } catch (e) {
        const [s, en] = at(['kinds', name, 'pattern'], 'kinds');
        report(`kinds.${name}.pattern is not a valid regular expression: ${(e as Error).message}`, s, en);
      }
    }
    const fields = (k.fields ?? {}) as Raw;
    for (const list of ['required', 'fingerprint'] as const) {
      ((k[list] ?? []) as string[]).forEach((f, i) => {
        if (!Object.hasOwn(fields, f)) {
          const [s, e] = at(['kinds', name, list, i], 'kinds');
          report(`kinds.${name}.${list} names field '${f}', which kinds.${name}.fields does not define`, s, e);
        }
      });
    }
  }
  for (const [name, lt] of Object.entries(cfg.links as Record<string, { from: string[]; to: string[] }>)) {
    for (const side of ['from', 'to'] as const) {
      lt[side].forEach((k, i) => {
        if (!kinds.has(k)) {
          const [s, e] = at(['links', name, side, i], blame('links', 'kinds'));
          report(`link type '${name}' names kind '${k}', which is not configured${inherited('links')}`, s, e);
        }
      });
    }
  }
  (cfg.required as { kind: string; links: string[] }[]).forEach((r, i) => {
    if (!kinds.has(r.kind)) {
      const [s, e] = at(['required', i, 'kind'], blame('required', 'kinds'));
      report(`required rule names kind '${r.kind}', which is not configured${inherited('required')}`, s, e);
    }
    r.links.forEach((l, j) => {
      if (!links.has(l)) {
        const [s, e] = at(['required', i, 'links', j], blame('required', 'links'));
        report(`required rule names link type '${l}', which is not configured${inherited('required')}`, s, e);
      }
    });
  });
  const coverageNames = new Set<string>();
  (cfg.coverage as { name: string; kind: string; by: string[]; from?: string[] }[]).forEach((r, i) => {
    (r.from ?? []).forEach((k, j) => {
      if (!kinds.has(k)) {
        const [s, e] = at(['coverage', i, 'from', j], blame('coverage', 'kinds'));
        report(`coverage rule '${r.name}' names kind '${k}', which is not configured${inherited('coverage')}`, s, e);
      }
    });
    if (coverageNames.has(r.name)) {
      const [s, e] = at(['coverage', i, 'name'], 'coverage');
      report(`coverage rule name '${r.name}' is used twice`, s, e);
    }
    coverageNames.add(r.name);
    if (!kinds.has(r.kind)) {
      const [s, e] = at(['coverage', i, 'kind'], blame('coverage', 'kinds'));
      report(`coverage rule '${r.name}' names kind '${r.kind}', which is not configured${inherited('coverage')}`, s, e);
    }
    r.by.forEach((l, j) => {
      if (!links.has(l)) {
        const [s, e] = at(['coverage', i, 'by', j], blame('coverage', 'links'));
        report(
          `coverage rule '${r.name}' names link type '${l}', which is not configured${inherited('coverage')}`,
          s,
          e,
        );
      }
    });
  });
  if (Array.isArray(cfg.coverage_statuses)) {
    const statuses = new Set(cfg.statuses as string[]);
    (cfg.coverage_statuses as string[]).forEach((st, i) => {
      if (!statuses.has(st)) {
        const [s, e] = at(['coverage_statuses', i], blame('coverage_statuses', 'statuses'));
        report(
          `coverage_statuses names status '${st}', which is not one of the statuses (${(cfg.statuses as string[]).join(', ')})`,
          s,
          e,
        );
      }
    });
  }
  for (const [name, tag] of Object.entries(cfg.code_tags as Record<string, { to: string[]; counts_as?: string }>)) {
    tag.to.forEach((k, i) => {
      if (!kinds.has(k)) {
        const [s, e] = at(['code_tags', name, 'to', i], blame('code_tags', 'kinds'));
        report(`code tag '@${name}' names kind '${k}', which is not configured${inherited('code_tags')}`, s, e);
      }
    });
    if (tag.counts_as !== undefined && !links.has(tag.counts_as)) {
      const [s, e] = at(['code_tags', name, 'counts_as'], blame('code_tags', 'links'));
      report(
        `code tag '@${name}' counts as link type '${tag.counts_as}', which is not configured${inherited('code_tags')}`,
        s,
        e,
      );
    }
  }
  crossCheckApprovals(cfg, at, report);
  if (cfg.risk !== undefined) riskCrossCheck(cfg, kindsRaw, root, at, report);
  readerCheck(cfg, at, report);
  const known = new Set([...ALL_CODES, ...EVIDENCE_CODES, ...[...coverageNames].map((n) => `coverage.${n}`)]);
  for (const code of Object.keys(cfg.rules as Raw)) {
    if (!known.has(code)) {
      const [s, e] = at(['rules', code], 'rules');
      const rules = mapGet(root, 'rules');
      const entry = rules && rules.value.type === 'map' ? mapGet(rules.value, code) : undefined;
      report(`rules names '${code}', which is not a diagnostic code`, entry?.keyStart ?? s, entry?.keyEnd ?? e);
    }
  }
}

/** The risk policy's kind must exist; its matrix may name only the severity and probability values that kind allows. */
function riskCrossCheck(
  cfg: Raw,
  kindsRaw: Record<string, Raw>,
  root: YamlMap,
  at: (path: (string | number)[], fallbackKey: string) => [number, number],
  report: (message: string, start: number, end: number) => void,
): void {
  const risk = resolveRisk(cfg.risk as Raw);
  const kind = kindsRaw[risk.kind];
  if (!kind) {
    const [s, e] = at(['risk', 'kind'], 'risk');
    report(`risk policy names kind '${risk.kind}', which is not configured`, s, e);
    return;
  }
  const fields = (kind.fields ?? {}) as Record<string, unknown[]>;
  for (const table of ['unacceptable', 'alarp'] as const) {
    for (const [sev, probs] of risk[table]) {
      const sevs = fields[risk.fields.severity];
      if (sevs && !sevs.includes(sev)) {
        let node: { node: YamlNode; key?: [number, number] } | undefined = { node: root };
        for (const seg of ['risk', table, sev]) node = node ? child(node.node, seg) : undefined;
        const [s, e] = node?.key ?? at(['risk', table, sev], 'risk');
        report(
          `risk.${table} names severity '${sev}', which kinds.${risk.kind}.fields.${risk.fields.severity} does not allow`,
          s,
          e,
        );
      }
      const allowed = fields[risk.fields.probability];
      probs.forEach((p, i) => {
        if (allowed && !allowed.includes(p)) {
          const [s, e] = at(['risk', table, sev, i], 'risk');
          report(
            `risk.${table}.${sev} names probability '${p}', which kinds.${risk.kind}.fields.${risk.fields.probability} does not allow`,
            s,
            e,
          );
        }
      });
    }
  }
}

function resolveRisk(raw: Raw): RiskPolicy {
  const f = (raw.fields ?? {}) as Record<string, string>;
  const cells = (v: unknown): Map<string, string[]> => new Map(Object.entries((v ?? {}) as Record<string, string[]>));
  return {
    kind: typeof raw.kind === 'string' ? raw.kind : 'hazard',
    fields: {
      severity: f.severity ?? 'severity',
      probability: f.probability ?? 'probability',
      residualSeverity: f.residual_severity ?? 'residual_severity',
      residualProbability: f.residual_probability ?? 'residual_probability',
      justification: f.justification ?? 'benefit_risk',
    },
    unacceptable: cells(raw.unacceptable),
    alarp: cells(raw.alarp),
  };
}

/** The reader keys (SPEC section 7): `id_from` patterns, code tag templates. */
function readerCheck(
  cfg: Raw,
  at: (path: (string | number)[], fallbackKey: string) => [number, number],
  report: (message: string, start: number, end: number) => void,
): void {
  const idFrom = idFromPattern(cfg.id_from);
  if (idFrom) {
    const problem = idFromProblem(idFrom.source);
    if (problem) {
      const [s, e] = at(['id_from', idFrom.from], 'id_from');
      report(`id_from.${idFrom.from} ${problem}`, s, e);
    }
  }
  for (const [name, tag] of Object.entries(cfg.code_tags as Record<string, { syntax?: string[] }>)) {
    (tag.syntax ?? []).forEach((t, i) => {
      if (t.split('{ids}').length !== 2 || t.indexOf('{ids}') === 0) {
        const [s, e] = at(['code_tags', name, 'syntax', i], 'code_tags');
        report(`code tag '@${name}' syntax '${t}' must hold '{ids}' once, after some text`, s, e);
      }
    });
  }
}

function literalPrefixOf(pattern: string): string | undefined {
  // Alternatives may start differently: no single prefix then.
  if (pattern.includes('|')) return undefined;
  // The pattern is anchored at the start whether or not it says so.
  const source = pattern.startsWith('^') ? pattern : `^${pattern}`;
  const m = /^\^((?:[A-Za-z0-9_]|\\-|-)+)/.exec(source);
  if (!m) return undefined;
  let lit = m[1]!.replace(/\\-/g, '-');
  const next = source.charAt(m[0].length);
  // A quantifier applies to the last literal character, which is then not certain.
  if (next === '*' || next === '?' || next === '{' || next === '+') lit = lit.slice(0, -1);
  return lit.length > 0 ? lit : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const DEFAULT_SYNTAX: readonly string[] = ['@{tag} {ids}'];

/** Turns a merged, schema-valid configuration into lookup structures. */
export function resolveConfig(raw: Raw): TraceConfig {
  const kinds: KindConfig[] = Object.entries(raw.kinds as Record<string, Raw>).map(([name, k]) => {
    // A prefix gives a pattern of ours, safe for JavaScript's (faster) engine; a user's pattern is
    // matched in linear time (idPattern.ts).
    const pattern: IdPattern =
      typeof k.pattern === 'string'
        ? compileIdPattern(k.pattern)
        : new RegExp(`^${escapeRegExp(String(k.prefix))}-\\d+$`, 'u');
    const fields = new Map(Object.entries((k.fields ?? {}) as Record<string, (string | number | boolean)[]>));
    return {
      name,
      label: typeof k.name === 'string' ? k.name : name,
      ...(typeof k.prefix === 'string' ? { prefix: k.prefix } : {}),
      pattern,
      literalPrefix: literalPrefixOf(typeof k.pattern === 'string' ? k.pattern : `^${escapeRegExp(String(k.prefix))}-`),
      fields,
      required: (k.required ?? []) as string[],
      fingerprint: k.fingerprint === undefined ? emptyList<string>() : [...(k.fingerprint as string[])].sort(),
      quiet: QUIET_DEFAULT_KINDS.has(name),
      ...(k.match !== undefined ? { match: Object.entries(k.match as Raw) } : {}),
    };
  });
  const links = new Map<string, LinkTypeConfig>(
    Object.entries(
      raw.links as Record<string, { from: string[]; to: string[]; acyclic?: boolean; target_key?: string }>,
    ).map(([name, l]) => {
      const lt: LinkTypeConfig = {
        name,
        from: new Set(l.from),
        to: new Set(l.to),
        acyclic: l.acyclic === true,
        ...(l.target_key !== undefined ? { targetKey: l.target_key } : {}),
      };
      if (DEFAULT_LINK_RAWS.has(l)) DEFAULT_LINKS.add(lt);
      return [name, lt];
    }),
  );
  const codeTags = new Map<string, CodeTagConfig>(
    Object.entries(raw.code_tags as Record<string, { to: string[]; counts_as?: string; syntax?: string[] }>).map(
      ([name, t]) => [
        name,
        {
          name,
          to: new Set(t.to),
          ...(t.counts_as !== undefined ? { countsAs: t.counts_as } : {}),
          syntax: t.syntax ?? DEFAULT_SYNTAX,
        },
      ],
    ),
  );
  const config: TraceConfig = {
    items: raw.items as string[],
    code: raw.code as string[],
    exclude: raw.exclude as string[],
    statuses: raw.statuses as string[],
    kinds,
    kindByName: new Map(kinds.map((k) => [k.name, k])),
    links,
    required: (raw.required as { kind: string; links: string[]; unless?: Raw }[]).map((r): RequiredRule =>
      r.unless === undefined
        ? { kind: r.kind, links: r.links }
        : { kind: r.kind, links: r.links, unless: Object.entries(r.unless) },
    ),
    coverage: (
      raw.coverage as {
        name: string;
        kind: string;
        by: string[];
        severity?: SeverityLevel;
        evidence?: string;
        from?: string[];
        unless?: Raw;
      }[]
    ).map((c): CoverageRule => ({
      name: c.name,
      kind: c.kind,
      by: c.by,
      severity: c.severity ?? 'warning',
      ...(c.evidence === 'passed' ? { evidence: 'passed' as const } : {}),
      ...(c.from !== undefined ? { from: c.from } : {}),
      ...(c.unless !== undefined ? { unless: Object.entries(c.unless) } : {}),
    })),
    codeTags,
    ...(Array.isArray(raw.coverage_statuses) ? { coverageStatuses: new Set(raw.coverage_statuses as string[]) } : {}),
    rules: new Map(Object.entries(raw.rules as Record<string, SeverityLevel>)),
    approvals: resolveApprovals(raw.approvals),
    changes: resolveChanges(raw.changes),
    severityScale: severityScale(raw.kinds as Record<string, Raw>),
    ...(raw.risk !== undefined ? { risk: resolveRisk(raw.risk as Raw) } : {}),
    reader: resolveReader(raw, kinds),
    ...(typeof raw.preset === 'string' && raw.preset !== 'none' ? { preset: raw.preset } : {}),
  };
  return raw.evidence === undefined ? config : resolveEvidence(config, raw.evidence as Raw);
}

/**
 * Turns evidence on: its defaults under what `evidence:` sets, and the manual record kind
 * (`record`, prefix TR, field `result` required) with its link `executes` (record -> test),
 * each unless the configuration defines a kind or link type of that name already.
 */
function resolveEvidence(config: TraceConfig, raw: Raw): TraceConfig {
  const d = DEFAULT_EVIDENCE;
  const evidence = {
    results: (raw.results as string[] | undefined) ?? d.results,
    properties: (raw.properties as string[] | undefined) ?? d.properties,
    records: ((raw.records as string | undefined) ?? d.records).replace(/\/+$/, ''),
    recordKind: 'record',
    executesLink: 'executes',
  };
  let { kinds, links, required } = config;
  if (!config.kindByName.has('record') && config.kindByName.has('test')) {
    kinds = [
      ...kinds,
      {
        name: 'record',
        label: 'Test record',
        prefix: 'TR',
        pattern: /^(?:^TR-\d+$)$/u,
        literalPrefix: 'TR-',
        fields: new Map([['result', ['pass', 'fail', 'blocked']]]),
        required: ['result'],
        fingerprint: emptyList<string>(),
      },
    ];
    required = [...required, { kind: 'record', links: ['executes'] }];
  }
  if (!config.links.has('executes') && config.kindByName.has('test')) {
    const withExecutes = new Map(links);
    withExecutes.set('executes', {
      name: 'executes',
      from: new Set(['record']),
      to: new Set(['test']),
      acyclic: false,
    });
    links = withExecutes;
  }
  const kindByName = new Map(kinds.map((k) => [k.name, k]));
  links = withOptionalTargets(links, kindByName);
  return { ...config, kinds, kindByName, links, required, evidence };
}

/**
 * Default link types (never a user's) with the optional targets whose kinds exist, e.g.
 * `found_by` -> `record` once evidence adds the record kind (SPEC 12).
 */
function withOptionalTargets(
  links: ReadonlyMap<string, LinkTypeConfig>,
  kinds: ReadonlyMap<string, KindConfig>,
): ReadonlyMap<string, LinkTypeConfig> {
  let out: Map<string, LinkTypeConfig> | undefined;
  for (const [name, extra] of Object.entries(OPTIONAL_DEFAULT_TARGETS)) {
    const lt = links.get(name);
    if (!lt || !DEFAULT_LINKS.has(lt)) continue;
    const add = extra.filter((k) => kinds.has(k) && !lt.to.has(k));
    if (add.length === 0) continue;
    const widened: LinkTypeConfig = { ...lt, to: new Set([...lt.to, ...add]) };
    DEFAULT_LINKS.add(widened);
    (out ??= new Map(links)).set(name, widened);
  }
  return out ?? links;
}

/**
 * The kind of an item: the first kind whose pattern its ID fits and whose `match` its
 * fields meet (`field(key)` gives a field's value).
 */
export function kindOfItem(config: TraceConfig, id: string, field: (key: string) => unknown): KindConfig | undefined {
  for (const k of config.kinds) {
    if (k.literalPrefix !== undefined && !id.startsWith(k.literalPrefix)) continue;
    if (!k.pattern.test(id)) continue;
    if (k.match === undefined || k.match.every(([key, v]) => field(key) === v)) return k;
  }
  return undefined;
}

/** The kind an ID belongs to: the first configured kind whose pattern it matches. */
export function kindOfId(config: TraceConfig, id: string): KindConfig | undefined {
  for (const k of config.kinds) {
    if (k.literalPrefix !== undefined && !id.startsWith(k.literalPrefix)) continue;
    if (k.pattern.test(id)) return k;
  }
  return undefined;
}
