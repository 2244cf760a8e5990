import type { Severity, SeverityLevel } from '../model/finding';

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
  'item.placeholder': 'warning',
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
  'approval.missing': 'error',
  'approval.stale': 'warning',
  'approval.invalid': 'error',
  'deviation.expired': 'error',
  'file.unreadable': 'error',
  'risk.unacceptable': 'error',
  'anomaly.unevaluated': 'error',
} as const satisfies Record<string, Severity>;

export type FixedCode = keyof typeof DEFAULT_SEVERITY;
export const ALL_CODES = Object.keys(DEFAULT_SEVERITY) as FixedCode[];

/** Every code a finding may carry: a fixed one, or `coverage.<rule name>` from the configuration. */
export type FindingCode = FixedCode | EvidenceCode | `coverage.${string}`;

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
  'item.placeholder':
    "The item still carries a template's placeholder text (the title 'TODO title' or the body 'TODO: describe this …'): it counts as coverage for nothing.",
  'link.malformed': 'A link entry is not a string, or its pin is not 8 lowercase hex digits.',
  'link.unknown-target': 'The link names an ID no item defines.',
  'link.wrong-kind': 'The link type may not go from this kind, or to the target kind.',
  'link.self': 'An item links to itself.',
  'link.duplicate': 'The same target appears twice in one link field.',
  'link.cycle': 'A cycle along an acyclic link type.',
  'link.obsolete-target': 'A live item links to an obsolete one.',
  'link.suspect':
    "A pinned fingerprint differs from the target's current one: the target changed after the link was reviewed.",
  'link.missing': 'A required-link rule is not met.',
  'ref.unknown-id': 'A body reference names an ID no item defines.',
  'approval.missing': 'An item at a required status lacks a required approval of its current fingerprint.',
  'approval.stale': 'The item changed after it was approved: the approval covers an older text.',
  'approval.invalid':
    'An approval record is malformed, names an unknown item, has a signer outside the role, or lacks a verifying signature where one is required.',
  'deviation.expired': 'A deviation is past its expiry date: it no longer waives anything.',
  'file.unreadable':
    'A file the globs select could not be read as text (binary, too large, not a regular file, a read error): nothing in it is checked.',
  'risk.unacceptable':
    "A hazard's residual risk is unacceptable under the risk policy and no benefit-risk justification is recorded.",
  'anomaly.unevaluated': 'An open or deferred problem report has no safety_evaluation (IEC 62304 5.8.2, 5.8.3, 9).',
  coverage: 'A coverage rule is not met.',
};

/**
 * What to do about each finding: SARIF `help` (GitHub code scanning shows it beside the
 * annotation) and the hover's detail. A code without an entry here fails the typecheck.
 */
export const CODE_HELP: Record<FixedCode | 'coverage', string> = {
  'config.invalid':
    'Fix the key or value at the reported position in tracespine.yaml; the message says which part of the schema it breaks. Until then no gate can be evaluated (exit code 2).',
  'frontmatter.yaml':
    'Correct the YAML between the two --- lines at the reported position. Quote values that contain a colon followed by a space, or a leading @, * or &.',
  'frontmatter.unterminated':
    'Add a line --- after the last frontmatter line, or remove the opening --- if the file has no frontmatter.',
  'item.unknown-kind':
    'Correct the id to a configured kind (see kinds in tracespine.yaml), or add a kind with this prefix or pattern.',
  'item.duplicate-id': 'Give one of the files a new, unused ID; the related locations list every file that defines it.',
  'item.kind-mismatch': "Remove the type field, or set it to the kind the ID's prefix implies.",
  'item.missing-title': 'Add a title field to the frontmatter, or a first-level heading (# …) to the body.',
  'item.missing-field':
    "Add the field with one of the values the kind allows (tracespine.yaml, the kind's fields and required).",
  'item.invalid-field': 'Use one of the allowed values the message lists, with the YAML type the field expects.',
  'item.placeholder':
    'Replace the placeholder with the real title and description. Until then the item is a draft that gives no coverage to the items it links to, so a created stub never makes a coverage finding disappear.',
  'link.malformed': 'Write the entry as ID or ID@FP, where FP is the 8 lowercase hex digits of the target fingerprint.',
  'link.unknown-target': 'Correct the ID to an existing item, remove the link, or create the item it names.',
  'link.wrong-kind':
    'Use a link type that this kind may carry and that may point at the target kind (links in tracespine.yaml).',
  'link.self': 'Remove the link: an item cannot trace to itself.',
  'link.duplicate': 'Remove the repeated entry.',
  'link.cycle': 'Break the cycle: one of the items on it must not derive from the other.',
  'link.obsolete-target': 'Link to the item that replaces the obsolete one, or remove the link.',
  'link.suspect': 'Review the target change, then update the pin to its current fingerprint (quick fix Re-affirm).',
  'link.missing': 'Add a link of one of the required types (required in tracespine.yaml).',
  'ref.unknown-id':
    'Correct the ID, or create the item it names; put it in backticks if it is not meant as a reference.',
  'approval.missing':
    'Have a signer of the required role approve the current text: tracespine approve ID --meaning M (or the Approve Item command).',
  'approval.stale': 'Review what changed since the approval, then approve the current text again.',
  'approval.invalid':
    'Fix or remove the record at the reported key; records are append-only, so write a new approval instead of editing one.',
  'file.unreadable':
    'Make the file readable UTF-8 text under 16 MiB (or exclude it in tracespine.yaml): until then nothing in it counts.',
  'deviation.expired':
    'Renew the deviation (a new expires date, approved again) or fix the findings it waived: they are reported again.',
  'risk.unacceptable':
    'Reduce the residual risk with further risk controls, or record a benefit-risk justification on the hazard (risk policy in tracespine.yaml).',
  'anomaly.unevaluated':
    'Record the safety_evaluation of the problem report (IEC 62304 5.8.2/5.8.3): does it contribute to a hazard, and why is releasing with it acceptable.',
  coverage: 'Add a live item that links to this one with one of the rule link types (coverage in tracespine.yaml).',
};

/**
 * The evidence codes (SPEC section 8), apart from the table above so that a workspace
 * without `evidence:` reports exactly what it did before (SARIF lists these rules only
 * where evidence is configured: src/core/reportedCodes.ts). `evidence.missing` is off unless `rules:` turns it on.
 */
export const EVIDENCE_SEVERITY = {
  'evidence.failed': 'error',
  'evidence.stale': 'warning',
  'evidence.missing': 'off',
  'evidence.unknown-id': 'warning',
  'evidence.unreadable': 'error',
} as const satisfies Record<string, SeverityLevel>;

export type EvidenceCode = keyof typeof EVIDENCE_SEVERITY;
export const EVIDENCE_CODES = Object.keys(EVIDENCE_SEVERITY) as EvidenceCode[];

export const EVIDENCE_DESCRIPTIONS: Record<EvidenceCode, string> = {
  'evidence.failed': 'A test result of the item failed (a <failure> or an <error>).',
  'evidence.stale': 'The item (or the test spec) changed after its test results were recorded.',
  'evidence.missing': 'Links or tags verify the item, but no test result names it.',
  'evidence.unknown-id': 'A test report names an ID no item defines.',
  'evidence.unreadable': 'A results file is not JUnit XML, or a run record cannot be read.',
};

/** What to do about each evidence finding (SARIF help), as CODE_HELP for the fixed codes. */
export const EVIDENCE_HELP: Record<EvidenceCode, string> = {
  'evidence.failed':
    'Fix the implementation or the test until the case passes, then rerun the tests; the related location is the failing case.',
  'evidence.stale': 'Rerun the tests (or record the manual test again) on the current text of the item.',
  'evidence.missing':
    'Run the tests that verify the item and add their JUnit XML to evidence.results, or record a manual result.',
  'evidence.unknown-id': 'Correct the ID in the test report (property, name or code tag), or create the item it names.',
  'evidence.unreadable': 'Point evidence.results at JUnit XML files only, or fix the file at the reported position.',
};
