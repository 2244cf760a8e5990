import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { ALL_CODES, CODE_DESCRIPTIONS, DEFAULT_SEVERITY } from '../../core/config/codes';
import type { CheckResult } from '../../core/engine';
import type { Range } from '../../core/model/range';
import { displayPath } from './paths';
import { VERSION } from '../../node/version';

const LEVEL = { error: 'error', warning: 'warning', info: 'note', off: 'none' } as const;

function region(r: Range): Record<string, number> {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/** SARIF 2.1.0 with one rule per diagnostic code, for code scanning and pull-request review tools. */
export function formatSarif(result: CheckResult, root: string, cwd = process.cwd()): string {
  const coverageRules = result.config.coverage.map((c) => ({
    id: `coverage.${c.name}`,
    description: `Coverage rule '${c.name}': every live ${c.kind} is the target of a ${c.by.join(' or ')} link.`,
    level: c.severity,
  }));
  const fixed = ALL_CODES.map((code) => ({ id: code, description: CODE_DESCRIPTIONS[code], level: DEFAULT_SEVERITY[code] }));
  const rules = [...fixed, ...coverageRules].map((r) => {
    const override = result.config.rules.get(r.id);
    return {
      id: r.id,
      shortDescription: { text: r.description },
      defaultConfiguration: { level: LEVEL[override ?? r.level], ...(override === 'off' ? { enabled: false } : {}) },
      helpUri: 'https://github.com/tracespine/tracespine#diagnostic-codes',
    };
  });
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = result.findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: ruleIndex.get(f.code) ?? -1,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(displayPath(root, f.file, cwd)) }, region: region(f.range) } }],
    ...(f.related && f.related.length > 0
      ? {
          relatedLocations: f.related.map((r, id) => ({
            id,
            message: { text: r.message },
            physicalLocation: { artifactLocation: { uri: encodeURI(displayPath(root, r.file, cwd)) }, region: region(r.range) },
          })),
        }
      : {}),
    // Stable across unrelated edits: the finding's identity, not its line.
    partialFingerprints: { 'tracespine/v1': bytesToHex(sha256(utf8ToBytes([f.code, f.file, f.itemId ?? '', f.target ?? '', f.message].join('\u0000')))).slice(0, 32) },
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Tracespine', version: VERSION, informationUri: 'https://github.com/tracespine/tracespine', rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
