export * from './types';
export { compareIndexes, sameLinks, comparePaths, type CompareOptions, type ItemComparison } from './compare';
export { impactClosure, analyzeIndexes, buildImpactReport } from './closure';
export { impactEdges, impactNodeIds, impactNodeItem } from './edges';
export {
  formatImpactJson,
  formatImpactText,
  formatImpactMarkdown,
  impactMermaid,
  summaryText,
  MARKDOWN_GRAPH_MAX_NODES,
  type ImpactTextOptions,
} from './format';
