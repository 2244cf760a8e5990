/** Kinds in the graph: their colour slot, their order by rank, CSS-safe names. */
import type { KindInfo } from '../src/shared/protocol';

/** Colour slot of a kind: well-known kinds get a fixed colour, the others a palette entry. */
export function kindColorSlot(kind: string, index: number): string {
  const k = kind.toLowerCase();
  if (/hazard|risk|harm|failure/.test(k)) return 'hazard';
  // Validation and verification are different activities: two colours.
  if (/valid/.test(k)) return 'val';
  if (/test|verif/.test(k)) return 'test';
  if (/need|user|stakeholder|input/.test(k)) return 'need';
  if (/req|spec|design/.test(k)) return 'req';
  return `p${index % 6}`;
}

/** Kinds sorted by rank, then by the order the host gave them. */
export function sortedKinds(kinds: readonly KindInfo[]): KindInfo[] {
  return kinds
    .map((k, i) => ({ k, i }))
    .sort((a, b) => a.k.rank - b.k.rank || a.i - b.i)
    .map((x) => x.k);
}

/** Safe for a CSS class name / DOM token. */
export function cssToken(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
}
