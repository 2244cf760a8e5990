/**
 * The graph's CSS, written once and used twice: on the page with `var(--vscode-*, fallback)`
 * (adopted as a constructable stylesheet, which a strict CSP allows), and in an exported SVG
 * with every variable resolved to the current theme's colour, so the file stands alone.
 */

/** Turns a theme variable (with its fallback) into a CSS value. */
export type Resolve = (name: string, fallback: string) => string;

export const cssVar: Resolve = (name, fallback) => `var(${name}, ${fallback})`;

/** Kind colour slots (see model.kindColorSlot) and the theme colours they use. */
export const SLOT_COLORS: Record<string, readonly [string, string]> = {
  need: ['--vscode-charts-purple', '#b180d7'],
  req: ['--vscode-charts-blue', '#3794ff'],
  hazard: ['--vscode-charts-red', '#f14c4c'],
  test: ['--vscode-charts-green', '#89d185'],
  val: ['--vscode-terminal-ansiCyan', '#29b8db'],
  p0: ['--vscode-charts-yellow', '#cca700'],
  p1: ['--vscode-charts-orange', '#d18616'],
  p2: ['--vscode-terminal-ansiCyan', '#29b8db'],
  p3: ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
  p4: ['--vscode-charts-foreground', '#cccccc'],
  p5: ['--vscode-terminal-ansiBrightBlue', '#3b8eea'],
};

/** Every theme variable the graph uses, with its fallback (dark theme values). */
export const THEME: Record<string, readonly [string, string]> = {
  bg: ['--vscode-editor-background', '#1e1e1e'],
  fg: ['--vscode-editor-foreground', '#cccccc'],
  muted: ['--vscode-descriptionForeground', '#9d9d9d'],
  nodeBg: ['--vscode-editorWidget-background', '#252526'],
  nodeBorder: ['--vscode-editorWidget-border', '#454545'],
  bandBg: ['--vscode-sideBar-background', '#252526'],
  edge: ['--vscode-editorLineNumber-foreground', '#858585'],
  edgeHl: ['--vscode-editorLineNumber-activeForeground', '#c6c6c6'],
  focus: ['--vscode-focusBorder', '#007fd4'],
  error: ['--vscode-editorError-foreground', '#f14c4c'],
  warning: ['--vscode-editorWarning-foreground', '#cca700'],
  suspect: ['--vscode-charts-orange', '#d18616'],
  added: ['--vscode-gitDecoration-addedResourceForeground', '#81b88b'],
  deleted: ['--vscode-gitDecoration-deletedResourceForeground', '#c74e39'],
  modified: ['--vscode-gitDecoration-modifiedResourceForeground', '#e2c08d'],
  relinked: ['--vscode-gitDecoration-renamedResourceForeground', '#73c991'],
  impacted: ['--vscode-charts-orange', '#d18616'],
  match: ['--vscode-editor-findMatchBorder', '#f8c95a'],
  badgeBg: ['--vscode-badge-background', '#4d4d4d'],
  passed: ['--vscode-testing-iconPassed', '#73c991'],
  failed: ['--vscode-testing-iconFailed', '#f14c4c'],
  anomaly: ['--vscode-charts-purple', '#b180d7'],
  badgeFg: ['--vscode-badge-foreground', '#ffffff'],
  font: ['--vscode-font-family', 'system-ui, -apple-system, "Segoe UI", sans-serif'],
  mono: ['--vscode-editor-font-family', 'Menlo, Consolas, "DejaVu Sans Mono", monospace'],
};

export function graphCss(r: Resolve): string {
  const t = (k: keyof typeof THEME): string => r(THEME[k]![0], THEME[k]![1]);
  const slots = Object.entries(SLOT_COLORS)
    .map(([slot, [name, fb]]) => {
      const c = r(name, fb);
      return `.ts-graph .slot-${slot} .node-box { stroke: ${c}; }
.ts-graph .slot-${slot} .node-bar { fill: ${c}; }
.swatch.slot-${slot} { background: ${c}; }`;
    })
    .join('\n');
  const change = (['added', 'deleted', 'modified', 'relinked'] as const)
    .map((c) => `.ts-graph .node.change-${c} .node-box { stroke: ${t(c)}; stroke-width: 3; }`)
    .join('\n');
  // Badges: a pill tinted with its colour over the node, outlined in it, the text in the editor's
  // foreground: the colour tells the kind of badge, the text stays readable in light, dark and
  // high-contrast themes (a fixed dark text on a theme colour was dark on dark in Light Modern).
  const tint = (c: string): string => `color-mix(in srgb, ${c} 22%, ${t('nodeBg')})`;
  const badgeColours = (
    [
      ['errors', 'error'],
      ['warnings', 'warning'],
      ['untested', 'warning'],
      ['unmitigated', 'warning'],
      ['suspect', 'suspect'],
      ['impacted', 'impacted'],
      ['change-added', 'added'],
      ['change-modified', 'modified'],
      ['change-relinked', 'relinked'],
      ['change-deleted', 'deleted'],
      ['evidence-failed', 'failed'],
      ['evidence-stale', 'warning'],
      ['evidence-missing', 'muted'],
      ['evidence-skipped', 'muted'],
      ['evidence-passed', 'passed'],
      ['failing-downstream', 'failed'],
      ['anomalies', 'anomaly'],
    ] as const
  )
    .map(
      ([cls, key]) => `.ts-graph .badge.${cls} rect { fill: ${tint(t(key))}; stroke: ${t(key)}; }
.legend-pill.${cls} { background: ${tint(t(key))}; border-color: ${t(key)}; }`,
    )
    .join('\n');
  return `
.ts-graph { font-family: ${t('font')}; font-size: 12px; background: ${t('bg')}; }
.ts-graph text { fill: ${t('fg')}; }
.ts-graph .export-bg { fill: ${t('bg')}; }
.ts-graph .band-bg { fill: ${t('bandBg')}; opacity: 0.45; }
.ts-graph .band-caption { fill: ${t('muted')}; font-size: 13px; font-weight: 600; letter-spacing: 0.02em; }
.ts-graph .edge-line { fill: none; stroke: ${t('edge')}; stroke-width: 1.3; }
.ts-graph .edge.suspect .edge-line { stroke: ${t('suspect')}; stroke-dasharray: 5 3; }
.ts-graph .edge.lateral .edge-line { stroke-dasharray: 2 3; }
.ts-graph .edge.hl .edge-line { stroke: ${t('edgeHl')}; stroke-width: 2.2; }
.ts-graph .edge-label { fill: ${t('muted')}; font-size: 10.5px; text-anchor: middle; dominant-baseline: middle;
  paint-order: stroke; stroke: ${t('bg')}; stroke-width: 4px; stroke-linejoin: round; }
.ts-graph .edge-label.suspect { font-style: italic; }
.ts-graph .edge-label.hl { fill: ${t('fg')}; }
.ts-graph .edge.context .edge-line { stroke-dasharray: 1 3; opacity: 0.7; }
.ts-graph .node.trace-context .node-box { stroke-dasharray: 4 3; }
.ts-graph .node.failing-downstream .node-box { stroke: ${t('failed')}; }
.ts-graph .arrow { fill: ${t('edge')}; }
.ts-graph .arrow.suspect { fill: ${t('suspect')}; }
.ts-graph .node { cursor: pointer; outline: none; }
.ts-graph .node-box { fill: ${t('nodeBg')}; stroke: ${t('nodeBorder')}; stroke-width: 1.5; }
.ts-graph .node-id { font-family: ${t('mono')}; font-weight: 700; font-size: 12px; }
.ts-graph .node-title { font-size: 12px; }
.ts-graph .node.focus .node-box { stroke-width: 3.5; }
.ts-graph .node.focus .node-id { text-decoration: underline; }
.ts-graph .node:hover .node-box { stroke-width: 2.5; }
.ts-graph .node:focus-visible .node-box, .ts-graph .node.kbd .node-box { stroke: ${t('focus')}; stroke-width: 3; }
.ts-graph .node.match .node-box { stroke: ${t('match')}; stroke-width: 3; }
.ts-graph .node.selected .node-box { stroke: ${t('focus')}; stroke-width: 4; }
.ts-graph .node.selected { opacity: 1; }
.ts-graph .node.dim, .ts-graph .edge.dim, .ts-graph .edge-label.dim { opacity: 0.35; }
.ts-graph .node.nomatch { opacity: 0.3; }
.ts-graph .node.change-deleted .node-title, .ts-graph .node.change-deleted .node-id { text-decoration: line-through; }
.ts-graph .badge rect { fill: ${tint(t('badgeBg'))}; stroke: ${t('badgeBg')}; stroke-width: 1.2; }
.ts-graph .badge text { fill: ${t('fg')}; font-size: 10px; font-weight: 600; }
.ts-graph .badge.status rect { fill: none; stroke: ${t('muted')}; stroke-width: 1; }
.ts-graph .badge.status text { fill: ${t('fg')}; font-weight: 400; }
${badgeColours}
.ts-graph .node.impacted .node-box { stroke: ${t('impacted')}; stroke-width: 2.5; stroke-dasharray: 6 3; }
.ts-graph.far .edge-label, .ts-graph.far .badge, .ts-graph.far .node-title { display: none; }
.legend-pill { background: ${tint(t('badgeBg'))}; border: 1px solid ${t('badgeBg')}; color: ${t('fg')}; }
.legend-pill.status-sample { background: transparent; border-color: ${t('muted')}; }
.legend-pill.trace-context { background: transparent; border-style: dashed; border-color: ${t('fg')}; }
.ts-graph.far .node-id { font-size: 20px; }
${slots}
${change}
`;
}
