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
  /** A kind added to the defaults later (anomaly, SPEC section 12): left out of summaries and listings while it has no items. */
  readonly quiet?: boolean;
}

export interface LinkTypeConfig {
  readonly name: string;
  readonly from: ReadonlySet<string>;
  readonly to: ReadonlySet<string>;
  readonly acyclic: boolean;
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
}
