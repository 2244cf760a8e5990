import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { CODE_DESCRIPTIONS, CODE_HELP, DEFAULT_SEVERITY, type FixedCode } from '../../core/config/codes';
import { EVIDENCE_DESCRIPTIONS, EVIDENCE_HELP, EVIDENCE_SEVERITY, type EvidenceCode } from '../../core/config/codes';
import type { SeverityLevel } from '../../core/model/finding';
import { codeUseOf, reportedCodes } from '../../core/reportedCodes';
import type { CheckResult } from '../../core/engine';
import type { Range } from '../../core/model/range';
import { pathToFileURL } from 'node:url';
import { displayPath } from './paths';
import { withSuppressed } from './json';
import { VERSION } from '../../node/version';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
const HELP_URI = 'https://github.com/tracespine/tracespine#diagnostic-codes';
/** A rule set off is disabled rather than given level 'none', which code scanning does not take on a rule. */
function ruleConfiguration(level: SeverityLevel): { level: 'error' | 'warning' | 'note' } | { enabled: false } {
  return level === 'off' ? { enabled: false } : { level: LEVEL[level] };
}

/** Paths in results are relative to this base, which the run defines as the current directory. */
const SRCROOT = '%SRCROOT%';

/**
 * A relative path as a URI reference: each segment percent-encoded, so that `#`, `?`, `%` or a
 * space in a file name cannot make the URI point at another file (encodeURI keeps `#` and `?`).
 */
function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  if (path.startsWith('/')) return { uri: pathToFileURL(path).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(r: Range): Record<string, number> {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

/** SARIF 2.1.0 with one rule per diagnostic code, for code scanning and pull-request review tools. */
export function formatSarif(result: CheckResult, root: string, cwd = process.cwd()): string {
  const coverageRules = result.config.coverage.map((c) => ({
    id: `coverage.${c.name}`,
    description: `Coverage rule '${c.name}': every live ${c.kind} is the target of a ${c.by.join(' or ')} link.`,
    help: CODE_HELP.coverage,
    level: c.severity,
  }));
  const all = withSuppressed(result);
  const deviations = new Map(result.deviations.map((d) => [d.id, d]));
  const isEvidence = (code: FixedCode | EvidenceCode): code is EvidenceCode => code in EVIDENCE_SEVERITY;
  const fixed = reportedCodes(codeUseOf(result, all)).map((code) =>
    isEvidence(code)
      ? {
          id: code,
          description: EVIDENCE_DESCRIPTIONS[code],
          help: EVIDENCE_HELP[code],
          level: EVIDENCE_SEVERITY[code],
        }
      : { id: code, description: CODE_DESCRIPTIONS[code], help: CODE_HELP[code], level: DEFAULT_SEVERITY[code] },
  );
  const rules = [...fixed, ...coverageRules].map((r) => {
    const override = result.config.rules.get(r.id);
    return {
      id: r.id,
      shortDescription: { text: r.description },
      fullDescription: { text: `${r.description} ${r.help}` },
      help: { text: r.help, markdown: `**${r.id}**: ${r.help}\n\nSee [diagnostic codes](${HELP_URI}).` },
      defaultConfiguration: ruleConfiguration(override ?? r.level),
      helpUri: HELP_URI,
    };
  });
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = all.map((f) => ({
    ruleId: f.code,
    ruleIndex: ruleIndex.get(f.code) ?? -1,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(displayPath(root, f.file, cwd)),
          region: region(f.range),
        },
      },
    ],
    ...(f.related && f.related.length > 0
      ? {
          relatedLocations: f.related.map((r, id) => ({
            id,
            message: { text: r.message },
            physicalLocation: {
              artifactLocation: artifactLocation(displayPath(root, r.file, cwd)),
              region: region(r.range),
            },
          })),
        }
      : {}),
    // Stable across unrelated edits: the finding's identity, not its line.
    partialFingerprints: {
      'tracespine/v1': bytesToHex(
        sha256(utf8ToBytes([f.code, f.file, f.itemId ?? '', f.target ?? '', f.message].join('\u0000'))),
      ).slice(0, 32),
    },
    // Waived by a deviation in force: an accepted suppression kept outside the source (SPEC section 9).
    ...(f.suppressed ? { suppressions: [suppression(f.suppressed.by, deviations.get(f.suppressed.by))] } : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Tracespine',
            version: VERSION,
            informationUri: 'https://github.com/tracespine/tracespine',
            rules,
          },
        },
        // No absolute path in the log: the same inputs give the same bytes on any machine (a
        // release packet holds it); consumers resolve %SRCROOT% as their checkout.
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The directory the check ran in: result paths are relative to it.' } },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function suppression(
  by: string,
  d: { justification: string; owner: string; expires: string } | undefined,
): Record<string, unknown> {
  const justification = d ? `${by}: ${d.justification} (owner ${d.owner}, expires ${d.expires})` : by;
  return {
    kind: 'external',
    status: 'accepted',
    justification,
    properties: { deviation: by, ...(d ? { owner: d.owner, expires: d.expires } : {}) },
  };
}
