import type { ImpactReport } from '../../../src/core/impact/types';

/** A report as compact strings, for exact assertions. */
export interface Brief {
  changed: string[];
  impacted: string[];
  upstream: string[];
  code: string[];
  impactedCode: string[];
}

export function brief(r: Pick<ImpactReport, 'changed' | 'impacted' | 'upstream' | 'code' | 'impactedCode'>): Brief {
  return {
    changed: r.changed.map((c) => `${c.change} ${c.id} ${c.file}`),
    impacted: r.impacted.map((i) => `${i.id} d${i.depth} ${i.via.join('>')}`),
    upstream: r.upstream.map((u) => `${u.id} ${u.via.join('>')}`),
    code: r.code.map((c) => `${c.file}: ${c.ids.join(',')}`),
    impactedCode: r.impactedCode.map((c) => `${c.file}: ${c.ids.join(',')} d${c.depth}`),
  };
}

export const NOTHING: Brief = { changed: [], impacted: [], upstream: [], code: [], impactedCode: [] };
