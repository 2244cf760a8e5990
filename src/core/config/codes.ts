import type { Severity } from '../model/finding';

/** Every fixed diagnostic code (SPEC section 5) with its default severity; coverage.<name> codes come from the configuration. */
export const DEFAULT_SEVERITY = {
  'config.invalid': 'error',
  'frontmatter.yaml': 'error',
  'frontmatter.unterminated': 'error',
  'item.unknown-kind': 'warning',
  'item.duplicate-id': 'error',
  'item.kind-mismatch': 'error',
  'item.missing-title': 'warning',
  'item.missing-field': 'error',
  'item.invalid-field': 'error',
  'link.malformed': 'error',
  'link.unknown-target': 'error',
  'link.wrong-kind': 'error',
  'link.self': 'error',
  'link.duplicate': 'warning',
  'link.cycle': 'error',
  'link.obsolete-target': 'warning',
  'link.suspect': 'warning',
  'link.missing': 'warning',
  'ref.unknown-id': 'warning',
} as const satisfies Record<string, Severity>;

export type FixedCode = keyof typeof DEFAULT_SEVERITY;
export const ALL_CODES = Object.keys(DEFAULT_SEVERITY) as FixedCode[];

/** Every code a finding may carry: a fixed one, or `coverage.<rule name>` from the configuration. */
export type FindingCode = FixedCode | `coverage.${string}`;

/**
 * `code` with its default severity, for a rule to spread into a finding: the table above is
 * the one place a fixed code's severity is written (`rules:` in tracespine.yaml may override it).
 */
export function fixedCode<C extends FixedCode>(code: C): { code: C; severity: (typeof DEFAULT_SEVERITY)[C] } {
  return { code, severity: DEFAULT_SEVERITY[code] };
}

/** One-line explanations, used for SARIF rule metadata and hover help. */
export const CODE_DESCRIPTIONS: Record<FixedCode | 'coverage', string> = {
  'config.invalid': 'tracespine.yaml is not valid YAML or breaks the schema.',
  'frontmatter.yaml': 'The frontmatter is not valid YAML.',
  'frontmatter.unterminated': 'An opening --- line is never closed.',
  'item.unknown-kind': 'The id is shaped LETTERS-DIGITS but matches no configured kind.',
  'item.duplicate-id': 'The same ID is defined in two or more files.',
  'item.kind-mismatch': "'type' names another kind than the ID's.",
  'item.missing-title': 'The item has no title and no H1.',
  'item.missing-field': 'A required kind field is absent.',
  'item.invalid-field': 'A field value is not allowed.',
  'link.malformed': 'A link entry is not a string, or its pin is not 8 lowercase hex digits.',
  'link.unknown-target': 'The link names an ID no item defines.',
  'link.wrong-kind': 'The link type may not go from this kind, or to the target kind.',
  'link.self': 'An item links to itself.',
  'link.duplicate': 'The same target appears twice in one link field.',
  'link.cycle': 'A cycle along an acyclic link type.',
  'link.obsolete-target': 'A live item links to an obsolete one.',
  'link.suspect': "A pinned fingerprint differs from the target's current one: the target changed after the link was reviewed.",
  'link.missing': 'A required-link rule is not met.',
  'ref.unknown-id': 'A body reference names an ID no item defines.',
  coverage: 'A coverage rule is not met.',
};
