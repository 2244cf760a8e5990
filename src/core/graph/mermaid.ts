/**
 * The one Mermaid writer: `tracespine impact --format mermaid|markdown` and the graph
 * webview's "Copy Mermaid" (through src/shared/mermaid.ts) both write their flowcharts here,
 * with one escaping of labels.
 */

export interface MermaidNode {
  /** The node's Mermaid key (`n0`). */
  readonly key: string;
  /** Lines of its label, each escaped, joined with `<br/>`. */
  readonly label: readonly string[];
}

export interface MermaidEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** Drawn dotted (`-.->`): a deleted or suspect link. */
  readonly dotted?: boolean;
}

export interface MermaidGraph {
  /** Statements before the nodes (e.g. `classDef`s). */
  readonly head?: readonly string[];
  readonly nodes: readonly MermaidNode[];
  readonly edges: readonly MermaidEdge[];
  /** Statements after the edges (e.g. `class` and `style` lines). */
  readonly tail?: readonly string[];
}

/**
 * Text for inside a quoted Mermaid label (`"…"`): whitespace and control characters become
 * one space, and the characters that could end the string or the label, or start an entity,
 * markup or a `%%{init: …}%%` directive (honoured anywhere in the text), become Mermaid
 * entity codes (`#34;`).
 */
export function mermaidLabel(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- control characters become spaces
      .replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .trim()
      .replace(/["#&<>|`%]/g, (c) => `#${c.charCodeAt(0)};`)
  );
}

/** A `graph TD` flowchart, one statement per line, ending with a line break. */
export function mermaidFlowchart(g: MermaidGraph): string {
  const out = ['graph TD'];
  for (const s of g.head ?? []) out.push(`  ${s}`);
  for (const n of g.nodes) out.push(`  ${n.key}["${n.label.map(mermaidLabel).join('<br/>')}"]`);
  for (const e of g.edges) out.push(`  ${e.from} ${e.dotted ? '-.->' : '-->'}|"${mermaidLabel(e.label)}"| ${e.to}`);
  for (const s of g.tail ?? []) out.push(`  ${s}`);
  return `${out.join('\n')}\n`;
}
