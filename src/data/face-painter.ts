/**
 * Minimal anti-aliased painting on one 64×64 RGB face inside a packed buffer. Shapes give a
 * coverage in [0, 1] per pixel centre; colours may be solid or vary per pixel (shading).
 * Ellipses, the common case, are walked row by row over their span only, which keeps a
 * face at a few hundred microseconds.
 */
import { FACE_SIDE } from '../util/face.js';
import type { Rgb } from './face-palette.js';

/** Writes the colour at a pixel centre into `out` (0..255 floats). */
export type Shader = (x: number, y: number, out: number[]) => void;
export type Coverage = (x: number, y: number) => number;
export type Paint = Rgb | Shader;

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Signed distance to an axis-aligned ellipse, to first order; good enough for a 1-px soft edge. */
export function ellipseDistance(x: number, y: number, cx: number, cy: number, rx: number, ry: number): number {
  const dx = (x - cx) / rx;
  const dy = (y - cy) / ry;
  const r = Math.sqrt(dx * dx + dy * dy);
  if (r === 0) return -Math.min(rx, ry);
  const gx = dx / rx;
  const gy = dy / ry;
  return (r - 1) / (Math.sqrt(gx * gx + gy * gy) / r);
}

export function ellipseCoverage(cx: number, cy: number, rx: number, ry: number): Coverage {
  return (x, y) => clamp01(0.5 - ellipseDistance(x, y, cx, cy, rx, ry));
}

export class FacePainter {
  private readonly colour = [0, 0, 0];
  // A clamped view rounds and clamps on store, where a plain Uint8Array would truncate and wrap.
  private readonly pixels: Uint8ClampedArray;

  constructor(
    pixels: Uint8Array,
    private readonly offset: number,
  ) {
    this.pixels = new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.length);
  }

  /** Covers the whole face with one colour per row (backdrops are vertical gradients). */
  fillRows(rowColour: (y: number, out: number[]) => void): void {
    const c = this.colour;
    const px = this.pixels;
    for (let y = 0; y < FACE_SIDE; y++) {
      rowColour(y + 0.5, c);
      const r = c[0];
      const g = c[1];
      const b = c[2];
      const end = this.offset + (y + 1) * FACE_SIDE * 3;
      for (let i = this.offset + y * FACE_SIDE * 3; i < end; i += 3) {
        px[i] = r;
        px[i + 1] = g;
        px[i + 2] = b;
      }
    }
  }

  /** An ellipse, optionally clipped by `mask` (multiplied into its coverage). */
  ellipse(cx: number, cy: number, rx: number, ry: number, paint: Paint, alpha = 1, mask?: Coverage): void {
    const px = this.pixels;
    const c = this.colour;
    let shader: Shader | null = null;
    if (typeof paint === 'function') {
      shader = paint;
    } else {
      c[0] = paint[0];
      c[1] = paint[1];
      c[2] = paint[2];
    }
    // Pixels this far inside (in units of the radii) are fully covered: no distance needed.
    const inner = Math.max(0, 1 - 0.5 / Math.min(rx, ry));
    const inner2 = inner * inner;
    const irx = 1 / rx;
    const iry = 1 / ry;
    const y0 = Math.max(0, Math.floor(cy - ry - 1));
    const y1 = Math.min(FACE_SIDE - 1, Math.ceil(cy + ry + 1));
    for (let y = y0; y <= y1; y++) {
      const py = y + 0.5;
      const t = (py - cy) / (ry + 1);
      if (t <= -1 || t >= 1) continue;
      // Half-width of the ellipse grown by a pixel: no pixel outside it can have coverage.
      const half = (rx + 1) * Math.sqrt(1 - t * t);
      const x0 = Math.max(0, Math.floor(cx - half));
      const x1 = Math.min(FACE_SIDE - 1, Math.ceil(cx + half));
      const dy = (py - cy) * iry;
      let i = this.offset + (y * FACE_SIDE + x0) * 3;
      for (let x = x0; x <= x1; x++, i += 3) {
        const pxc = x + 0.5;
        const dx = (pxc - cx) * irx;
        let a = alpha;
        if (dx * dx + dy * dy > inner2) {
          const cover = 0.5 - ellipseDistance(pxc, py, cx, cy, rx, ry);
          if (cover <= 0) continue;
          if (cover < 1) a *= cover;
        }
        if (mask) {
          a *= mask(pxc, py);
          if (a <= 0) continue;
        }
        if (shader) shader(pxc, py, c);
        px[i] = px[i] + (c[0] - px[i]) * a;
        px[i + 1] = px[i + 1] + (c[1] - px[i + 1]) * a;
        px[i + 2] = px[i + 2] + (c[2] - px[i + 2]) * a;
      }
    }
  }

  /** Any shape: `coverage` is evaluated over every pixel of `box`. */
  paint(box: Box, coverage: Coverage, paint: Paint, alpha = 1): void {
    const x0 = Math.max(0, Math.floor(box.x0));
    const y0 = Math.max(0, Math.floor(box.y0));
    const x1 = Math.min(FACE_SIDE - 1, Math.ceil(box.x1));
    const y1 = Math.min(FACE_SIDE - 1, Math.ceil(box.y1));
    for (let y = y0; y <= y1; y++) {
      let i = this.offset + (y * FACE_SIDE + x0) * 3;
      for (let x = x0; x <= x1; x++, i += 3) {
        const a = coverage(x + 0.5, y + 0.5);
        if (a > 0) this.blend(i, x + 0.5, y + 0.5, a * alpha, paint);
      }
    }
  }

  private blend(i: number, x: number, y: number, a: number, paint: Paint): void {
    const px = this.pixels;
    let c: ArrayLike<number>;
    if (typeof paint === 'function') {
      paint(x, y, this.colour);
      c = this.colour;
    } else {
      c = paint;
    }
    px[i] = px[i] + (c[0] - px[i]) * a;
    px[i + 1] = px[i + 1] + (c[1] - px[i + 1]) * a;
    px[i + 2] = px[i + 2] + (c[2] - px[i + 2]) * a;
  }
}
