import type { ApprovalsConfig, ChangeClassRule } from '../approvals/types';
import type { SeverityLevel } from '../model/finding';
import type { IdPattern } from './idPattern';

export interface KindConfig {
  /** The kind's key in `kinds`, e.g. `requirement`. */
  readonly name: string;
  /** Human-readable name, e.g. `Requirement`. */
  readonly label: string;
  readonly prefix?: string;
  /** Whole-token match (linear time for a user's pattern: idPattern.ts). */
  readonly pattern: IdPattern;
  /** Literal text every ID of this kind starts with (`REQ-`), if the pattern has one: used to find IDs fast. */
  readonly literalPrefix?: string;
  readonly fields: ReadonlyMap<string, readonly (string | number | boolean)[]>;
  readonly required: readonly string[];
  readonly fingerprint: readonly string[];
  /** A kind added to the defaults later (anomaly, SPEC section 12): left out of summaries and listings while it has no items. */
  readonly quiet?: boolean;
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
  /** `unless: {FIELD: VALUE}`: items with any of these field values are exempt (Doorstop's `derived: true`). */
  readonly unless?: readonly (readonly [string, unknown])[];
}

export interface CoverageRule {
  readonly name: string;
  readonly kind: string;
  readonly by: readonly string[];
  readonly severity: SeverityLevel;
  /** `passed`: a covering link counts only with a passing, fresh test result (SPEC section 8). */
  readonly evidence?: 'passed';
  /** `from: [KIND]`: only links from items of these kinds cover (Doorstop: a child in each child document). */
  readonly from?: readonly string[];
  /** `unless: {FIELD: VALUE}`: items with any of these field values are exempt (Doorstop's `normative: false`). */
  readonly unless?: readonly (readonly [string, unknown])[];
}

/** `evidence:` of tracespine.yaml (SPEC section 8); absent when the file does not set it. */
export interface EvidenceConfig {
  /** JUnit XML globs. */
  readonly results: readonly string[];
  /** `<property>` names whose values list IDs. */
  readonly properties: readonly string[];
  /** Folder of run records (workspace-relative). */
  readonly records: string;
  /** The kind of manual test records, and their link to the test they execute. */
  readonly recordKind: string;
  readonly executesLink: string;
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

/** The `risk` policy: which kind is assessed, through which fields, and the acceptability matrix. */
export interface RiskPolicy {
  readonly kind: string;
  readonly fields: {
    readonly severity: string;
    readonly probability: string;
    readonly residualSeverity: string;
    readonly residualProbability: string;
    readonly justification: string;
  };
  /** severity -> the probabilities at which a risk is unacceptable; and those at which it is ALARP. Others: acceptable. */
  readonly unacceptable: ReadonlyMap<string, readonly string[]>;
  readonly alarp: ReadonlyMap<string, readonly string[]>;
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
  /** `coverage_statuses`: only links from items at these statuses count as coverage; absent: every live item's do. */
  readonly coverageStatuses?: ReadonlySet<string>;
  readonly codeTags: ReadonlyMap<string, CodeTagConfig>;
  readonly rules: ReadonlyMap<string, SeverityLevel>;
  /** SPEC section 9: approval records and the policy that requires them. */
  readonly approvals: ApprovalsConfig;
  /** SPEC section 9: change classes, first match wins. */
  readonly changes: readonly ChangeClassRule[];
  /** The severity field's values in order (from the first kind with a `severity` field). */
  readonly severityScale: readonly string[];
  readonly evidence?: EvidenceConfig;
  /** Absent unless tracespine.yaml sets `risk`. */
  readonly risk?: RiskPolicy;
  readonly reader: ReaderConfig;
  /** `preset` of tracespine.yaml, when one is set. */
  readonly preset?: string;
}
