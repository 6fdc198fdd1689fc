/** Which step trains which model. */
import type { ModelKind } from './config.js';
import type { Models } from './models/index.js';
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
