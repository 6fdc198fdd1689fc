import type { ModelKind } from '../config.js';
import { dcganDiscriminator, dcganGenerator } from './dcgan.js';
import { projectionModels } from './projection.js';
import { resnetDiscriminator, resnetGenerator } from './resnet.js';
import { splitModels } from './split.js';
import type { ModelShape, Models } from './types.js';

export type { Classifier, Discriminator, Generator, ModelShape, Models } from './types.js';

export function buildModels(kind: ModelKind, shape: ModelShape): Models {
  switch (kind) {
    case 'dcgan':
      return { g: dcganGenerator(shape, false), d: dcganDiscriminator(shape, false), c: null };
    case 'acgan':
      return { g: dcganGenerator(shape, true), d: dcganDiscriminator(shape, true), c: null };
    case 'acgan-resnet':
      return { g: resnetGenerator(shape), d: resnetDiscriminator(shape), c: null };
    case 'acgan-split':
      return splitModels(shape);
    case 'projection':
      return projectionModels(shape);
  }
}

