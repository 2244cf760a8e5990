/**
 * Verification evidence in the language server (SPEC section 8): the reports and run records
 * are read with the index, and read again when one of them changes on disk; an item edited
 * after its raw reports were read has stale raw results. The engine computes the state
 * (src/core/evidence); this module only keeps the sources and tells the validator.
 */
import {
  computeEvidence,
  evidenceHoverLines,
  evidenceLensTitle,
  readEvidenceSources,
  verificationOf,
  type EvidenceSources,
} from '../core/evidence';
import type { CodeLens } from '../core/services/types';
import type { Range } from '../core/model/range';
import type { WorkspaceHost } from '../core/host';
import type { TraceIndex } from '../core/traceIndex';
import type { Validator } from '../core/validate/validator';
import picomatch from 'picomatch/posix';

export class ServerEvidence {
  private sources: EvidenceSources | undefined;
  /** item ID -> fingerprint when the raw reports were read. */
  private readFingerprints = new Map<string, string>();
  private isResult: (path: string) => boolean = () => false;

  /** Reads the reports and run records (when evidence is configured) and gives the validator the state. */
  async load(host: WorkspaceHost, index: TraceIndex, validator: Validator): Promise<void> {
    const ev = index.config.evidence;
    if (!ev) {
      this.sources = undefined;
      validator.setEvidence(undefined);
      return;
    }
    this.isResult = ev.results.length === 0 ? () => false : picomatch([...ev.results], { dot: true });
    const { sources } = await readEvidenceSources(host, ev, (d) => index.matcher.skipDir(d));
    this.sources = sources;
    this.readFingerprints = new Map(index.items().map((i) => [i.id, i.fingerprint]));
    validator.setEvidence(computeEvidence(index, sources));
  }

  /** Whether a changed path is a report or a run record (re-read them all then). */
  isEvidenceFile(index: TraceIndex, file: string): boolean {
    const ev = index.config.evidence;
    if (!ev) return false;
    return this.isResult(file) || (file.startsWith(`${ev.records}/`) && file.endsWith('.json'));
  }

  /**
   * After edits: the state again, raw results of items whose fingerprint differs from when the
   * reports were read marked stale. Returns whether evidence is configured (the caller then
   * re-validates).
   */
  refresh(index: TraceIndex, validator: Validator): boolean {
    if (!this.sources || !index.config.evidence) return false;
    const edited = new Set<string>();
    for (const i of index.items()) {
      const before = this.readFingerprints.get(i.id);
      if (before !== undefined && before !== i.fingerprint) edited.add(i.id);
    }
    validator.setEvidence(computeEvidence(index, { ...this.sources, editedSince: edited }));
    return true;
  }
}

/** The evidence lens of the item in `file` ("verified by TST-3 ✓ passed 2 min ago, …"), if it has a state. */
export function evidenceLenses(index: TraceIndex, validator: Validator, file: string, now = Date.now()): CodeLens[] {
  const item = index.get(file)?.item;
  const state = validator.evidenceState;
  if (!item || !state) return [];
  const title = evidenceLensTitle(verificationOf(state, item.id), now);
  return title === undefined ? [] : [{ range: item.idRange, title }];
}

/** Hover lines with each result of the item whose ID the hover is on (none without evidence). */
export function evidenceHover(index: TraceIndex, validator: Validator, text: string, range: Range | undefined): string {
  const state = validator.evidenceState;
  if (!state || !range || range.start.line !== range.end.line) return '';
  const line = text.split(/\r\n?|\n/)[range.start.line] ?? '';
  const id = line.slice(range.start.character, range.end.character);
  const item = index.resolve(id);
  if (!item) return '';
  const lines = evidenceHoverLines(item, verificationOf(state, id));
  return lines.length === 0 ? '' : `\n${lines.join('\n')}`;
}
