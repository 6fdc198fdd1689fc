/** The settings one training run is made of. Saved in run.json and in every checkpoint. */

// The names live in the protocol (run.json, events and the UI speak them); the engine uses them.
export { BACKEND_CHOICES, LOSS_KINDS, MODEL_KINDS, hasClassifier } from '../protocol/vocabulary.js';
export type { BackendChoice, DiffAugmentOp, LossKind, ModelKind } from '../protocol/vocabulary.js';
import { takesConditions, type DiffAugmentOp, type LossKind, type ModelKind } from '../protocol/vocabulary.js';

/**
 * z ~ N(0, σ²) with σ = e^(−1/π) ≈ 0.727: the noise spread of the MLDS 2018 course report this
 * project follows.
 */
export const Z_STD = Math.exp(-1 / Math.PI);
export const Z_DIM = 100;

export interface TrainConfig {
  model: ModelKind;
  /** Channel multiplier; 1 = the report's channel counts. */
  width: number;
  batch: number;
  /** Weight of the class loss against the real/fake loss (models with a classifier: hasClassifier). */
  lambda: number;
  loss: LossKind;
  /** Both networks' learning rate (--lr), unless one of the two below sets a network's own. */
  learningRate: number;
  /** G's own learning rate (--lr-g); absent: learningRate. */
  learningRateG?: number;
  /** D's own, and acgan-split's classifier's (--lr-d); absent: learningRate. */
  learningRateD?: number;
  beta1: number;
  /** Seeds every random draw of the run: init, shuffling, augmentation, noise. */
  seed: number;
  /** Write the fixed-noise sample grid every N steps (and at each epoch end). */
  sampleEvery: number;
  /** Augment real images with a random horizontal flip and a slight rotation. */
  augment: boolean;
  /** β of the generator's weight average that draws every picture (averaged-generator.ts); 0 or absent: the raw G draws. */
  emaBeta?: number;
  /** Differentiable augmentations of every image D sees (augment-ops.ts); empty or absent: none. */
  diffAugment?: DiffAugmentOp[];
  /** Each augmentation's probability per image, or 'ada': adapted to D's outputs on real faces. Absent: 1. */
  diffAugmentP?: number | 'ada';
  /** The G phase reuses the D phase's generated batch: one G forward per step, not two. */
  reuseFake?: boolean;
}

/**
 * The rates `train` uses where no --lr is given: D four times G's (TTUR, Heusel et al. 2017), which
 * beat one rate of 2e-4 for both in the 10-minute study (docs/models.md). The engine's own default
 * (defaultConfig) stays one rate, so that configs built in code mean what they say.
 */
export const DEFAULT_LR_G = 1e-4;
export const DEFAULT_LR_D = 4e-4;

/** Each network's learning rate: its own where one is set, else the common one. */
export function learningRates(c: Pick<TrainConfig, 'learningRate' | 'learningRateG' | 'learningRateD'>): { g: number; d: number } {
  return { g: c.learningRateG ?? c.learningRate, d: c.learningRateD ?? c.learningRate };
}

/** G takes hair/eye conditions: every model but dcgan (protocol/vocabulary.ts says so for all). */
export function isConditional(model: ModelKind): boolean {
  return takesConditions(model);
}

/** λ, the class loss's weight in G's loss, as each model was designed (or measured) to use it. */
export function defaultLambda(model: ModelKind): number {
  switch (model) {
    case 'acgan-resnet':
      return 5; // the report's choice for its separate heads
    case 'dcgan':
    case 'acgan':
    case 'acgan-split':
      return 1;
    case 'projection':
      return 0; // no class loss: the classes enter D's judgement instead
  }
}

export function defaultConfig(model: ModelKind = 'acgan'): TrainConfig {
  return {
    model,
    width: 1,
    batch: 64,
    lambda: defaultLambda(model),
    loss: 'gan',
    learningRate: 2e-4,
    beta1: 0.5,
    seed: 1,
    sampleEvery: 50,
    augment: true,
    // Today's recipe until a measurement says otherwise (docs/models.md).
    emaBeta: 0,
    diffAugment: [],
    diffAugmentP: 1,
    reuseFake: false,
  };
}
