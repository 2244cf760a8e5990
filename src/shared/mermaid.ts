/** The engine's Mermaid writer, for the graph webview's "Copy Mermaid". */
export {
  mermaidFlowchart,
  mermaidLabel,
  type MermaidEdge,
  type MermaidGraph,
  type MermaidNode,
} from '../core/graph/mermaid';
