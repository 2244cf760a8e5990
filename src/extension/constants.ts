/** Identifiers the manifest (package.json) and the code share. */

export const CLIENT_ID = 'tracespine';
export const CLIENT_NAME = 'Tracespine';

export const VIEW_CONTAINER_ID = 'tracespine';
export const VIEW_ID = 'tracespine.designControls';

export const Commands = {
  newItem: 'tracespine.newItem',
  initWorkspace: 'tracespine.initWorkspace',
  recheck: 'tracespine.recheck',
  restartServer: 'tracespine.restartServer',
  showOutput: 'tracespine.showOutput',
  showDesignControls: 'tracespine.showDesignControls',
  // code-lens commands (src/core/services/codeLens.ts: LENS_COMMANDS)
  showLinks: 'tracespine.showLinks',
  addCoverage: 'tracespine.addCoverage',
  showImpact: 'tracespine.showImpact',
  // Design Controls view
  filterUncovered: 'tracespine.filterUncovered',
  filterSuspect: 'tracespine.filterSuspect',
  filterErrors: 'tracespine.filterErrors',
  filterAll: 'tracespine.filterAll',
  openItem: 'tracespine.openItem',
  // registered by the graph panel (src/extension/graphPanel.ts), when it exists
  showGraph: 'tracespine.showGraph',
  reviewChanges: 'tracespine.reviewChanges',
} as const;

/** Test-only commands: registered, never contributed (so never in the Command Palette). */
export const InternalCommands = {
  waitForIndex: 'tracespine.internal.waitForIndex',
  state: 'tracespine.internal.state',
  tree: 'tracespine.internal.tree',
} as const;

export const ContextKeys = {
  /** `starting` | `ready` | `empty` (no items, no tracespine.yaml) | `configInvalid` | `failed`. */
  state: 'tracespine.state',
  /** `all` | `uncovered` | `suspect` | `errors`: the Design Controls view's filter. */
  filter: 'tracespine.filter',
  /** The active editor's document defines a design item. */
  activeEditorIsItem: 'tracespine.activeEditorIsItem',
} as const;

export const Settings = {
  section: 'tracespine',
  decorations: 'decorations.enabled',
  codeLens: 'codeLens.enabled',
} as const;

/** Markdown plus the languages of the default `code` globs (SPEC section 3). */
export const CODE_LANGUAGES = [
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'python',
  'c',
  'cpp',
  'csharp',
  'java',
  'kotlin',
  'go',
  'rust',
  'swift',
] as const;
