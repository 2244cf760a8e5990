/** Approvals, deviations and change control (SPEC section 9): the API the faces use (docs/approvals.md). */
export * from './types';
export { resolveApprovals, resolveChanges, splitMeaning } from './config';
export { canonicalText, formatRecord, parseRecord, recordFileName, slug, type ParsedRecord } from './record';
export {
  describeApproval,
  evaluateApprovals,
  inRole,
  matchesSpec,
  readApprovalRecords,
  verifyRecords,
  type ApprovalEvaluation,
  type SignatureVerifier,
  type VerificationResults,
} from './state';
export {
  applySection9,
  evaluateSection9,
  readSection9Inputs,
  type Section9Evaluation,
  type Section9Options,
  type Section9Result,
} from './check';
export {
  applyDeviations,
  DEVIATION_KIND,
  evaluateDeviations,
  isDate,
  todayUtc,
  waiverMap,
  waiverOf,
  type DeviationEvaluation,
  type SuppressedFinding,
} from './deviations';
export {
  changeClassMarkdown,
  changeClassText,
  classifyChange,
  type ChangeClassification,
  type PendingApproval,
} from './changes';
