/** The viewport: zoom, pan, fitting a box. */
import type { NodeBox } from './geometry';

export interface Transform {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.001;
export const MAX_ZOOM = 3;

export function clampZoom(k: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));
}

/** Shows the box `b` centred in a `w`×`h` viewport with `pad` pixels around it, never above `maxK`. */
export function fitTransform(
  b: { x: number; y: number; width: number; height: number },
  w: number,
  h: number,
  pad = 24,
  maxK = 1,
): Transform {
  const k = clampZoom(Math.min(maxK, (w - 2 * pad) / Math.max(1, b.width), (h - 2 * pad) / Math.max(1, b.height)));
  return { k, x: (w - b.width * k) / 2 - b.x * k, y: (h - b.height * k) / 2 - b.y * k };
}

/** Zooms by `factor` keeping the screen point (`px`, `py`) fixed. */
export function zoomAt(t: Transform, factor: number, px: number, py: number): Transform {
  const k = clampZoom(t.k * factor);
  const f = k / t.k;
  return { k, x: px - (px - t.x) * f, y: py - (py - t.y) * f };
}

/** The smallest pan that brings box `b` fully into a `w`×`h` viewport (with `pad`). */
export function panIntoView(t: Transform, b: NodeBox, w: number, h: number, pad = 24): Transform {
  const left = b.x * t.k + t.x;
  const top = b.y * t.k + t.y;
  const right = left + b.width * t.k;
  const bottom = top + b.height * t.k;
  let dx = 0;
  let dy = 0;
  if (right > w - pad) dx = w - pad - right;
  if (left + dx < pad) dx = pad - left;
  if (bottom > h - pad) dy = h - pad - bottom;
  if (top + dy < pad) dy = pad - top;
  return { k: t.k, x: t.x + dx, y: t.y + dy };
}

/** Font size of a node's text (ID and title) in layout px. */
export const NODE_TEXT_PX = 12;

/** The zoom at which a node's text is as large as the editor's (`editorFontPx`). */
export function readableZoom(editorFontPx: number): number {
  return clampZoom(Math.max(6, editorFontPx) / NODE_TEXT_PX);
}

/**
 * Fits box `b` into a `w`×`h` view, never below zoom `minK` (readable text) and never above
 * max(1, minK). When the box does not fit at `minK`, shows `focus` (a node box) with room
 * around it, else the top left of `b`.
 */
export function readableFit(
  b: { x: number; y: number; width: number; height: number },
  w: number,
  h: number,
  minK: number,
  focus?: NodeBox,
  pad = 24,
): Transform {
  const fit = fitTransform(b, w, h, pad, Math.max(1, minK));
  if (fit.k >= minK - 1e-9) return fit;
  const k = clampZoom(minK);
  if (focus) {
    // The focus near the middle, but the drawing's edges not pulled past the view's.
    let x = w / 2 - (focus.x + focus.width / 2) * k;
    let y = h / 2 - (focus.y + focus.height / 2) * k;
    x = Math.min(pad - b.x * k, Math.max(w - pad - (b.x + b.width) * k, x));
    y = Math.min(pad - b.y * k, Math.max(h - pad - (b.y + b.height) * k, y));
    return { k, x, y };
  }
  return { k, x: pad - b.x * k, y: pad - b.y * k };
}
