/**
 * Bounded loss history for the charts. A run can last millions of steps, so points are
 * buckets of `stride` steps: when the history passes MAX_POINTS, neighbouring buckets merge
 * and the stride doubles. Spacing stays uniform, memory stays flat, and a chart that squeezes
 * the whole run into its width loses nothing it could have shown.
 *
 * The EMA runs over every raw step (not over buckets), so the smoothed curve means the same
 * thing whatever the stride.
 */

/** Points kept before a downsample; ~16 KB per series. */
export const MAX_POINTS = 2000;
/** Weight of the past in the display EMA (TensorBoard-style "smoothing 0.9"). */
export const EMA_DECAY = 0.9;

export interface LossHistory {
  /** Steps per stored point: 1, 2, 4, … */
  stride: number;
  /** Last step of each stored point. */
  steps: number[];
  /** Mean raw D / G loss over each point's steps. */
  d: number[];
  g: number[];
  /** The per-step EMA as it stood at each point's last step. */
  dEma: number[];
  gEma: number[];
  /** Steps seen since the last stored point (fewer than `stride`). */
  pending: { n: number; d: number; g: number };
  /** Current EMA, null before the first finite loss. */
  ema: { d: number; g: number } | null;
}

export function emptyHistory(): LossHistory {
  return { stride: 1, steps: [], d: [], g: [], dEma: [], gEma: [], pending: { n: 0, d: 0, g: 0 }, ema: null };
}

/** Adds one step's losses. Non-finite losses are left out: a NaN would flatten the chart. */
export function pushLoss(h: LossHistory, step: number, d: number, g: number): LossHistory {
  if (!Number.isFinite(d) || !Number.isFinite(g)) return h;
  // Only a step that completes a point touches the arrays; the others copy two small objects.
  return pushLossInPlace(h.pending.n + 1 < h.stride ? { ...h } : cloneHistory(h), step, d, g);
}

/** A copy that `pushLossInPlace` may extend without touching the original. */
export function cloneHistory(h: LossHistory): LossHistory {
  return { ...h, steps: [...h.steps], d: [...h.d], g: [...h.g], dEma: [...h.dEma], gEma: [...h.gEma] };
}

/**
 * `pushLoss` for a history nobody else holds (see cloneHistory): extends its arrays instead of
 * copying them, so replaying a long run costs O(steps), not O(steps × points). Returns the
 * history to keep (a new one when it was downsampled).
 */
export function pushLossInPlace(h: LossHistory, step: number, d: number, g: number): LossHistory {
  if (!Number.isFinite(d) || !Number.isFinite(g)) return h;
  const ema =
    h.ema === null
      ? { d, g }
      : { d: EMA_DECAY * h.ema.d + (1 - EMA_DECAY) * d, g: EMA_DECAY * h.ema.g + (1 - EMA_DECAY) * g };
  h.ema = ema;
  const pending = { n: h.pending.n + 1, d: h.pending.d + d, g: h.pending.g + g };
  if (pending.n < h.stride) {
    h.pending = pending;
    return h;
  }
  h.steps.push(step);
  h.d.push(pending.d / pending.n);
  h.g.push(pending.g / pending.n);
  h.dEma.push(ema.d);
  h.gEma.push(ema.g);
  h.pending = { n: 0, d: 0, g: 0 };
  return h.steps.length > MAX_POINTS ? downsample(h) : h;
}

/** Merges neighbouring points pairwise and doubles the stride. */
export function downsample(h: LossHistory): LossHistory {
  const pairs = Math.floor(h.steps.length / 2);
  const out = { steps: [] as number[], d: [] as number[], g: [] as number[], dEma: [] as number[], gEma: [] as number[] };
  for (let i = 0; i < pairs; i++) {
    const a = 2 * i;
    const b = a + 1;
    out.steps.push(h.steps[b]!);
    out.d.push((h.d[a]! + h.d[b]!) / 2);
    out.g.push((h.g[a]! + h.g[b]!) / 2);
    // The EMA is already smooth; its value at the later point is the truthful one.
    out.dEma.push(h.dEma[b]!);
    out.gEma.push(h.gEma[b]!);
  }
  let pending = h.pending;
  if (h.steps.length % 2 === 1) {
    // An odd point out goes back to the pending bucket, so every stored point spans exactly
    // the new stride.
    const last = h.steps.length - 1;
    pending = {
      n: h.pending.n + h.stride,
      d: h.pending.d + h.d[last]! * h.stride,
      g: h.pending.g + h.g[last]! * h.stride,
    };
  }
  return { ...out, stride: h.stride * 2, pending, ema: h.ema };
}

/**
 * Squeezes (or keeps) a series into at most `width` columns by averaging equal runs, so a
 * chart always shows the whole run.
 */
export function resample(series: readonly number[], width: number): number[] {
  if (width <= 0 || series.length === 0) return [];
  if (series.length <= width) return [...series];
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const from = Math.floor((i * series.length) / width);
    const to = Math.max(from + 1, Math.floor(((i + 1) * series.length) / width));
    let sum = 0;
    for (let j = from; j < to; j++) sum += series[j]!;
    out.push(sum / (to - from));
  }
  return out;
}
