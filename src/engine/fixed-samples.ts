/**
 * The fixed sample grid a run draws after every epoch: the same noise every time, so the grids of
 * one run can be compared. For ACGAN one row per fixed hair/eye pair, the same noise in each row.
 */
import { Z_DIM } from './config.js';
import type { Rng } from '../util/rng.js';
import type { FaceGrid } from '../protocol/messages.js';
import { tileFaces } from './image.js';
import type { Generator } from './models/index.js';
import { drawNoise, generateFaces, oneHotConditions } from './sampler.js';
import { FACE_CHANNELS, FACE_SIDE } from '../util/face.js';

export const SAMPLE_COLS = 8;
export const SAMPLE_ROWS = 8;

/** The fixed sample grid is a face grid like any other. */
export type SampleGrid = FaceGrid;

export interface FixedSamples {
  /** [cols, 100] for ACGAN (shared by every row), [rows·cols, 100] for DCGAN. */
  z: Float32Array;
  /** Class pairs per row; empty for DCGAN. */
  rows: Array<[number, number]>;
}

/** New fixed samples for a run: noise from `rng`, and for ACGAN distinct hair colours down the rows. */
export function drawFixedSamples(rng: Rng, conditional: boolean, nHair: number, nEyes: number): FixedSamples {
  const z = drawNoise(rng, conditional ? SAMPLE_COLS : SAMPLE_COLS * SAMPLE_ROWS);
  return { z, rows: conditional ? pickSampleRows(rng, nHair, nEyes, SAMPLE_ROWS) : [] };
}

export function rowLabels(fixed: FixedSamples, vocab: { hairVocab: string[]; eyesVocab: string[] }): string[] {
  return fixed.rows.map(([h, e]) => `${vocab.hairVocab[h]}/${vocab.eyesVocab[e]}`);
}

export function fixedSampleGrid(g: Generator, fixed: FixedSamples, vocab: { hairVocab: string[]; eyesVocab: string[] }): SampleGrid {
  let faces: Uint8Array;
  let n: number;
  if (fixed.rows.length) {
    n = fixed.rows.length * SAMPLE_COLS;
    const z = new Float32Array(n * Z_DIM);
    for (let r = 0; r < fixed.rows.length; r++) z.set(fixed.z, r * SAMPLE_COLS * Z_DIM);
    const hair = fixed.rows.flatMap(([h]) => Array<number>(SAMPLE_COLS).fill(h));
    const eyes = fixed.rows.flatMap(([, e]) => Array<number>(SAMPLE_COLS).fill(e));
    faces = generateFaces(g, z, oneHotConditions(hair, eyes, vocab.hairVocab.length, vocab.eyesVocab.length));
  } else {
    n = fixed.z.length / Z_DIM;
    faces = generateFaces(g, fixed.z, null);
  }
  const grid = tileFaces(faces, n, SAMPLE_COLS);
  return { ...grid, cols: SAMPLE_COLS, rowLabels: rowLabels(fixed, vocab) };
}

/** Distinct hair colours down the rows (as far as there are enough), eye colours drawn at random. */
function pickSampleRows(rng: Rng, nHair: number, nEyes: number, rows: number): Array<[number, number]> {
  const hairOrder = Array.from({ length: nHair }, (_, i) => i);
  for (let i = nHair - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [hairOrder[i], hairOrder[j]] = [hairOrder[j]!, hairOrder[i]!];
  }
  return Array.from({ length: rows }, (_, r) => [hairOrder[r % nHair]!, rng.int(nEyes)] as [number, number]);
}

/** Below this mean absolute difference (0–255) between faces of one row, samples count as collapsed. */
export const COLLAPSE_SPREAD = 4;

/** Mean absolute pixel difference between each face of the grid's first row and the row's first face. */
export function faceSpread(grid: SampleGrid): number {
  const rowBytes = FACE_SIDE * FACE_CHANNELS;
  let total = 0;
  let n = 0;
  for (let c = 1; c < grid.cols; c++) {
    for (let y = 0; y < FACE_SIDE; y++) {
      for (let x = 0; x < rowBytes; x++) {
        const row = y * grid.width * FACE_CHANNELS;
        total += Math.abs(grid.pixels[row + c * rowBytes + x]! - grid.pixels[row + x]!);
        n++;
      }
    }
  }
  return n ? total / n : 255;
}

