/** Which step trains which model, and a model with its step built from a run's settings. */
import { isConditional, learningRates, type ModelKind, type TrainConfig } from './config.js';
import { buildModels, type Models } from './models/index.js';
import type { ModelShape } from './models/types.js';
import { GanStep, type StepOptions, type TrainStep } from './train-step.js';
import { ProjectionStep } from './train-step-projection.js';
import { SplitStep } from './train-step-split.js';
import { AveragedGenerator, AveragingStep } from './averaged-generator.js';

export type { TrainStep, TrainedNet } from './train-step.js';

export function createStep(kind: ModelKind, m: Models, opts: StepOptions): TrainStep {
  switch (kind) {
    case 'dcgan':
    case 'acgan':
    case 'acgan-resnet':
      return new GanStep(m.g, m.d, opts);
    case 'acgan-split':
      if (!m.c) throw new Error('acgan-split needs its classifier');
      return new SplitStep(m.g, m.d, m.c, opts);
    case 'projection':
      return new ProjectionStep(m.g, m.d, opts);
  }
}

/**
 * `step` with its G averaged at `beta` (β > 0), or `step` itself: the average is a second G of
 * the same build, starting from G's weights.
 */
export function withAverage(step: TrainStep, kind: ModelKind, shape: ModelShape, g: Models['g'], beta: number | undefined): TrainStep {
  if (!beta) return step;
  const { g: copy, d, c } = buildModels(kind, shape);
  d.params.dispose();
  c?.params.dispose();
  return new AveragingStep(step, new AveragedGenerator(g, copy, beta, { conditional: isConditional(kind), nHair: shape.nHair, nEyes: shape.nEyes, seed: shape.seed }));
}

/** A run's networks, built from its settings and its classes, with the step that trains them. */
export function buildTraining(config: TrainConfig, classes: { nHair: number; nEyes: number }): { models: Models; step: TrainStep } {
  const shape = { width: config.width, ...classes, discriminatorNorm: config.loss === 'gan', seed: config.seed };
  const models = buildModels(config.model, shape);
  const rates = learningRates(config);
  const step = createStep(config.model, models, {
    loss: config.loss,
    learningRate: rates.g,
    learningRateD: rates.d,
    beta1: config.beta1,
    ...classes,
    conditional: isConditional(config.model),
    diffAugment: config.diffAugment ?? [],
    reuseFake: config.reuseFake ?? false,
  });
  return { models, step: withAverage(step, config.model, shape, models.g, config.emaBeta) };
}
