/** Which step trains which model, and a model with its step built from a run's settings. */
import { isConditional, type ModelKind, type TrainConfig } from './config.js';
import { buildModels, type Models } from './models/index.js';
import { GanStep, type StepOptions, type TrainStep } from './train-step.js';
import { ProjectionStep } from './train-step-projection.js';
import { SplitStep } from './train-step-split.js';

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

/** A run's networks, built from its settings and its classes, with the step that trains them. */
export function buildTraining(config: TrainConfig, classes: { nHair: number; nEyes: number }): { models: Models; step: TrainStep } {
  const models = buildModels(config.model, { width: config.width, ...classes, discriminatorNorm: config.loss === 'gan', seed: config.seed });
  const step = createStep(config.model, models, {
    loss: config.loss,
    learningRate: config.learningRate,
    beta1: config.beta1,
    ...classes,
    conditional: isConditional(config.model),
  });
  return { models, step };
}
