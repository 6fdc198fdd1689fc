/**
 * The epoch a step belongs to, counted from 1: steps 1…n of an n-step epoch are epoch 1, so an
 * epoch-end step and everything recorded right after it (its sample grid, checkpoint and
 * judgement) carry the epoch that just ended. Before any step (step 0) it is epoch 1.
 */
export function epochOfStep(step: number, stepsPerEpoch: number): number {
  return Math.max(1, Math.ceil(step / stepsPerEpoch));
}
