import { DEFAULT_APPROVALS, type ApprovalRule, type ApprovalsConfig, type ChangeClassRule } from './types';

type Raw = Record<string, unknown>;

/** `approvals:` of a schema-valid configuration (absent: the defaults, SPEC section 9). */
export function resolveApprovals(raw: unknown): ApprovalsConfig {
  if (raw === undefined || raw === null) return DEFAULT_APPROVALS;
  const a = raw as Raw;
  const roles = new Map<string, string[]>();
  for (const [role, emails] of Object.entries((a.roles ?? {}) as Record<string, string[]>)) {
    roles.set(
      role,
      emails.map((e) => e.toLowerCase()),
    );
  }
  const require = ((a.require ?? []) as Raw[]).map((r): ApprovalRule => ({
    kind: r.kind as string,
    statuses: (r.statuses as string[] | undefined) ?? ['approved'],
    meanings: r.meanings as string[],
    distinct: r.distinct === true,
  }));
  const dir = typeof a.dir === 'string' ? a.dir.replace(/\/+$/, '') : DEFAULT_APPROVALS.dir;
  return {
    dir,
    allowedSigners: typeof a.allowed_signers === 'string' ? a.allowed_signers : null,
    signatures: a.signatures === 'required' ? 'required' : 'optional',
    roles,
    require,
  };
}

/** `changes:` of a schema-valid configuration. */
export function resolveChanges(raw: unknown): ChangeClassRule[] {
  if (!Array.isArray(raw)) return [];
  return (raw as Raw[]).map((c) => {
    const when = (c.when ?? {}) as Raw;
    return {
      class: c.class as string,
      ...(Array.isArray(when.kinds) ? { kinds: when.kinds as string[] } : {}),
      ...(typeof when.severity_at_least === 'string' ? { severityAtLeast: when.severity_at_least } : {}),
      require: (c.require ?? []) as string[],
    };
  });
}

/** Splits `approved:qa` into meaning and role. */
export function splitMeaning(spec: string): { meaning: string; role: string | null } {
  const i = spec.indexOf(':');
  return i < 0 ? { meaning: spec, role: null } : { meaning: spec.slice(0, i), role: spec.slice(i + 1) };
}

/** The severity scale: the values of the `severity` field of the kinds that have one (the first such kind's order). */
export function severityScale(kinds: Record<string, Raw>): string[] {
  for (const k of Object.values(kinds)) {
    const sev = (k.fields as Raw | undefined)?.severity;
    if (Array.isArray(sev)) return sev.map(String);
  }
  return [];
}

type At = (path: (string | number)[], fallbackKey: string) => [number, number];
type Report = (message: string, start: number, end: number) => void;

/** Names across keys of `approvals` and `changes`: kinds, statuses, roles and severities that must exist. */
export function crossCheckApprovals(cfg: Raw, at: At, report: Report): void {
  const kinds = cfg.kinds as Record<string, Raw>;
  const statuses = new Set(cfg.statuses as string[]);
  const a = cfg.approvals as Raw | undefined;
  const roles = new Set(Object.keys(a?.roles ?? {}));
  const checkMeaning = (spec: string, path: (string | number)[], top: string): void => {
    const { meaning, role } = splitMeaning(spec);
    if (meaning === '' || (role !== null && role === '')) {
      const [s, e] = at(path, top);
      report(`'${spec}' must be a meaning, or a meaning and a role as 'approved:qa'`, s, e);
    } else if (role !== null && !roles.has(role)) {
      const [s, e] = at(path, top);
      report(`'${spec}' names role '${role}', which approvals.roles does not define`, s, e);
    }
  };
  if (a) {
    if (a.signatures === 'required' && typeof a.allowed_signers !== 'string') {
      const [s, e] = at(['approvals', 'signatures'], 'approvals');
      report(
        "approvals.signatures is 'required', so approvals.allowed_signers must name the allowed-signers file",
        s,
        e,
      );
    }
    ((a.require ?? []) as Raw[]).forEach((r, i) => {
      if (!Object.hasOwn(kinds, r.kind as string)) {
        const [s, e] = at(['approvals', 'require', i, 'kind'], 'approvals');
        report(`approval rule names kind '${String(r.kind)}', which is not configured`, s, e);
      }
      ((r.statuses ?? []) as string[]).forEach((st, j) => {
        if (!statuses.has(st)) {
          const [s, e] = at(['approvals', 'require', i, 'statuses', j], 'approvals');
          report(`approval rule names status '${st}', which 'statuses' does not list`, s, e);
        }
      });
      (r.meanings as string[]).forEach((m, j) =>
        checkMeaning(m, ['approvals', 'require', i, 'meanings', j], 'approvals'),
      );
    });
  }
  const scale = severityScale(kinds);
  ((cfg.changes ?? []) as Raw[]).forEach((c, i) => {
    const when = (c.when ?? {}) as Raw;
    ((when.kinds ?? []) as string[]).forEach((k, j) => {
      if (!Object.hasOwn(kinds, k)) {
        const [s, e] = at(['changes', i, 'when', 'kinds', j], 'changes');
        report(`change class '${String(c.class)}' names kind '${k}', which is not configured`, s, e);
      }
    });
    if (typeof when.severity_at_least === 'string' && !scale.includes(when.severity_at_least)) {
      const [s, e] = at(['changes', i, 'when', 'severity_at_least'], 'changes');
      report(
        `'${when.severity_at_least}' is not a severity; allowed: ${scale.join(', ') || '(no kind has a severity field)'}`,
        s,
        e,
      );
    }
    ((c.require ?? []) as string[]).forEach((m, j) => checkMeaning(m, ['changes', i, 'require', j], 'changes'));
  });
}
