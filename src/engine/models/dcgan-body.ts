/**
 * The DCGAN discriminator's convolutional body, shared by D, acgan-split's classifier and the judge:
 * 4×4 stride-2 convolutions from 64×64 down to 4×4, LeakyReLU, batch norm from the second layer on
 * when `norm` (off for WGAN-GP, whose gradient penalty is per sample). Variables are created in
 * layer order under fixed names (conv1, conv2, bn2, …): a seed's initial weights follow from that
 * order, and saved checkpoints and the shipped judges are read back by those names.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ParamSet } from './params.js';
import { BatchNorm, Conv, type Mode } from './layers.js';
import { FACE_SIDE } from '../../util/face.js';

/**
 * Side of the smallest feature map, the body's last and the DCGAN generator's first: four
 * stride-2 layers halve the face four times (64 → 4). The layer count is fixed; the map follows
 * the face size.
 */
export const BASE_SIDE = FACE_SIDE / 2 ** 4;

export interface ConvBody {
  /** Values per face after flattening the body's output: 4 · 4 · 8nf. */
  features: number;
  /** x [b, 64, 64, 3] → [b, 4, 4, 8nf]. */
  apply(x: tf.Tensor4D, mode: Mode): tf.Tensor4D;
}

export function dcganBody(ps: ParamSet, nf: number, norm: boolean): ConvBody {
  const conv1 = new Conv(ps, 'conv1', 4, 3, nf, 2);
  const downs = [
    [nf, nf * 2],
    [nf * 2, nf * 4],
    [nf * 4, nf * 8],
  ].map(([cin, cout], i) => ({
    // With batch norm after it, a conv's bias would only be cancelled.
    conv: new Conv(ps, `conv${i + 2}`, 4, cin!, cout!, 2, !norm),
    bn: norm ? new BatchNorm(ps, `bn${i + 2}`, cout!) : null,
  }));
  return {
    features: BASE_SIDE * BASE_SIDE * nf * 8,
    apply(x, mode) {
      let h = conv1.apply(x, 'leakyrelu'); // [b, 32, 32, nf]
      for (const { conv, bn } of downs) {
        // → [b, 4, 4, 8nf]
        h = bn ? bn.apply(conv.apply(h), mode, 'leakyrelu') : conv.apply(h, 'leakyrelu');
      }
      return h;
    },
  };
}
