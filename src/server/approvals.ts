/**
 * Approvals and deviations in the language server (SPEC section 9), as `tracespine check` has
 * them: the records of `approvals.dir` are read (and their signatures checked against
 * `approvals.allowed_signers`) with the index and again when one of them changes; after every
 * edit the engine's `evaluateSection9` runs over the index with today's date (UTC), and the
 * validator gets its findings and the waivers of the deviations in force. Waived findings are
 * published as information, saying which deviation waives them, until when and whose it is.
 */
import {
  describeApproval,
  evaluateSection9,
  readApprovalRecords,
  todayUtc,
  verifyRecords,
  waiverMap,
  type ApprovalEntry,
  type Deviation,
  type ItemApprovalState,
  type ParsedRecord,
  type SignatureVerifier,
  type VerificationResults,
} from '../core/approvals';
import type { CancellationToken, WorkspaceHost } from '../core/host';
import { compareFindings, type Finding } from '../core/model/finding';
import type { CodeLens } from '../core/services/types';
import type { Range } from '../core/model/range';
import type { TraceIndex } from '../core/traceIndex';
import type { FindingsOverlay, WaivedFinding } from '../core/validate/validator';
import { Commands } from '../core/commands';

type Check = { readonly ok: true } | { readonly ok: false; readonly message: string };

export class ServerApprovals {
  private records: readonly ParsedRecord[] = [];
  private verification: VerificationResults = new Map();
  /** Signature checks by signed text, signature and signer: a record is checked once. */
  private readonly checked = new Map<string, Check>();
  private states: ReadonlyMap<string, ItemApprovalState> = new Map();
  private deviations = new Map<string, Omit<Deviation, 'suppresses'>>();
  /** The day the last evaluation judged deviations on. */
  asOf = '';

  constructor(
    /** Checks signatures (ssh-keygen in the server); undefined: signatures count as unverified, as in the engine. */
    private verifier: SignatureVerifier | undefined,
    /** Today, `YYYY-MM-DD` (UTC): the as-of day of the CLI's default. */
    private readonly today: () => string = () => todayUtc(),
  ) {}

  setVerifier(verifier: SignatureVerifier | undefined): void {
    this.verifier = verifier;
    this.checked.clear();
  }

  /** Reads the records (and checks their signatures) as the CLI does. */
  async load(host: WorkspaceHost, index: TraceIndex, token?: CancellationToken): Promise<void> {
    const config = index.config.approvals;
    const records = await readApprovalRecords(host, config, token);
    const verifier = this.verifier;
    const cached: SignatureVerifier | undefined = verifier && {
      verify: async (request) => {
        const key = JSON.stringify([request.text, request.signature, request.identity, request.allowedSigners]);
        let r = this.checked.get(key);
        if (!r) this.checked.set(key, (r = await verifier.verify(request)));
        return r;
      },
    };
    this.verification = await verifyRecords(records, config, cached);
    this.records = records;
  }

  /** Whether a changed path is an approval record or the allowed-signers file (read the records again). */
  isApprovalFile(index: TraceIndex, file: string): boolean {
    const config = index.config.approvals;
    if (config.allowedSigners !== null && file === config.allowedSigners) {
      this.checked.clear(); // who may sign changed
      return true;
    }
    return file.startsWith(`${config.dir}/`) && /\.ya?ml$/.test(file);
  }

  /** Section 9 over the index as it is now: the validator's overlay. */
  evaluate(index: TraceIndex): FindingsOverlay {
    this.asOf = this.today();
    const s9 = evaluateSection9(index, this.records, this.verification, this.asOf);
    this.states = s9.approvals;
    this.deviations = new Map(s9.deviations.map((d) => [d.id, d]));
    const byFile = new Map<string, Finding[]>();
    for (const f of s9.findings) {
      let list = byFile.get(f.file);
      if (!list) byFile.set(f.file, (list = []));
      list.push(f);
    }
    return { byFile, waivers: waiverMap(s9.deviations) };
  }

  /** The approval state of an item (undefined: no approval recorded and none required). */
  state(id: string): ItemApprovalState | undefined {
    return this.states.get(id);
  }

  deviation(id: string): Omit<Deviation, 'suppresses'> | undefined {
    return this.deviations.get(id);
  }

  /** "waived by DEV-3 until 2027-01-31 (owner Alice Example)". */
  waiverText(by: string): string {
    const d = this.deviations.get(by);
    return d ? `waived by ${d.id} until ${d.expires} (owner ${d.owner})` : `waived by ${by}`;
  }

  /**
   * What the editor publishes for a file: the findings that stand, and the waived ones as
   * information, the deviation named in the message and as related information.
   */
  published(
    file: string,
    standing: readonly Finding[],
    waived: readonly WaivedFinding[],
    index: TraceIndex,
  ): Finding[] {
    if (waived.length === 0) return [...standing];
    const out: Finding[] = [...standing];
    for (const w of waived) {
      const { suppressed, ...f } = w;
      const d = this.deviations.get(suppressed.by);
      const devItem = d ? index.resolve(d.id) : undefined;
      const at = devItem?.fields.get('waives')?.valueRange ?? devItem?.idRange;
      const related =
        d && devItem && at
          ? [
              {
                file: d.file,
                range: at,
                message: `${d.id}: ${d.justification} (owner ${d.owner}, expires ${d.expires})`,
              },
            ]
          : [];
      out.push({
        ...f,
        severity: 'info',
        message: `${f.message} — ${this.waiverText(suppressed.by)}`,
        related: [...related, ...(f.related ?? [])],
      });
    }
    return out.sort(compareFindings);
  }

  /** The approval lenses of the item in `file`: one per approval of its text, per stale approval, per missing meaning. */
  lenses(index: TraceIndex, file: string): CodeLens[] {
    const item = index.get(file)?.item;
    if (!item || index.resolve(item.id) !== item) return [];
    const s = this.states.get(item.id);
    if (!s) return [];
    return approvalLenses(s, item.idRange);
  }

  /** Hover lines: the item's approvals (printed name, time, meaning) and what is stale or missing. */
  hoverLines(id: string): string[] {
    const s = this.states.get(id);
    if (!s) return [];
    const lines: string[] = [];
    for (const e of s.approvals)
      lines.push(`- ✓ ${describeApproval(e)} · \`${e.fingerprint}\` · signature ${e.signature}`);
    for (const e of s.stale)
      lines.push(
        `- ⚠ stale: changed since ${describeApproval(e)} (approved \`${e.fingerprint}\`, now \`${s.fingerprint}\`)`,
      );
    for (const m of s.missing) lines.push(`- ✗ missing: ${m}`);
    return lines.length === 0 ? [] : ['', 'Approvals:', ...lines];
  }
}

/** `approved by Alice Example (qa) on 2026-12-01 10:00 UTC`: meaning, printed name, role, time. */
export function approvalPhrase(e: ApprovalEntry): string {
  const when = `${e.signed_at.slice(0, 10)} ${e.signed_at.slice(11, 16)} UTC`;
  return `${e.meaning} by ${e.signer.name}${e.role ? ` (${e.role})` : ''} on ${when}`;
}

/** The lenses of one item's approval state (pure: the server's and the tests' view). */
export function approvalLenses(s: ItemApprovalState, range: Range): CodeLens[] {
  const out: CodeLens[] = [];
  const state =
    s.missing.length > 0 ? 'approval missing' : s.required.some((r) => r.state === 'stale') ? 'stale' : 'approved';
  for (const e of s.approvals) out.push({ range, title: `${approvalPhrase(e)} · ${state}` });
  for (const e of s.stale) {
    const when = `${e.signed_at.slice(0, 10)} ${e.signed_at.slice(11, 16)} UTC`;
    out.push({
      range,
      title: `approval stale — changed since ${e.signer.name}${e.role ? ` (${e.role})` : ''} ${e.meaning === 'approved' ? 'approved' : `signed '${e.meaning}'`} on ${when}`,
      command: {
        name: Commands.showApprovalDiff,
        args: [{ id: s.item, fingerprint: e.fingerprint, commit: e.commit }],
      },
    });
  }
  for (const m of s.missing)
    out.push({
      range,
      title: `approval missing: ${m}`,
      command: { name: Commands.approveItem, args: [{ id: s.item, meaning: m }] },
    });
  return out;
}
