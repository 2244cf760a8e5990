// The text an approval covered, from git: the commit whose item file has the approved fingerprint.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../../src/core/engine';
import { NodeFsHost } from '../../../src/node/fsHost';
import { findApprovedText } from '../../../src/node/approvedText';
import { approvalWorkspace, REQ1, write } from './workspace';

const git = (dir: string, ...args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });

describe('findApprovedText', () => {
  it('finds the commit with the approved fingerprint, walking the file history; none for an unknown one', async () => {
    const { dir } = approvalWorkspace();
    const first = git(dir, 'rev-parse', 'HEAD').trim();
    const host = new NodeFsHost(dir);
    const before = await checkWorkspace(host);
    const fp = before.index.resolve('REQ-1')!.fingerprint;
    const file = before.index.resolve('REQ-1')!.file;
    write(dir, file, REQ1.replace('999', '500'));
    git(dir, 'commit', '-qam', 'second');
    write(dir, file, REQ1.replace('999', '400'));
    git(dir, 'commit', '-qam', 'third');
    const after = await checkWorkspace(host);
    host.dispose();
    expect(after.index.resolve('REQ-1')!.fingerprint).not.toBe(fp);
    // Without the record's commit: the walk finds the first commit.
    expect(await findApprovedText(dir, after.config, file, 'REQ-1', fp, null)).toEqual({ text: REQ1, commit: first });
    // A record's commit that does not have it is passed over.
    const third = git(dir, 'rev-parse', 'HEAD').trim();
    expect((await findApprovedText(dir, after.config, file, 'REQ-1', fp, third))?.commit).toBe(first);
    expect(await findApprovedText(dir, after.config, file, 'REQ-1', '00000000', null)).toBeUndefined();
  });
});
