import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isolateGit, tempDir } from '../impact/repo';

/** A person with a real ed25519 key made by ssh-keygen for the test. */
export interface Person {
  readonly name: string;
  readonly email: string;
  readonly key: string;
  readonly publicKey: string;
}

export function makePerson(dir: string, name: string, email: string): Person {
  const key = join(dir, 'keys', email.split('@')[0]!);
  mkdirSync(dirname(key), { recursive: true });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', email, '-f', key]);
  return { name, email, key, publicKey: readFileSync(`${key}.pub`, 'utf8').trim() };
}

/** Makes git sign and name approvals as `p` in repository `dir`. */
export function actAs(dir: string, p: Person): void {
  execFileSync('git', ['-C', dir, 'config', 'user.name', p.name]);
  execFileSync('git', ['-C', dir, 'config', 'user.email', p.email]);
  execFileSync('git', ['-C', dir, 'config', 'user.signingkey', p.key]);
}

export function write(dir: string, file: string, text: string): void {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), text);
}

export function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

export function records(dir: string, sub = '.tracespine/approvals'): string[] {
  try {
    return readdirSync(join(dir, sub))
      .sort()
      .map((f) => `${sub}/${f}`);
  } catch {
    return [];
  }
}

export const CONFIG = `approvals:
  allowed_signers: allowed_signers
  signatures: required
  roles:
    qa: [alice@example.com]
    dev: [bob@example.com]
  require:
    - { kind: requirement, statuses: [approved], meanings: ["approved:qa"] }
`;

export const REQ1 = `---
id: REQ-1
title: Maximum infusion rate
status: approved
derives_from: [UN-1]
---
The pump shall reject any rate above 999 mL/h.
`;

export const UN1 = `---
id: UN-1
title: Safe rates
---
Rates are safe.
`;

/** A git repository with a design, Alice (qa) and Bob (dev) in allowed_signers, acting as Alice. */
export function approvalWorkspace(config = CONFIG): { dir: string; alice: Person; bob: Person } {
  isolateGit();
  const dir = tempDir('ts-approvals-');
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const alice = makePerson(dir, 'Alice Example', 'alice@example.com');
  const bob = makePerson(dir, 'Bob Builder', 'bob@example.com');
  write(dir, 'tracespine.yaml', config);
  write(
    dir,
    'allowed_signers',
    [alice, bob].map((p) => `${p.email} namespaces="tracespine-approval" ${p.publicKey}\n`).join(''),
  );
  write(dir, 'design/REQ-1.md', REQ1);
  write(dir, 'design/UN-1.md', UN1);
  execFileSync('git', ['-C', dir, 'add', '.']);
  execFileSync('git', ['-C', dir, 'commit', '-q', '-m', 'design']);
  actAs(dir, alice);
  return { dir, alice, bob };
}
