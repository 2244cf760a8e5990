import type { CancellationToken, WorkspaceHost } from '../host';
import type { TraceIndex } from '../traceIndex';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';
import { compareIds } from '../traceIndex';
import { splitMeaning } from './config';
import { canonicalText, parseRecord, type ParsedRecord } from './record';
import {
  SIGNATURE_NAMESPACE,
  type ApprovalEntry,
  type ApprovalsConfig,
  type ItemApprovalState,
  type RequiredApproval,
} from './types';

/** Checks an SSH signature (Node: `ssh-keygen -Y verify`); injected, the engine runs no process. */
export interface SignatureVerifier {
  verify(request: {
    /** The signed text (`canonicalText`). */
    readonly text: string;
    readonly signature: string;
    /** The principal: the signer's e-mail. */
    readonly identity: string;
    readonly namespace: string;
    /** Workspace-relative allowed-signers file. */
    readonly allowedSigners: string;
  }): Promise<{ readonly ok: true } | { readonly ok: false; readonly message: string }>;
}

/** Each record file's signature check: undefined where no check ran. */
export type VerificationResults = ReadonlyMap<
  string,
  { readonly ok: true } | { readonly ok: false; readonly message: string }
>;

/** Lists and reads the record files of `approvals.dir` (`*.yaml`, `*.yml`), sorted by path. */
export async function readApprovalRecords(
  host: WorkspaceHost,
  config: ApprovalsConfig,
  token?: CancellationToken,
): Promise<ParsedRecord[]> {
  const dir = `${config.dir}/`;
  const { files } = await host.listFiles(
    (p) => p.startsWith(dir) && /\.ya?ml$/.test(p),
    (d) => !(dir.startsWith(`${d}/`) || d.startsWith(dir)),
    token,
  );
  files.sort();
  const out: ParsedRecord[] = [];
  for (const file of files) {
    const r = await host.readFile(file);
    if (r.text !== undefined) out.push(parseRecord(r.text, file));
  }
  return out;
}

/** Verifies every signed record against `allowed_signers` (nothing when it is not configured or no verifier is given). */
export async function verifyRecords(
  records: readonly ParsedRecord[],
  config: ApprovalsConfig,
  verifier?: SignatureVerifier,
): Promise<VerificationResults> {
  const out = new Map<string, { ok: true } | { ok: false; message: string }>();
  if (!verifier || config.allowedSigners === null) return out;
  for (const p of records) {
    const r = p.record;
    if (!r?.signature) continue;
    out.set(
      p.file,
      await verifier.verify({
        text: canonicalText(r),
        signature: r.signature,
        identity: r.signer.email,
        namespace: SIGNATURE_NAMESPACE,
        allowedSigners: config.allowedSigners,
      }),
    );
  }
  return out;
}

export interface ApprovalEvaluation {
  /** Per item with an approval, a stale one or a requirement; sorted by ID. */
  readonly states: ReadonlyMap<string, ItemApprovalState>;
  /** approval.missing, approval.stale and approval.invalid (default severities). */
  readonly findings: readonly Finding[];
}

const byTime = (a: ApprovalEntry, b: ApprovalEntry): number =>
  a.signed_at < b.signed_at ? -1 : a.signed_at > b.signed_at ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;

/** Whether `email` belongs to `role` (with no roles configured, any role stands as written). */
export function inRole(config: ApprovalsConfig, role: string, email: string): boolean {
  if (config.roles.size === 0) return true;
  return config.roles.get(role)?.includes(email.toLowerCase()) === true;
}

/** Which approvals of an item satisfy `spec` (`approved:qa`, `approved`). */
export function matchesSpec(e: ApprovalEntry, spec: string): boolean {
  const { meaning, role } = splitMeaning(spec);
  return e.meaning === meaning && (role === null || e.role === role);
}

/**
 * Per item, which valid approvals cover its current fingerprint, which cover only an older
 * one, and which required meanings have none. Records that are malformed, name no item, have
 * a signer outside their role or lack a verifying signature where required count for nothing.
 */
export function evaluateApprovals(
  index: TraceIndex,
  records: readonly ParsedRecord[],
  verification: VerificationResults,
): ApprovalEvaluation {
  const config = index.config.approvals;
  const findings: Finding[] = [];
  const entries = new Map<string, ApprovalEntry[]>();
  for (const p of records) {
    findings.push(...p.findings);
    const r = p.record;
    if (!r) continue;
    // The value that is wrong; for a signature, the key (its value is a block of many lines).
    const at = (key: string): Finding['range'] => {
      const s = (key === 'signature' ? p.spans.keys.get(key) : p.spans.values.get(key)) ?? [0, 0];
      return p.lines.rangeAt(s[0], s[1]);
    };
    const invalid = (message: string, key: string): void => {
      findings.push({
        code: 'approval.invalid',
        severity: 'error',
        message,
        file: p.file,
        range: at(key),
        itemId: r.item,
      });
    };
    const item = index.resolve(r.item);
    if (!item) {
      invalid(`approval of ${r.item}, which no item defines`, 'item');
      continue;
    }
    if (r.role !== null && !inRole(config, r.role, r.signer.email)) {
      const known = config.roles.has(r.role);
      invalid(
        known
          ? `${r.signer.email} is not in role '${r.role}' (approvals.roles.${r.role})`
          : `role '${r.role}' is not in approvals.roles`,
        'role',
      );
      continue;
    }
    const check = verification.get(p.file);
    if (check && !check.ok) {
      invalid(
        `the signature does not verify against ${config.allowedSigners ?? 'allowed_signers'}: ${check.message}`,
        'signature',
      );
      continue;
    }
    if (config.signatures === 'required' && !r.signature) {
      findings.push({
        code: 'approval.invalid',
        severity: 'error',
        message: `approval record has no signature; approvals.signatures is 'required' (approve with --sign)`,
        file: p.file,
        range: p.lines.rangeAt(0, 0),
        itemId: r.item,
      });
      continue;
    }
    let list = entries.get(item.id);
    if (!list) entries.set(item.id, (list = []));
    list.push({
      meaning: r.meaning,
      signer: r.signer,
      role: r.role,
      signed_at: r.signed_at,
      fingerprint: r.fingerprint,
      commit: r.commit,
      statement: r.statement,
      file: p.file,
      signature: !r.signature ? 'unsigned' : check?.ok ? 'verified' : 'unverified',
    });
  }
  const states = new Map<string, ItemApprovalState>();
  const ids = new Set<string>(entries.keys());
  const rulesByKind = new Map<string, typeof config.require>();
  for (const rule of config.require) rulesByKind.set(rule.kind, [...(rulesByKind.get(rule.kind) ?? []), rule]);
  for (const item of index.items()) if (rulesByKind.has(item.kind)) ids.add(item.id);
  for (const id of [...ids].sort(compareIds)) {
    const item = index.resolve(id)!;
    const all = (entries.get(id) ?? []).sort(byTime);
    const current = all.filter((e) => e.fingerprint === item.fingerprint);
    const sameAs = (a: ApprovalEntry, b: ApprovalEntry): boolean =>
      a.meaning === b.meaning && a.role === b.role && a.signer.email.toLowerCase() === b.signer.email.toLowerCase();
    const stale = all.filter(
      (e) =>
        e.fingerprint !== item.fingerprint &&
        !current.some((c) => sameAs(c, e)) &&
        !all.some((l) => l !== e && sameAs(l, e) && l.signed_at > e.signed_at),
    );
    const required: RequiredApproval[] = [];
    for (const rule of rulesByKind.get(item.kind) ?? []) {
      if (!rule.statuses.includes(item.status)) continue;
      const used = new Set<string>();
      for (const spec of rule.meanings) {
        const by = current.find(
          (e) => matchesSpec(e, spec) && !(rule.distinct && used.has(e.signer.email.toLowerCase())),
        );
        if (by) {
          used.add(by.signer.email.toLowerCase());
          required.push({ meaning: spec, state: 'approved', by });
          continue;
        }
        const old = [...all].reverse().find((e) => e.fingerprint !== item.fingerprint && matchesSpec(e, spec));
        required.push(old ? { meaning: spec, state: 'stale', by: old } : { meaning: spec, state: 'missing' });
      }
    }
    const missing = required.filter((r) => r.state === 'missing').map((r) => r.meaning);
    states.set(id, { item: id, fingerprint: item.fingerprint, approvals: current, missing, stale, required });
    for (const r of required) {
      if (r.state === 'approved') continue;
      findings.push(requiredFinding(item, r));
    }
  }
  return { states, findings };
}

function requiredFinding(item: Item, r: RequiredApproval): Finding {
  const base = { file: item.file, itemId: item.id, range: item.statusRange ?? item.idRange };
  if (r.state === 'stale') {
    const e = r.by!;
    return {
      ...base,
      code: 'approval.stale',
      severity: 'warning',
      message: `${item.id} changed since ${describeApproval(e)} (approved ${e.fingerprint}, now ${item.fingerprint}): approve '${r.meaning}' again`,
    };
  }
  return {
    ...base,
    code: 'approval.missing',
    severity: 'error',
    message: `${item.id} is ${item.status} but lacks approval '${r.meaning}' of its current text (fingerprint ${item.fingerprint})`,
  };
}

/** "Alice Example (qa) approved on 2026-12-01 10:00 UTC": the printed name, time and meaning (21 CFR 11.50). */
export function describeApproval(e: ApprovalEntry): string {
  const when = `${e.signed_at.slice(0, 10)} ${e.signed_at.slice(11, 16)} UTC`;
  return `${e.signer.name}${e.role ? ` (${e.role})` : ''} ${e.meaning === 'approved' ? 'approved' : `signed '${e.meaning}'`} on ${when}`;
}
