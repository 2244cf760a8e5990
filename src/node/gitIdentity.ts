import { gitOrUndefined } from './git';

/**
 * Defaults for a manual test record ("Record Test Result…"): the version under test
 * (`git describe --tags --always --dirty`: the nearest tag, else the abbreviated HEAD) and
 * who executed it (`user.name <user.email>` of git's configuration). Undefined where git has
 * no answer (not a repository, no commit, no user configured).
 */
export async function gitDescribe(cwd: string): Promise<string | undefined> {
  const out = await gitOrUndefined(cwd, ['describe', '--tags', '--always', '--dirty']).catch(() => undefined);
  return out?.trim() || undefined;
}

export async function gitUser(cwd: string): Promise<string | undefined> {
  const [name, email] = await Promise.all(
    ['user.name', 'user.email'].map(async (k) =>
      ((await gitOrUndefined(cwd, ['config', '--get', k]).catch(() => undefined)) ?? '').trim(),
    ),
  );
  if (!name && !email) return undefined;
  return name && email ? `${name} <${email}>` : name || email;
}
