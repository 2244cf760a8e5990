import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/cli/check';
import { UsageError } from '../../../src/cli/args';

describe('a configuration that cannot be read as given', () => {
  it('--config FILE that is there but unreadable is config.invalid in the chosen format (exit 2)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ts-cfg-'));
    writeFileSync(join(root, 'policy.yaml'), 'kinds: {}\n\u0000');
    const out = await runCheck(['.', '--config', 'policy.yaml', '--format', 'json'], root);
    expect(out.exitCode).toBe(2);
    const report = JSON.parse(out.stdout) as {
      diagnostics: { code: string; file: string; line: number; message: string }[];
    };
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        code: 'config.invalid',
        file: 'policy.yaml',
        line: 1,
        message: 'policy.yaml cannot be read: binary file (contains NUL bytes); skipped',
      }),
    ]);
    // A file that is not there is a mistyped option.
    await expect(runCheck(['.', '--config', 'nope.yaml'], root)).rejects.toThrow(UsageError);
  });

  it('tracespine.yaml that is not valid UTF-8 gets a notice', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ts-cfg-'));
    writeFileSync(
      join(root, 'tracespine.yaml'),
      Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nversion: 1\n')]),
    );
    const out = await runCheck(['.'], root);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('notice: tracespine.yaml: not valid UTF-8: invalid bytes were read as U+FFFD\n');
    writeFileSync(
      join(root, 'other.yaml'),
      Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nversion: 1\n')]),
    );
    expect((await runCheck(['.', '--config', 'other.yaml'], root)).stderr).toBe(
      'notice: other.yaml: not valid UTF-8: invalid bytes were read as U+FFFD\n',
    );
  });
});
