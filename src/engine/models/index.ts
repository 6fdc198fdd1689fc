import type { ModelKind } from '../config.js';
import { dcganDiscriminator, dcganGenerator } from './dcgan.js';
import { resnetDiscriminator, resnetGenerator } from './resnet.js';
import type { Discriminator, Generator, ModelShape } from './types.js';

export type { Discriminator, Generator, ModelShape } from './types.js';

export function buildModels(kind: ModelKind, shape: ModelShape): { g: Generator; d: Discriminator } {
  switch (kind) {
    case 'dcgan':
      return { g: dcganGenerator(shape, false), d: dcganDiscriminator(shape, false) };
    case 'acgan':
      return { g: dcganGenerator(shape, true), d: dcganDiscriminator(shape, true) };
    case 'acgan-resnet':
      return { g: resnetGenerator(shape), d: resnetDiscriminator(shape) };
  }
}
