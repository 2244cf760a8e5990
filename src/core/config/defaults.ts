/** The configuration that applies where tracespine.yaml does not set a key (SPEC section 3). */
export const DEFAULT_CONFIG = {
  version: 1,
  items: ['**/*.md'],
  code: ['**/*.{ts,tsx,js,jsx,mjs,cjs,py,c,h,cc,cpp,hpp,cs,java,kt,go,rs,swift}'],
  exclude: ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/build/**'],
  statuses: ['draft', 'review', 'approved', 'obsolete'],
  kinds: {
    need: { prefix: 'UN', name: 'User need' },
    requirement: { prefix: 'REQ', name: 'Requirement' },
    hazard: {
      prefix: 'HAZ',
      name: 'Hazard',
      fields: {
        severity: ['negligible', 'minor', 'serious', 'critical', 'catastrophic'],
        probability: ['improbable', 'remote', 'occasional', 'probable', 'frequent'],
      },
      required: ['severity', 'probability'],
      fingerprint: ['severity', 'probability'],
    },
    test: {
      prefix: 'TST',
      name: 'Verification test',
      fields: { method: ['test', 'inspection', 'analysis', 'demonstration'] },
    },
    validation: { prefix: 'VAL', name: 'Validation' },
    deviation: { prefix: 'DEV', name: 'Deviation' },
    anomaly: {
      prefix: 'PR',
      name: 'Problem report',
      fields: {
        severity: ['negligible', 'minor', 'serious', 'critical', 'catastrophic'],
        state: ['open', 'investigating', 'resolved', 'deferred'],
      },
      required: ['state'],
    },
  },
  links: {
    derives_from: { from: ['requirement'], to: ['need', 'requirement'], acyclic: true },
    mitigates: { from: ['requirement'], to: ['hazard'] },
    verifies: { from: ['test'], to: ['requirement'] },
    validates: { from: ['validation'], to: ['need'] },
    affects: { from: ['anomaly'], to: ['requirement', 'test', 'hazard'] },
    found_by: { from: ['anomaly'], to: ['test'] },
  },
  required: [
    { kind: 'requirement', links: ['derives_from', 'mitigates'] },
    { kind: 'test', links: ['verifies'] },
    { kind: 'validation', links: ['validates'] },
  ],
  coverage: [
    { name: 'unverified', kind: 'requirement', by: ['verifies'], severity: 'warning' },
    { name: 'unmitigated', kind: 'hazard', by: ['mitigates'], severity: 'error' },
    { name: 'unrefined', kind: 'need', by: ['derives_from'], severity: 'warning' },
    { name: 'unvalidated', kind: 'need', by: ['validates'], severity: 'warning' },
  ],
  code_tags: {
    implements: { to: ['requirement'] },
    verifies: { to: ['requirement'], counts_as: 'verifies' },
  },
  rules: {},
} as const;

/** `evidence:` where tracespine.yaml sets it (or --results is given); absent, evidence is off. */
export const DEFAULT_EVIDENCE = {
  results: [] as string[],
  properties: ['verifies', 'tested-item-id', 'requirements'],
  records: '.tracespine/evidence',
};
/**
 * Default kinds added after the first release (deviations, SPEC 9; problem reports, SPEC 12): while they have no items they
 * are left out of summaries, listings and SARIF rules, and their link types do not move other
 * kinds in the graph's layers, so a workspace that has none reads exactly as it did before.
 */
export const QUIET_DEFAULT_KINDS: ReadonlySet<string> = new Set(['deviation', 'anomaly']);

/**
 * Default link types of the quiet kinds: when a user's `kinds` drops their kind (and `links` is
 * not set), they are dropped too, and their targets are kept only where the kinds exist.
 */
export const QUIET_DEFAULT_LINKS: ReadonlySet<string> = new Set(['affects', 'found_by']);

/**
 * Targets a default link type takes as well wherever the kind exists (SPEC 12: `found_by` ->
 * test, record). The `record` kind comes with evidence (SPEC 8) or a user's `kinds`, so it cannot
 * be in DEFAULT_CONFIG: it is added to the link while the link is the default one.
 */
export const OPTIONAL_DEFAULT_TARGETS: Readonly<Record<string, readonly string[]>> = { found_by: ['record'] };

export const CONFIG_FILE = 'tracespine.yaml';
