/**
 * Every command ID of Tracespine, in one place. The code lenses of the engine carry three of
 * them (`showLinks`, `addCoverage`, `showImpact`: any LSP client implements those); the VS Code
 * extension registers all of them and contributes the public ones in package.json, which
 * test/unit/commandIds.test.ts checks against this table.
 */
export const Commands = {
  newItem: 'tracespine.newItem',
  initWorkspace: 'tracespine.initWorkspace',
  recheck: 'tracespine.recheck',
  restartServer: 'tracespine.restartServer',
  showOutput: 'tracespine.showOutput',
  showDesignControls: 'tracespine.showDesignControls',
  // carried by the code lenses (src/core/services/codeLens.ts)
  showLinks: 'tracespine.showLinks',
  addCoverage: 'tracespine.addCoverage',
  showImpact: 'tracespine.showImpact',
  // Design Controls view
  filterUncovered: 'tracespine.filterUncovered',
  filterSuspect: 'tracespine.filterSuspect',
  filterErrors: 'tracespine.filterErrors',
  filterFailing: 'tracespine.filterFailing',
  filterStale: 'tracespine.filterStale',
  filterUnexecuted: 'tracespine.filterUnexecuted',
  filterAll: 'tracespine.filterAll',
  /** Registered, not contributed: the tree's items run it on click. */
  openItem: 'tracespine.openItem',
  // the graph panel (src/extension/graphPanel.ts)
  showGraph: 'tracespine.showGraph',
  reviewChanges: 'tracespine.reviewChanges',
  // the dashboard (src/extension/dashboardPanel.ts)
  showDashboard: 'tracespine.showDashboard',
  // "Report a problem…" on a failing test (src/extension/commands/reportProblem.ts; lens: src/server/reportProblem.ts)
  reportProblem: 'tracespine.reportProblem',
  // the matrix and the release packet (src/extension/releaseCommands.ts)
  exportMatrix: 'tracespine.exportMatrix',
  buildReleasePacket: 'tracespine.buildReleasePacket',
  showMatrix: 'tracespine.showMatrix',
  // manual test records (src/extension/commands/recordResult.ts)
  recordTestResult: 'tracespine.recordTestResult',
  // approvals (src/extension/approvals.ts; the lenses of src/server/approvals.ts carry them)
  approveItem: 'tracespine.approveItem',
  showApprovalDiff: 'tracespine.showApprovalDiff',
} as const;

/** Commands registered but never contributed (so never in the Command Palette). */
export const UNCONTRIBUTED_COMMANDS: readonly string[] = [Commands.openItem, Commands.showApprovalDiff];

/** Test-only commands: registered, never contributed. */
export const InternalCommands = {
  waitForIndex: 'tracespine.internal.waitForIndex',
  state: 'tracespine.internal.state',
  tree: 'tracespine.internal.tree',
  matrixState: 'tracespine.internal.matrixState',
  matrixMessage: 'tracespine.internal.matrixMessage',
} as const;
