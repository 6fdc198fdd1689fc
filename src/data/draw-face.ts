/**
 * Draws one simple anime-style face: background, hair behind the head, neck and clothes, face,
 * eyes, mouth, then bangs and side locks over the face. Every size, position and shade is
 * jittered so that a GAN has real variation to learn, while hair and eye colour stay readable.
 */
import { type Rng } from '../util/rng.js';
import { FACE_SIDE } from '../util/face.js';
import { clamp01, ellipseCoverage, ellipseDistance, FacePainter, type Shader } from './face-painter.js';
import { BLUSH, LASH, MOUTH, SCLERA, type Rgb } from './face-palette.js';

function jitterColour(rgb: Rgb, rng: Rng, spread: number): Rgb {
  const k = 1 + (rng.next() - 0.5) * spread;
  return [rgb[0] * k + rng.normal() * 6, rgb[1] * k + rng.normal() * 6, rgb[2] * k + rng.normal() * 6];
}

function scale(rgb: Rgb, k: number): Rgb {
  return [rgb[0] * k, rgb[1] * k, rgb[2] * k];
}

/** A random light, low-saturation colour, like the plain backdrops of anime portraits. */
function backdrop(rng: Rng): Rgb {
  const grey = rng.range(150, 245);
  return [grey + rng.normal() * 22, grey + rng.normal() * 22, grey + rng.normal() * 22];
}

/** Vertical blend from `top` to `bottom`, one colour per row. */
function gradient(top: Rgb, bottom: Rgb): (y: number, out: number[]) => void {
  return (y, out) => {
    const t = y / FACE_SIDE;
    out[0] = top[0] + (bottom[0] - top[0]) * t;
    out[1] = top[1] + (bottom[1] - top[1]) * t;
    out[2] = top[2] + (bottom[2] - top[2]) * t;
  };
}

/** Hair: darker towards its lower edge, with the glossy band across the crown anime hair has. */
function hairShader(base: Rgb, cx: number, capCy: number, capRx: number, capRy: number, gloss: number): Shader {
  // Both terms are tabulated per row and per column: this shader runs for most hair pixels.
  const rowK = new Float64Array(FACE_SIDE);
  const bandY = new Float64Array(FACE_SIDE);
  const bandGloss = new Float64Array(FACE_SIDE);
  for (let i = 0; i < FACE_SIDE; i++) {
    rowK[i] = 1.12 - 0.4 * clamp01((i + 0.5 - (capCy - capRy)) / (capRy * 2.6));
    // The band fades out towards the sides instead of running round the head like a hat brim.
    const across = (i + 0.5 - cx) / capRx;
    if (Math.abs(across) < 0.75) {
      bandY[i] = capCy - capRy * 0.5 * Math.sqrt(1 - across * across);
      bandGloss[i] = gloss * (1 - Math.abs(across) / 0.75);
    }
  }
  return (x, y, out) => {
    const col = x | 0;
    let k = rowK[y | 0];
    const d = Math.abs(y - bandY[col]);
    if (d < 2.5) k += bandGloss[col] * (1 - d / 2.5);
    out[0] = base[0] * k;
    out[1] = base[1] * k;
    out[2] = base[2] * k;
  };
}

/** The iris: darker under the lid, lighter at the bottom. */
function irisShader(base: Rgb, cy: number, ry: number): Shader {
  return (_x, y, out) => {
    const k = 0.55 + 0.65 * clamp01((y - (cy - ry)) / (2 * ry));
    out[0] = base[0] * k;
    out[1] = base[1] * k;
    out[2] = base[2] * k;
  };
}

export function drawFace(pixels: Uint8Array, offset: number, rng: Rng, hairRgb: Rgb, eyeRgb: Rgb): void {
  const p = new FacePainter(pixels, offset);
  const hair = jitterColour(hairRgb, rng, 0.2);
  const eye = jitterColour(eyeRgb, rng, 0.2);
  const skin: Rgb = jitterColour([252, 226, 206], rng, 0.08);

  p.fillRows(gradient(backdrop(rng), backdrop(rng)));

  // Head geometry, laid out in pixels of a 64-pixel face.
  const cx = 32 + rng.normal() * 1.5;
  const fy = 36 + rng.range(-2, 2); // face centre
  const frx = 14.5 + rng.range(-1.5, 1.5);
  const fry = 17 + rng.range(-1.5, 1.5);
  const chin = rng.range(0.15, 0.4);
  const capRx = frx + rng.range(3.5, 6.5);
  const capCy = fy - rng.range(3, 6);
  const capRy = capCy - rng.range(5, 10); // top of the hair at y = 5..10
  const hairPaint = hairShader(hair, cx, capCy, capRx, capRy, rng.range(0.15, 0.4));

  // Hair behind the head: short, long, or with twin tails.
  const style = rng.int(3);
  p.ellipse(cx, capCy + 2, capRx, capRy + 2, hairPaint);
  if (style === 1) {
    const len = rng.range(26, 34);
    p.ellipse(cx, capCy + len / 2, capRx + 0.5, len, hairPaint);
  } else if (style === 2) {
    for (const side of [-1, 1]) {
      const tx = cx + side * (capRx + rng.range(0, 3));
      const ty = fy + rng.range(4, 12);
      const trx = rng.range(4, 6.5);
      const tRy = rng.range(11, 17);
      p.ellipse(tx, ty, trx, tRy, hairPaint);
    }
  }

  // Neck and clothes.
  const clothes: Rgb = [rng.range(30, 230), rng.range(30, 230), rng.range(30, 230)];
  p.ellipse(cx, fy + fry + 2, 5, 9, scale(skin, 0.86));
  const shoulderY = FACE_SIDE + rng.range(4, 9);
  p.ellipse(cx, shoulderY, 27, 14, clothes);

  // Face: an ellipse whose lower half narrows towards the chin.
  const faceInner = (1 - 0.5 / frx) ** 2;
  p.paint(
    { x0: cx - frx - 1, y0: fy - fry - 1, x1: cx + frx + 1, y1: fy + fry + 1 },
    (x, y) => {
      const t = y > fy ? (y - fy) / fry : 0;
      const sx = cx + (x - cx) / (1 - chin * t * t);
      const dx = (sx - cx) / frx;
      const dy = (y - fy) / fry;
      if (dx * dx + dy * dy < faceInner) return 1;
      return clamp01(0.5 - ellipseDistance(sx, y, cx, fy, frx, fry));
    },
    skin,
  );

  // Eyebrows first, so the bangs can hide them.
  const eyeY = fy + 1 + rng.range(-1, 1.5);
  const eyeDx = 6.5 + rng.range(-0.5, 1);
  const erx = 3.8 + rng.range(-0.4, 0.8);
  const ery = 4.8 + rng.range(-0.5, 1.2);
  for (const side of [-1, 1]) {
    const bx = cx + side * eyeDx;
    const by = eyeY - ery - 3;
    p.ellipse(bx, by, erx, 0.7, scale(hair, 0.6));
  }

  // Eyes: sclera, shaded iris, pupil, upper lid, highlight.
  const lookX = rng.range(-0.7, 0.7);
  for (const side of [-1, 1]) {
    const ex = cx + side * eyeDx;
    p.ellipse(ex, eyeY, erx, ery, SCLERA);
    const ix = ex + lookX;
    const irx = erx * 0.78;
    const iry = ery * 0.86;
    const inSclera = ellipseCoverage(ex, eyeY, erx, ery);
    p.ellipse(ix, eyeY + 0.4, irx, iry, irisShader(eye, eyeY, iry), 1, inSclera);
    p.ellipse(ix, eyeY + 0.6, irx * 0.4, iry * 0.45, scale(eye, 0.25));
    const lidLine = eyeY - ery * 0.55;
    p.ellipse(ex, eyeY, erx + 1, ery + 1, LASH, 1, (_x, y) => clamp01(lidLine - y + 0.5));
    const hx = ix - irx * 0.35;
    const hy = eyeY - iry * 0.25;
    p.ellipse(hx, hy, 1.2, 1.3, SCLERA);
  }

  if (rng.next() < 0.5) {
    for (const side of [-1, 1]) {
      const bx = cx + side * (eyeDx + 1);
      const by = eyeY + ery + 2;
      p.ellipse(bx, by, 3, 1.3, BLUSH, 0.35);
    }
  }

  const mx = cx + rng.range(-0.6, 0.6);
  const my = fy + fry * rng.range(0.52, 0.66);
  const mrx = rng.range(1.2, 2.8);
  const mry = rng.range(0.6, 1.4);
  p.ellipse(mx, my, mrx, mry, MOUTH);

  // Bangs: the part of the hair cap above a strand-tipped fringe line, drawn over the forehead.
  const fringeY = eyeY - ery - rng.range(0, 3);
  const sweep = rng.range(-0.25, 0.25);
  const strandW = rng.range(4, 8);
  const phase = rng.range(0, strandW);
  const notch = rng.range(2, 5.5);
  const pointy = rng.range(1.5, 3);
  const fringe = new Float64Array(FACE_SIDE); // lower edge of the bangs per pixel column
  for (let x = 0; x < FACE_SIDE; x++) {
    const u = ((((x + 0.5 - cx - phase) / strandW) % 1) + 1) % 1;
    fringe[x] = fringeY + sweep * (x + 0.5 - cx) - notch * Math.pow(Math.abs(u - 0.5) * 2, pointy);
  }
  p.ellipse(cx, capCy, capRx, capRy, hairPaint, 1, (x, y) => clamp01(fringe[x | 0] - y + 0.5));

  // Side locks framing the face.
  const lockLen = rng.range(8, 15);
  for (const side of [-1, 1]) {
    const lx = cx + side * (frx - rng.range(0.5, 2));
    const ly = capCy + lockLen;
    const lrx = rng.range(2, 3.5);
    p.ellipse(lx, ly, lrx, lockLen, hairPaint);
  }
}
