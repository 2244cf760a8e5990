import { DEFAULT_CONFIG } from './defaults';

/*
 * Bundled base configurations (SPEC section 7, `preset`): a user's tracespine.yaml that
 * says `preset: NAME` starts from this instead of the defaults, and its own keys replace
 * the preset's one by one. docs/formats.md explains each.
 */

/** Ketryx's IDs are free-form (`RQ-CRC-03`, `SPEC-PIPE-CLASSIFIER`): one broad pattern, kinds told apart by itemType. */
const KETRYX_ID = '[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)+';
const KETRYX_KINDS = ['requirement', 'software_item_spec', 'hardware_item_spec', 'test_case', 'risk', 'use_case'];

const KETRYX = {
  items: ['**/*.md'],
  code: [...DEFAULT_CONFIG.code, '**/*.feature'],
  fields: { id: 'itemId', title: ['itemTitle', 'title'], status: 'status', type: null },
  kinds: {
    requirement: { pattern: KETRYX_ID, name: 'Requirement', match: { itemType: 'Requirement' } },
    software_item_spec: { pattern: KETRYX_ID, name: 'Software Item Spec', match: { itemType: 'Software Item Spec' } },
    hardware_item_spec: { pattern: KETRYX_ID, name: 'Hardware Item Spec', match: { itemType: 'Hardware Item Spec' } },
    test_case: { pattern: KETRYX_ID, name: 'Test Case', match: { itemType: 'Test Case' } },
    risk: { pattern: KETRYX_ID, name: 'Risk', match: { itemType: 'Risk' } },
    use_case: { pattern: KETRYX_ID, name: 'Use Case', match: { itemType: 'Use Case' } },
  },
  links: {
    itemHasParent: { from: KETRYX_KINDS, to: KETRYX_KINDS, acyclic: true },
    itemFulfills: { from: KETRYX_KINDS, to: ['requirement', 'use_case', 'software_item_spec', 'hardware_item_spec'] },
    itemImplements: { from: KETRYX_KINDS, to: KETRYX_KINDS },
    itemIsRelatedTo: { from: KETRYX_KINDS, to: KETRYX_KINDS },
    itemIntroducesRisk: { from: KETRYX_KINDS, to: KETRYX_KINDS },
    itemIsRiskControlledBy: { from: ['risk'], to: KETRYX_KINDS },
    itemTests: { from: ['test_case'], to: ['requirement', 'software_item_spec', 'hardware_item_spec', 'use_case'] },
  },
  required: [],
  coverage: [{ name: 'untested', kind: 'requirement', by: ['itemTests'], severity: 'warning' }],
  code_tags: {
    tests: {
      to: ['requirement', 'software_item_spec', 'hardware_item_spec', 'use_case'],
      counts_as: 'itemTests',
      syntax: ['@tests:{ids}', '@{tag} {ids}'],
    },
    implements: {
      to: ['requirement', 'software_item_spec', 'hardware_item_spec'],
      syntax: ['@implements:{ids}', '@{tag} {ids}'],
    },
  },
  // Prose names standards and products in the same shape as Ketryx IDs (ISO-14971, COVID-19).
  rules: { 'ref.unknown-id': 'off' },
} as const;

/**
 * Doorstop: the kinds, the link type `links` and the parent/child rules come from the tree's
 * `.doorstop.yml` files (doorstop.ts), added when the workspace is listed. Items are YAML
 * (`text`, `header`) or Markdown named by UID; `active: false` retires one. Doorstop's stamps
 * (`links: [- UID: stamp]`, `reviewed`) are kept as they are, not compared.
 */
const DOORSTOP = {
  items: ['**/*.yml', '**/*.md'],
  code: [],
  exclude: [...DEFAULT_CONFIG.exclude, '**/.doorstop.yml'],
  fields: { title: ['header', 'title'], type: null },
  id_from: 'filename',
  retired_when: { active: false },
  kinds: {},
  links: {},
  required: [],
  coverage: [],
  code_tags: {},
  // Doorstop's items need no header.
  rules: { 'item.missing-title': 'off' },
} as const;

export const PRESETS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  none: {},
  ketryx: KETRYX,
  doorstop: DOORSTOP,
};
