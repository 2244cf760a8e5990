/** A small, strict argv parser: unknown options are usage errors (exit 2), as in ESLint. */
export class UsageError extends Error {}

export interface ParsedArgs {
  readonly positional: string[];
  readonly options: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[], spec: Record<string, 'flag' | 'value'>): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq < 0 ? arg : arg.slice(0, eq)).replace(/^-+/, '');
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option '${arg}'`);
    if (kind === 'flag') {
      if (eq >= 0) throw new UsageError(`option '--${name}' takes no value`);
      options.set(name, true);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`option '--${name}' needs a value`);
    options.set(name, value);
  }
  return { positional, options };
}

export function oneOf<T extends string>(
  value: string | true | undefined,
  allowed: readonly T[],
  name: string,
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (value === true || !(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}
