/**
 * The names every part of the program shares: models, losses and backends. They live here, not in
 * the engine, because run.json, events.jsonl and the dashboard speak them too, and the UI and the
 * protocol must not depend on the engine.
 */
export const MODEL_KINDS = ['dcgan', 'acgan', 'acgan-resnet', 'acgan-split', 'projection'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** The generator takes hair/eye conditions (so generating offers colours): every model but dcgan. */
export function takesConditions(model: ModelKind): boolean {
  return model !== 'dcgan';
}

/**
 * A classifier judges the faces' hair and eye colours (a class head on D, or acgan-split's own
 * network): the step reports its accuracies, and λ weighs its loss in G's. The projection
 * discriminator takes the classes in instead of predicting them, so it has neither.
 */
export function hasClassifier(model: ModelKind): boolean {
  switch (model) {
    case 'acgan':
    case 'acgan-resnet':
    case 'acgan-split':
      return true;
    case 'dcgan':
    case 'projection':
      return false;
  }
}

export const LOSS_KINDS = ['gan', 'wgan-gp'] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

export const BACKEND_CHOICES = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/**
 * Differentiable augmentations of every image the discriminator sees (engine/augment-ops.ts):
 * shifts with zero fill, a cut-out square, and brightness/saturation/contrast.
 */
export const DIFF_AUGMENT_OPS = ['translation', 'cutout', 'colour'] as const;
export type DiffAugmentOp = (typeof DIFF_AUGMENT_OPS)[number];

/** 'translation,cutout' → the ops in their fixed order; 'none' or '' → none; null for an unknown name. */
export function parseDiffAugment(text: string): DiffAugmentOp[] | null {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'none');
  if (!names.every((n) => (DIFF_AUGMENT_OPS as readonly string[]).includes(n))) return null;
  return DIFF_AUGMENT_OPS.filter((op) => names.includes(op));
}
