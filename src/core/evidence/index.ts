/**
 * Verification evidence (SPEC section 8): the one API the faces use. `computeEvidence`
 * gives an `EvidenceState`; `verificationOf(state, id)` gives an item's `ItemVerification`
 * ({status, results[]}). See docs/evidence.md.
 */
export { readJUnit, type JUnitReport, type TestCase, type Outcome, type CaseProperty } from './junit';
export { CaseMapper, type CaseTarget, type Via } from './mapping';
export { readEvidenceSources } from './load';
export {
  parseRunRecord,
  serializeRunRecord,
  RUN_RECORD_SCHEMA,
  type RunRecord,
  type RecordedCase,
  type RecordedItem,
} from './runRecord';
export {
  computeEvidence,
  verificationOf,
  mapReport,
  caseLabel,
  statusOf,
  verificationLinkTypes,
  type EvidenceState,
  type EvidenceSources,
  type EvidenceCounts,
  type ItemVerification,
  type VerificationResult,
  type VerificationStatus,
} from './state';
export { ago, evidenceLensTitle, evidenceHoverLines } from './present';
export {
  manualRecord,
  recordableTests,
  recordResults,
  type ManualRecord,
  type ManualRecordInput,
  type RecordableTest,
} from './recordTemplate';
