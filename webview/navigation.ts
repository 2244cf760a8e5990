/** Keyboard navigation between the laid-out nodes. */
import { centre, type NodeBox } from './geometry';

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * The node to move to from `from` with an arrow key: the nearest node whose centre lies in that
 * direction within a 45° cone either side, distance weighted against sideways drift.
 */
export function neighbourInDirection(
  nodes: ReadonlyMap<string, NodeBox>,
  from: string,
  dir: Direction,
): string | undefined {
  const a = nodes.get(from);
  if (!a) return undefined;
  const ca = centre(a);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const [id, b] of nodes) {
    if (id === from) continue;
    const cb = centre(b);
    const dx = cb.x - ca.x;
    const dy = cb.y - ca.y;
    const along = dir === 'up' ? -dy : dir === 'down' ? dy : dir === 'left' ? -dx : dx;
    const across = dir === 'up' || dir === 'down' ? Math.abs(dx) : Math.abs(dy);
    if (along <= 0 || across > along * (dir === 'up' || dir === 'down' ? 8 : 1)) continue;
    const score = along + across * 2;
    if (score < bestScore || (score === bestScore && best !== undefined && id < best)) {
      bestScore = score;
      best = id;
    }
  }
  return best;
}

/** Reading order (top to bottom, left to right) for Tab. */
export function readingOrder(nodes: ReadonlyMap<string, NodeBox>): string[] {
  return [...nodes].sort(([ia, a], [ib, b]) => a.y - b.y || a.x - b.x || (ia < ib ? -1 : 1)).map(([id]) => id);
}
