/** The one table of command IDs (src/core/commands.ts) against the manifest's contributions. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Commands, InternalCommands, UNCONTRIBUTED_COMMANDS } from '../../src/core/commands';

interface Manifest {
  contributes: { commands: { command: string }[]; menus: Record<string, { command?: string }[]> };
}

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Manifest;

describe('command IDs', () => {
  it('package.json contributes exactly the public commands of the table', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const expected = Object.values(Commands)
      .filter((id) => !UNCONTRIBUTED_COMMANDS.includes(id))
      .sort();
    expect(contributed).toEqual(expected);
  });

  it('every menu entry names a command of the table', () => {
    const known = new Set<string>(Object.values(Commands));
    const named = Object.values(manifest.contributes.menus).flatMap((entries) =>
      entries.map((e) => e.command).filter((c) => c !== undefined),
    );
    expect(named.filter((c) => !known.has(c))).toEqual([]);
  });

  it('test-only commands are never contributed', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    expect(Object.values(InternalCommands).filter((c) => contributed.has(c))).toEqual([]);
  });
});
