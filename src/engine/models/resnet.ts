/**
 * The final design of the MLDS 2018 course report this project follows: SRResNet-style
 * generator and discriminator (after Jin et al. 2017, "Towards the automatic anime characters
 * creation with GANs"), the discriminator's features feeding two separate 3-layer fully-connected
 * heads, one for real/fake and one for the classes, so that class accuracy does not compete with
 * realism inside a shared last layer.
 */
import * as tf from '@tensorflow/tfjs';
import { ParamSet } from './params.js';
import { BatchNorm, Conv, Dense, lrelu, pixelShuffle, type Mode } from './layers.js';
import { scaled, type Discriminator, type DiscriminatorOutput, type Generator, type ModelShape } from './types.js';
import { Z_DIM } from '../config.js';
import { FACE_SIDE } from '../../util/face.js';

const G_RES_BLOCKS = 8;
/** G's residual blocks run at a quarter of the face side: two pixel shuffles double it twice. */
const G_SIDE = FACE_SIDE / 4;
/** D's five stride-2 stages leave a map of 1/32 the face side (64 → 2). */
const D_SIDE = FACE_SIDE / 2 ** 5;

export function resnetGenerator(shape: ModelShape): Generator {
  const c = scaled(64, shape.width);
  const ps = new ParamSet('g', shape.seed);
  const fc = new Dense(ps, 'fc', Z_DIM + shape.nHair + shape.nEyes, G_SIDE * G_SIDE * c);
  const bn0 = new BatchNorm(ps, 'bn0', c);
  const blocks = Array.from({ length: G_RES_BLOCKS }, (_, i) => ({
    conv1: new Conv(ps, `res${i}/conv1`, 3, c, c, 1, false),
    bn1: new BatchNorm(ps, `res${i}/bn1`, c),
    conv2: new Conv(ps, `res${i}/conv2`, 3, c, c, 1, false),
    bn2: new BatchNorm(ps, `res${i}/bn2`, c),
  }));
  const bnMid = new BatchNorm(ps, 'bn-mid', c);
  const ups = [0, 1].map((i) => ({
    conv: new Conv(ps, `up${i}/conv`, 3, c, c * 4, 1, false),
    bn: new BatchNorm(ps, `up${i}/bn`, c),
  }));
  const out = new Conv(ps, 'out', 3, c, 3, 1);

  return {
    params: ps,
    apply(z, cond, mode: Mode) {
      const input = cond ? tf.concat([z, cond], 1) : z; // [b, 100 + nHair + nEyes]
      let x = tf.reshape(fc.apply(input), [-1, G_SIDE, G_SIDE, c]) as tf.Tensor4D; // [b, 16, 16, c]
      x = bn0.apply(x, mode, 'relu');
      const skip = x;
      for (const b of blocks) {
        const h = b.bn1.apply(b.conv1.apply(x), mode, 'relu');
        x = tf.add(x, b.bn2.apply(b.conv2.apply(h), mode)); // [b, 16, 16, c]
      }
      x = tf.add(skip, bnMid.apply(x, mode));
      for (const u of ups) x = u.bn.apply(pixelShuffle(u.conv.apply(x)), mode, 'relu'); // → [b, 64, 64, c]
      return out.apply(x, 'tanh'); // [b, 64, 64, 3]
    },
  };
}

export function resnetDiscriminator(shape: ModelShape): Discriminator {
  const ps = new ParamSet('d', shape.seed + 1);
  const norm = shape.discriminatorNorm;
  // Channels per stage: 64×64 → 32 → 16 → 8 → 4 → 2, one residual block at each of the first four.
  const chans = [32, 64, 128, 256, 512].map((n) => scaled(n, shape.width));
  let cin = 3;
  const stages = chans.map((cout, i) => {
    const stage = {
      down: new Conv(ps, `down${i}`, i === 0 ? 4 : 3, cin, cout, 2),
      res:
        i < 4
          ? {
              conv1: new Conv(ps, `res${i}/conv1`, 3, cout, cout, 1, !norm),
              bn1: norm ? new BatchNorm(ps, `res${i}/bn1`, cout) : null,
              conv2: new Conv(ps, `res${i}/conv2`, 3, cout, cout, 1, !norm),
              bn2: norm ? new BatchNorm(ps, `res${i}/bn2`, cout) : null,
            }
          : null,
    };
    cin = cout;
    return stage;
  });
  const features = D_SIDE * D_SIDE * chans[4]!;
  const hidden = scaled(256, shape.width);
  const head = (name: string, outDim: number) => [
    new Dense(ps, `${name}/fc1`, features, hidden),
    new Dense(ps, `${name}/fc2`, hidden, hidden),
    new Dense(ps, `${name}/fc3`, hidden, outDim),
  ];
  const advHead = head('adv', 1);
  const clsHead = head('cls', shape.nHair + shape.nEyes);
  const runHead = (layers: Dense[], f: tf.Tensor2D) =>
    layers.reduce((h, layer, i) => (i < layers.length - 1 ? lrelu(layer.apply(h)) : layer.apply(h)), f);

  return {
    params: ps,
    apply(x, mode): DiscriminatorOutput {
      let h: tf.Tensor4D = x;
      for (const s of stages) {
        h = s.down.apply(h, 'leakyrelu'); // halves height and width
        if (s.res) {
          const r = s.res.bn1 ? s.res.bn1.apply(s.res.conv1.apply(h), mode, 'leakyrelu') : s.res.conv1.apply(h, 'leakyrelu');
          const b = s.res.conv2.apply(r);
          h = lrelu(tf.add(h, s.res.bn2 ? s.res.bn2.apply(b, mode) : b));
        }
      }
      const f = tf.reshape(h, [-1, features]) as tf.Tensor2D; // [b, 2·2·512w]
      return { adv: runHead(advHead, f), classes: runHead(clsHead, f) };
    },
  };
}
