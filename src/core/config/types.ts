import type { SeverityLevel } from '../model/finding';

export interface KindConfig {
  /** The kind's key in `kinds`, e.g. `requirement`. */
  readonly name: string;
  /** Human-readable name, e.g. `Requirement`. */
  readonly label: string;
  readonly prefix?: string;
  readonly pattern: RegExp;
  /** Literal text every ID of this kind starts with (`REQ-`), if the pattern has one: used to find IDs fast. */
  readonly literalPrefix?: string;
  readonly fields: ReadonlyMap<string, readonly (string | number | boolean)[]>;
  readonly required: readonly string[];
  readonly fingerprint: readonly string[];
  /** `match: {FIELD: VALUE}` (SPEC section 7): the item is of this kind only when its fields have these values. */
  readonly match?: readonly (readonly [string, unknown])[];
}

export interface LinkTypeConfig {
  readonly name: string;
  readonly from: ReadonlySet<string>;
  readonly to: ReadonlySet<string>;
  readonly acyclic: boolean;
  /** For entries that are mappings: the key whose value is the target (e.g. Doorstop's `hrid`). */
  readonly targetKey?: string;
}

export interface RequiredRule {
  readonly kind: string;
  readonly links: readonly string[];
}

export interface CoverageRule {
  readonly name: string;
  readonly kind: string;
  readonly by: readonly string[];
  readonly severity: SeverityLevel;
}

export interface CodeTagConfig {
  readonly name: string;
  readonly to: ReadonlySet<string>;
  readonly countsAs?: string;
  /** `syntax` templates in which `{ids}` stands for the IDs (default `@{tag} {ids}`). */
  readonly syntax: readonly string[];
}

/** Where an item's ID comes from (SPEC section 7, `id_from`). */
export type IdSource =
  | { readonly from: 'frontmatter' }
  | { readonly from: 'filename'; readonly pattern?: RegExp }
  | { readonly from: 'heading'; readonly pattern: RegExp };

/** How the reader finds the reserved fields (SPEC section 7: `fields`, `id_from`, `retired`, `retired_when`). */
export interface ReaderConfig {
  /** Frontmatter keys of each reserved field, the first present wins; `type: null` turns the check off. */
  readonly idKeys: readonly string[];
  readonly titleKeys: readonly string[];
  readonly statusKeys: readonly string[];
  readonly typeKeys: readonly string[] | null;
  readonly idFrom: IdSource;
  /** Statuses that exempt an item (today's `obsolete`). */
  readonly retired: ReadonlySet<string>;
  /** Field values that retire an item too, e.g. `active: false`. */
  readonly retiredWhen: readonly (readonly [string, unknown])[];
  /** Every key with a meaning of its own: never a kind field's or link type's key. */
  readonly reserved: ReadonlySet<string>;
  /** The kinds' prefixes (`REQ`), for telling a misspelt ID from a slug. */
  readonly prefixes: readonly string[];
  /** Every setting is the default: the reader takes today's fast path. */
  readonly plain: boolean;
}

export interface TraceConfig {
  readonly items: readonly string[];
  readonly code: readonly string[];
  readonly exclude: readonly string[];
  readonly statuses: readonly string[];
  readonly kinds: readonly KindConfig[];
  readonly kindByName: ReadonlyMap<string, KindConfig>;
  readonly links: ReadonlyMap<string, LinkTypeConfig>;
  readonly required: readonly RequiredRule[];
  readonly coverage: readonly CoverageRule[];
  readonly codeTags: ReadonlyMap<string, CodeTagConfig>;
  readonly rules: ReadonlyMap<string, SeverityLevel>;
  readonly reader: ReaderConfig;
  /** `preset` of tracespine.yaml, when one is set. */
  readonly preset?: string;
}
