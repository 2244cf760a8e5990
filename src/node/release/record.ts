import type { Manifest } from './build';
import type { CheckResult } from '../../core/engine';
import type { ImpactReport } from '../../core/impact/types';
import { compareIds } from '../../core/traceIndex';
import { LINK_COLUMNS, matrixTable, type MatrixTable } from '../../core/matrix/matrix';
import type { ReleaseInputs } from '../../core/release/inputs';
import { escapeHtml, filterControls, FILTER_SCRIPT, htmlPage, tableHtml } from '../matrix/html';
import { NOT_CONFIGURED_NOTES } from './sections';

/** What the release record shows; everything in it comes from the commit and the inputs. */
export interface RecordData extends Pick<
  Manifest,
  'product' | 'version' | 'ref' | 'commit' | 'tree' | 'tag' | 'commitTime' | 'root' | 'previous' | 'dirty' | 'gate'
> {
  readonly toolVersion: string;
  readonly sections: Record<'evidence' | 'approvals' | 'deviations' | 'anomalies', string>;
  readonly check: CheckResult;
  readonly inputs: ReleaseInputs;
  readonly changes: ImpactReport | undefined;
  readonly resultFiles: readonly { readonly path: string; readonly sha256: string; readonly bytes: number }[];
}

const e = escapeHtml;

function table(columns: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return `<p class="muted">${e(empty)}</p>`;
  const t: MatrixTable = { view: 'legend', title: '', columns, rows };
  return tableHtml(t, 'plain');
}

function notConfigured(note: string): string {
  return `<p><strong>Not configured.</strong> <span class="muted">${e(note.charAt(0).toUpperCase() + note.slice(1))}.</span></p>`;
}

function percent(covered: number, total: number): string {
  return total === 0 ? '—' : `${Math.floor((covered * 1000) / total) / 10}%`;
}

/** index.html of the packet: the software release record, readable on screen and on paper. */
export function releaseRecordHtml(d: RecordData): string {
  const name = [d.product ?? 'Design', d.version].filter((x) => x).join(' ');
  const parts: string[] = [];
  parts.push(`<h1>Release record: ${e(name)}</h1>`);
  parts.push(
    `<p class="muted">Built by tracespine ${e(d.toolVersion)} from commit ${e(d.commit)}. Every time shown is the commit's or a record's own.</p>`,
  );

  parts.push('<h2>Identification</h2><dl class="ident">');
  const ident: [string, string][] = [
    ['Product', d.product ?? '(not given)'],
    ['Version', d.version ?? '(not given)'],
    ['Ref', d.ref],
    ['Commit', d.commit],
    ['Tree', d.tree],
    ['Tag', d.tag ?? '(none)'],
    ['Commit time (UTC)', d.commitTime],
    ['Design root', d.root],
    ['Previous release', d.previous ? `${d.previous.ref} (${d.previous.commit})` : '(not given)'],
    [
      'Working tree',
      d.dirty.paths.length === 0 ? 'clean' : `uncommitted changes allowed (--allow-dirty): ${d.dirty.paths.join(', ')}`,
    ],
    ['Tool', `tracespine ${d.toolVersion}`],
  ];
  for (const [k, v] of ident) parts.push(`<dt>${e(k)}</dt><dd>${e(v)}</dd>`);
  parts.push('</dl>');

  const g = d.gate;
  parts.push('<h2>Gate</h2>');
  parts.push(
    `<p><span class="verdict ${g.verdict}">${g.verdict.toUpperCase()}</span> ${g.errors} errors, ${g.warnings} warnings, ${g.suppressed} suppressed by deviations.</p>`,
  );
  if (g.reasons.length > 0) parts.push(`<ul>${g.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul>`);
  const terms = (['evidence', 'approvals', 'deviations', 'anomalies'] as const).filter(
    (s) => d.sections[s] !== 'configured',
  );
  if (terms.length > 0) parts.push(`<p class="muted">Not part of this gate (not configured): ${terms.join(', ')}.</p>`);

  const s = d.check.summary;
  parts.push('<h2>Coverage</h2>');
  const kinds = Object.entries(s.byKind)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  parts.push(`<p>${s.items} items: ${e(kinds)}.</p>`);
  parts.push(
    table(
      ['rule', 'kind', 'covered', 'total', 'share'],
      d.check.coverage.map((c) => [
        c.name,
        c.kind,
        String(c.covered.length),
        String(c.covered.length + c.uncovered.length),
        percent(c.covered.length, c.covered.length + c.uncovered.length),
      ]),
      'No coverage rules.',
    ),
  );
  const links = matrixTable(d.check.index, 'links', d.inputs.evidence ? { evidence: d.inputs.evidence } : {});
  const states = new Map<string, number>();
  for (const r of links.rows) states.set(r[7]!, (states.get(r[7]!) ?? 0) + 1);
  parts.push(
    `<p>Links by state (trace.csv): ${
      [...states.keys()]
        .sort()
        .map((k) => `${e(k)} ${states.get(k)}`)
        .join(', ') || 'none'
    }.</p>`,
  );
  const gaps = links.rows.filter(
    (r) => r[7] === 'gap' || r[7] === 'suspect' || r[7] === 'dangling' || r[7] === 'wrong-kind' || r[8] === 'failed',
  );
  parts.push('<h3>Gaps and links to review</h3>');
  parts.push(
    gaps.length === 0
      ? '<p class="muted">None.</p>'
      : `${filterControls()}\n${tableHtml({ view: 'links', title: 'Links', columns: LINK_COLUMNS, rows: gaps })}`,
  );

  parts.push('<h2>Open findings</h2>');
  const findings = d.check.findings.map((f) => [
    f.severity,
    f.code,
    `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`,
    f.itemId ?? '',
    f.message,
  ]);
  parts.push(table(['severity', 'code', 'where', 'item', 'message'], findings, 'No findings.'));

  parts.push('<h2>Residual anomalies</h2>');
  if (!d.inputs.anomalies) parts.push(notConfigured(NOT_CONFIGURED_NOTES.anomalies));
  else
    parts.push(
      table(
        ['id', 'title', 'severity', 'state', 'safety evaluation', 'affects'],
        d.inputs.anomalies.open.map((a) => [
          a.id,
          a.title,
          a.severity,
          a.state,
          a.safetyEvaluation,
          a.affects.join(', '),
        ]),
        'No open anomalies.',
      ),
    );

  parts.push('<h2>Deviations in force</h2>');
  if (!d.inputs.deviations) parts.push(notConfigured(NOT_CONFIGURED_NOTES.deviations));
  else
    parts.push(
      table(
        ['id', 'title', 'waives', 'justification', 'owner', 'expires', 'state', 'suppressed'],
        d.inputs.deviations.deviations.map((v) => [
          v.id,
          v.title,
          v.waives,
          v.justification,
          v.owner,
          v.expires,
          v.state,
          String(v.suppressed),
        ]),
        'No deviations.',
      ),
    );

  parts.push('<h2>Approvals</h2>');
  if (!d.inputs.approvals) parts.push(notConfigured(NOT_CONFIGURED_NOTES.approvals));
  else {
    const rows = d.inputs.approvals.records.map((a) => [
      a.item,
      a.meaning,
      a.name,
      a.signedAt,
      a.role,
      a.fingerprint,
      a.signed ? 'yes' : 'no',
      a.state,
    ]);
    parts.push(
      table(
        ['item', 'meaning', 'printed name', 'time (UTC)', 'role', 'fingerprint', 'signed', 'state'],
        rows,
        'No approval records.',
      ),
    );
  }

  parts.push('<h2>Verification evidence</h2>');
  if (!d.inputs.evidence) parts.push(notConfigured(NOT_CONFIGURED_NOTES.evidence));
  parts.push(
    table(
      ['result file (copied under evidence/)', 'sha256', 'bytes'],
      d.resultFiles.map((r) => [r.path, r.sha256, String(r.bytes)]),
      'No result files were given (--results).',
    ),
  );

  parts.push('<h2>Changes since the previous release</h2>');
  if (!d.changes) parts.push('<p class="muted">No previous release was given (--previous).</p>');
  else {
    const c = d.changes;
    parts.push(
      `<p>From ${e(c.base.ref)} (merge base ${e(c.base.commit)}): ${c.changed.length} items changed, ${c.impacted.length} impacted downstream, ${c.code.length} code files with changed tags.</p>`,
    );
    const changed = [...c.changed]
      .sort((a, b) => compareIds(a.id, b.id))
      .map((i) => [i.id, i.kind, i.change, i.title, i.file]);
    parts.push(table(['id', 'kind', 'change', 'title', 'file'], changed, 'No item changed.'));
    const impacted = c.impacted.map((i) => [i.id, i.kind, i.title, i.via.join(', ')]);
    if (impacted.length > 0)
      parts.push('<h3>Impacted (to re-review)</h3>', table(['id', 'kind', 'title', 'via'], impacted, ''));
  }

  parts.push('<h2>This packet</h2>');
  parts.push(
    '<p>MANIFEST.json lists every file with its SHA-256; SHA256SUMS checks them (<code>sha256sum -c SHA256SUMS</code>); ' +
      '<code>tracespine release verify DIR</code> also re-checks that the commit still yields report.json. trace.csv is the full traceability matrix (links view).</p>',
  );
  return htmlPage(`Release record: ${name}`, parts.join('\n'), gaps.length > 0 ? FILTER_SCRIPT : undefined);
}
