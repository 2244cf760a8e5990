import type { Finding } from '../model/finding';
import { LineIndex } from '../model/range';
import { parseYamlSlow } from '../parse/yamlSlow';
import { yamlErrorMessage } from '../parse/yamlMessages';
import { mapGet, type YamlMap, type YamlNode } from '../parse/yamlTree';
import type { ApprovalRecord } from './types';

/** Where each key and value of a record file is, for findings at the offending key. */
export interface RecordSpans {
  /** Key -> [start, end] offsets of its value; `signer.name` and `signer.email` too. */
  readonly values: ReadonlyMap<string, readonly [number, number]>;
  /** Key -> offsets of the key itself. */
  readonly keys: ReadonlyMap<string, readonly [number, number]>;
}

export interface ParsedRecord {
  readonly file: string;
  /** Absent when the file is malformed (then `findings` say why). */
  readonly record?: ApprovalRecord;
  readonly findings: readonly Finding[];
  readonly lines: LineIndex;
  readonly spans: RecordSpans;
}

const KEYS = [
  'item',
  'fingerprint',
  'meaning',
  'signer',
  'role',
  'signed_at',
  'commit',
  'statement',
  'signature',
] as const;
const REQUIRED = ['item', 'fingerprint', 'meaning', 'signer', 'signed_at'] as const;
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * The text a signature covers (SPEC section 9): a first line `tracespine-approval/1`, then
 * one line per field in this fixed order, `key: ` and the value as a JSON string (null when
 * absent), each ending in LF. JSON quoting keeps a value from spilling into another line.
 */
export function canonicalText(r: Omit<ApprovalRecord, 'signature'>): string {
  const fields: [string, string | null][] = [
    ['item', r.item],
    ['fingerprint', r.fingerprint],
    ['meaning', r.meaning],
    ['signer.name', r.signer.name],
    ['signer.email', r.signer.email],
    ['role', r.role],
    ['signed_at', r.signed_at],
    ['commit', r.commit],
    ['statement', r.statement],
  ];
  return `tracespine-approval/1\n${fields.map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`).join('')}`;
}

/** A lower-case slug of letters, digits and `-` (e-mail `Alice.Example@x.org` -> `alice-example-x-org`). */
export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}

/**
 * The record's file name: `<ID>-<fingerprint>-<meaning>-<email slug>-<YYYYMMDDTHHMMSSZ>.yaml`,
 * e.g. `REQ-12-9f2c41d0-approved-alice-example-org-20261201T100000Z.yaml`. Deterministic
 * from the record, sorted by item when listed; a second signature of the same item, text,
 * meaning and signer in the same second would clash and is refused, never overwritten.
 */
export function recordFileName(r: ApprovalRecord): string {
  const stamp = r.signed_at.replace(/[-:]/g, '');
  return `${slug(r.item).toUpperCase()}-${r.fingerprint}-${slug(r.meaning)}-${slug(r.signer.email)}-${stamp}.yaml`;
}

/** The record file's YAML: every string double-quoted (as JSON), the signature as a literal block. */
export function formatRecord(r: ApprovalRecord): string {
  const q = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));
  const lines = [
    '# Tracespine approval record (SPEC section 9). Never edit: a changed record no longer verifies.',
    `item: ${q(r.item)}`,
    `fingerprint: ${q(r.fingerprint)}`,
    `meaning: ${q(r.meaning)}`,
    'signer:',
    `  name: ${q(r.signer.name)}`,
    `  email: ${q(r.signer.email)}`,
    `role: ${q(r.role)}`,
    `signed_at: ${q(r.signed_at)}`,
    `commit: ${q(r.commit)}`,
    `statement: ${q(r.statement)}`,
  ];
  if (r.signature !== undefined) {
    lines.push('signature: |');
    for (const l of r.signature.trimEnd().split('\n')) lines.push(`  ${l}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Reads one record file; every problem is an `approval.invalid` finding at the offending key or value. */
export function parseRecord(text: string, file: string): ParsedRecord {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const values = new Map<string, readonly [number, number]>();
  const keys = new Map<string, readonly [number, number]>();
  const spans = { values, keys };
  const report = (message: string, start: number, end: number): void => {
    findings.push({ code: 'approval.invalid', severity: 'error', message, file, range: lines.rangeAt(start, end) });
  };
  const parsed = parseYamlSlow(text);
  for (const e of parsed.errors) report(yamlErrorMessage('approval record', e.code, e.message), e.start, e.end);
  if (findings.length > 0) return { file, findings, lines, spans };
  const root = parsed.root;
  if (root?.type !== 'map') {
    report(
      'approval record must be a mapping (item, fingerprint, meaning, signer, signed_at, ...)',
      root?.start ?? 0,
      root?.end ?? 0,
    );
    return { file, findings, lines, spans };
  }
  for (const e of root.entries) {
    keys.set(e.key, [e.keyStart, e.keyEnd]);
    values.set(e.key, [e.value.start, e.value.end]);
    if (!(KEYS as readonly string[]).includes(e.key))
      report(`unknown key '${e.key}' in an approval record`, e.keyStart, e.keyEnd);
  }
  for (const k of REQUIRED) if (!mapGet(root, k)) report(`approval record is missing '${k}'`, root.start, root.start);
  const str = (key: string, node: YamlNode | undefined, nullable: boolean): string | null | undefined => {
    if (node === undefined) return nullable ? null : undefined;
    if (node.type === 'scalar' && node.value === null && nullable) return null;
    if (node.type === 'scalar' && typeof node.value === 'string' && node.value !== '') return node.value;
    report(`'${key}' must be ${nullable ? 'a string or null' : 'a non-empty string'}`, node.start, node.end);
    return undefined;
  };
  const get = (m: YamlMap, k: string): YamlNode | undefined => mapGet(m, k)?.value;
  const item = str('item', get(root, 'item'), false);
  const fingerprint = str('fingerprint', get(root, 'fingerprint'), false);
  const fpNode = get(root, 'fingerprint');
  if (fingerprint && !/^[0-9a-f]{8}$/.test(fingerprint))
    report(`'fingerprint' must be 8 lowercase hex digits`, fpNode!.start, fpNode!.end);
  const meaning = str('meaning', get(root, 'meaning'), false);
  const signerNode = get(root, 'signer');
  let signer: { name: string; email: string } | undefined;
  if (signerNode) {
    if (signerNode.type !== 'map')
      report("'signer' must be a mapping with 'name' and 'email'", signerNode.start, signerNode.end);
    else {
      for (const e of signerNode.entries) {
        values.set(`signer.${e.key}`, [e.value.start, e.value.end]);
        keys.set(`signer.${e.key}`, [e.keyStart, e.keyEnd]);
        if (e.key !== 'name' && e.key !== 'email') report(`unknown key '${e.key}' in 'signer'`, e.keyStart, e.keyEnd);
      }
      const name = get(signerNode, 'name');
      const email = get(signerNode, 'email');
      if (!name || !email) report("'signer' needs 'name' and 'email'", signerNode.start, signerNode.end);
      const n = name ? str('signer.name', name, false) : undefined;
      const m = email ? str('signer.email', email, false) : undefined;
      if (m && !/^[^\s@]+@[^\s@]+$/.test(m))
        report(`'signer.email' is not an e-mail address`, email!.start, email!.end);
      if (n && m) signer = { name: n, email: m };
    }
  }
  const role = str('role', get(root, 'role'), true);
  const signedAt = str('signed_at', get(root, 'signed_at'), false);
  const atNode = get(root, 'signed_at');
  if (signedAt && (!UTC.test(signedAt) || Number.isNaN(Date.parse(signedAt)))) {
    report(`'signed_at' must be a UTC time as YYYY-MM-DDTHH:MM:SSZ`, atNode!.start, atNode!.end);
  }
  const commit = str('commit', get(root, 'commit'), true);
  const statement = str('statement', get(root, 'statement'), true);
  const sigNode = get(root, 'signature');
  const signature = sigNode ? str('signature', sigNode, true) : null;
  if (findings.length > 0 || !item || !fingerprint || !meaning || !signer || !signedAt)
    return { file, findings, lines, spans };
  const record: ApprovalRecord = {
    item,
    fingerprint,
    meaning,
    signer,
    role: role ?? null,
    signed_at: signedAt,
    commit: commit ?? null,
    statement: statement ?? null,
    ...(typeof signature === 'string' ? { signature: signature.endsWith('\n') ? signature : `${signature}\n` } : {}),
  };
  return { file, record, findings, lines, spans };
}
