import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One complaint of Microsoft's SARIF validator. */
export interface SarifComplaint {
  readonly rule: string;
  readonly level: string;
  readonly message: string;
}

/**
 * Runs Microsoft's SARIF validator (`@microsoft/sarif-multitool validate`) with the SARIF and
 * GitHub rule sets over `sarifText`, and returns its errors and warnings. The binary is called
 * directly: the package's bin wrapper goes through a shell, which splits "Gh;Sarif" at the `;`.
 * Its URI-reachability rule is pointed at a closed loopback proxy so that it sends nothing out.
 */
export function validateSarif(sarifText: string): SarifComplaint[] {
  const tool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  const dir = mkdtempSync(join(tmpdir(), 'tracespine-sarif-'));
  try {
    const input = join(dir, 'input.sarif');
    const output = join(dir, 'validation.sarif');
    writeFileSync(input, sarifText);
    const proxy = 'http://127.0.0.1:9';
    const run = spawnSync(
      tool,
      [
        'validate',
        '--rule-kind',
        'Gh;Sarif',
        '--level',
        'Error;Warning',
        '--log',
        'ForceOverwrite',
        '-o',
        output,
        input,
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, HTTP_PROXY: proxy, HTTPS_PROXY: proxy, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      },
    );
    if (run.status !== 0) throw new Error(`sarif-multitool exited ${run.status}: ${run.stderr}${run.stdout}`);
    const log = JSON.parse(readFileSync(output, 'utf8')) as {
      runs: { results?: { ruleId: string; level?: string; message: { text?: string } }[] }[];
    };
    return log.runs
      .flatMap((r) => r.results ?? [])
      .map((r) => ({ rule: r.ruleId, level: r.level ?? 'warning', message: r.message.text ?? '' }))
      .filter((r) => r.level === 'error' || r.level === 'warning');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
