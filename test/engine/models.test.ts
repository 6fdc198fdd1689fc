import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildModels } from '../../src/engine/models/index.js';
import { TRAIN, EVAL } from '../../src/engine/models/layers.js';
import { MODEL_KINDS } from '../../src/engine/config.js';
import { faceBatchShape } from '../../src/util/face.js';
import { useWasm } from '../helpers/tf-backend.js';

beforeAll(useWasm);

describe('model shapes', () => {
  for (const kind of MODEL_KINDS) {
    for (const norm of [true, false]) {
      it(`${kind} (${norm ? 'batch norm' : 'WGAN, no norm'} in D) maps z to 64×64×3 and images to logits`, () => {
        const { g, d, c } = buildModels(kind, { width: 0.125, nHair: 12, nEyes: 10, discriminatorNorm: norm, seed: 3 });
        const conditional = kind !== 'dcgan';
        // A class head on D: acgan and acgan-resnet (acgan-split's classifier is its own network, c).
        const classHead = kind === 'acgan' || kind === 'acgan-resnet';
        tf.tidy(() => {
          const z = tf.randomNormal([3, 100]) as tf.Tensor2D;
          const cond = conditional ? (tf.oneHot(tf.tensor1d([0, 5, 11], 'int32'), 22).toFloat() as tf.Tensor2D) : null;
          const img = g.apply(z, cond, TRAIN);
          expect(img.shape).toEqual(faceBatchShape(3));
          const v = img.dataSync();
          expect(Math.max(...v)).toBeLessThanOrEqual(1);
          expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
          expect(g.apply(z, cond, EVAL).shape).toEqual(faceBatchShape(3));
          const out = d.apply(img, TRAIN, cond);
          expect(out.adv.shape).toEqual([3, 1]);
          if (classHead) expect(out.classes!.shape).toEqual([3, 22]);
          else expect(out.classes).toBeNull();
          if (c) expect(c.apply(img, TRAIN).shape).toEqual([3, 22]);
        });
        g.params.dispose();
        d.params.dispose();
        c?.params.dispose();
      });
    }
  }

  it('width scales the channel counts (width 1 = the DCGAN of the report: nf 64)', () => {
    const { g, d } = buildModels('dcgan', { width: 1, nHair: 0, nEyes: 0, discriminatorNorm: true, seed: 1 });
    const shapes = Object.fromEntries(g.params.all().map((v) => [g.params.localNames.get(v.name), v.shape]));
    expect(shapes['g/fc/w']).toEqual([100, 4 * 4 * 512]);
    expect(shapes['g/up1/w']).toEqual([4, 4, 256, 512]);
    const dShapes = Object.fromEntries(d.params.all().map((v) => [d.params.localNames.get(v.name), v.shape]));
    expect(dShapes['d/conv1/w']).toEqual([4, 4, 3, 64]);
    expect(dShapes['d/adv/w']).toEqual([4 * 4 * 512, 1]);
    g.params.dispose();
    d.params.dispose();
  });

  it('acgan-resnet has separate 3-layer heads for real/fake and for the classes', () => {
    const { g, d } = buildModels('acgan-resnet', { width: 0.125, nHair: 12, nEyes: 10, discriminatorNorm: true, seed: 1 });
    const names = d.params.trainable.map((v) => d.params.localNames.get(v.name)!);
    for (const head of ['adv', 'cls']) for (const l of [1, 2, 3]) expect(names).toContain(`d/${head}/fc${l}/w`);
    g.params.dispose();
    d.params.dispose();
  });
});
