/**
 * The augmentations of D's inputs (augment-ops.ts): what each op does to a batch, that G's
 * gradient flows through every one of them, that the class loss keeps the batch's own labels and
 * never sees a colour-changed face, and ADA's p.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ADA_IMAGES, adaptP, augment, drawAugment, movePixels, type StepAugment } from '../../src/engine/augment-ops.js';
import { buildModels, type Discriminator } from '../../src/engine/models/index.js';
import { TRAIN } from '../../src/engine/models/layers.js';
import { GanStep, STEP_OUTPUTS, oneHots, type StepBatch } from '../../src/engine/train-step.js';
import { Z_DIM, type DiffAugmentOp } from '../../src/engine/config.js';
import { Rng } from '../../src/util/rng.js';
import { FACE_BYTES, faceBatchShape } from '../../src/util/face.js';
import { useWasm } from '../helpers/tf-backend.js';

beforeAll(useWasm);

const B = 4;
const N_HAIR = 5;
const N_EYES = 4;
const SHAPE = { width: 0.0625, nHair: N_HAIR, nEyes: N_EYES, discriminatorNorm: true, seed: 9 };
const ALL: DiffAugmentOp[] = ['translation', 'cutout', 'colour'];

function faces(seed: number): tf.Tensor4D {
  const rng = new Rng(seed);
  return tf.tensor4d(Float32Array.from({ length: B * FACE_BYTES }, () => rng.next() * 2 - 1), faceBatchShape(B));
}

describe('the ops', () => {
  it('leave a batch as it is where no op is kept (p = 0), and draw the same for the same seed', () => {
    tf.tidy(() => {
      const x = faces(1);
      const a = drawAugment(new Rng(3), ALL, 0, B);
      expect(tf.max(tf.abs(tf.sub(augment(x, a), x))).dataSync()[0]).toBeLessThan(1e-5);
      expect(drawAugment(new Rng(3), ALL, 0.5, B)).toEqual(drawAugment(new Rng(3), ALL, 0.5, B));
    });
  });

  it('shift and cut out: each pixel is an input pixel of its own image, or zero', () => {
    tf.tidy(() => {
      const x = faces(2);
      const xs = x.dataSync();
      for (const ops of [['translation'], ['cutout'], ['translation', 'cutout']] as DiffAugmentOp[][]) {
        const a = drawAugment(new Rng(4), ops, 1, B);
        const y = augment(x, a).dataSync();
        const perImage = FACE_BYTES / 3;
        const zeroAt = B * perImage;
        const src = Array.from(a.source!);
        expect(src.every((s, p) => s === zeroAt || Math.floor(s / perImage) === Math.floor(p / perImage)), `${ops}: a pixel from another image`).toBe(true);
        expect(src.filter((s) => s === zeroAt).length, ops.join()).toBeGreaterThan(0);
        const want = src.flatMap((s) => [0, 1, 2].map((c) => (s === zeroAt ? 0 : xs[s * 3 + c]!)));
        expect(Array.from(y), ops.join()).toEqual(want);
      }
    });
  });

  it('move pixels in JS (the CPU backends) exactly as tf.gather does (the GPU backends), values and gradients', () => {
    tf.tidy(() => {
      const x = faces(5);
      // Weights on the output, so that each output pixel's gradient differs.
      const w = tf.randomUniform(x.shape, -1, 1, 'float32', 9);
      const drawn = ([['translation'], ['cutout'], ['translation', 'cutout']] as DiffAugmentOp[][]).map((ops) => ({ what: ops.join(), source: drawAugment(new Rng(6), ops, 0.7, B).source! }));
      // The last image shifted one pixel left: its last row's next-to-last pixel shows the batch's
      // very last pixel, and the zero pixel (index n) comes right after it.
      const side = 64;
      const n = B * side * side;
      const edge = Int32Array.from({ length: n }, (_, i) => (i < n - side * side ? i : i % side === side - 1 ? n : i + 1));
      for (const { what, source } of [...drawn, { what: 'zero pixel after the last', source: edge }]) {
        const [viaJs, viaGather] = [false, true].map((gather) => {
          const f = (v: tf.Tensor4D) => tf.sum(tf.mul(movePixels(v, source, gather), w));
          return { y: Array.from(movePixels(x, source, gather).dataSync()), dx: Array.from(tf.grad(f)(x).dataSync()) };
        });
        expect(viaJs.y, what).toEqual(viaGather.y);
        expect(viaJs.dx, what).toEqual(viaGather.dx);
      }
    });
  });

  it('colour changes every image it is kept for, and nothing else', () => {
    tf.tidy(() => {
      const x = faces(3);
      const a = drawAugment(new Rng(5), ['colour'], 1, B);
      expect(a.source).toBeNull();
      expect(a.colour!.saturation.every((s) => s !== 1)).toBe(true);
      const y = augment(x, a);
      expect(tf.max(tf.abs(tf.sub(y, x))).dataSync()[0]).toBeGreaterThan(0.01);
      expect(Array.from(augment(x, a, false).dataSync())).toEqual(Array.from(x.dataSync()));
    });
  });

  it('pass G\'s gradient on to every one of its weights, whichever ops', () => {
    const m = buildModels('acgan', SHAPE);
    const rng = new Rng(6);
    for (const ops of [['translation'], ['cutout'], ['colour'], ALL] as DiffAugmentOp[][]) {
      const a = drawAugment(rng, ops, 1, B);
      tf.tidy(() => {
        const z = tf.randomNormal([B, Z_DIM], 0, 1, 'float32', 7) as tf.Tensor2D;
        const cond = oneHots(tf.tensor1d([0, 1, 2, 3], 'int32'), tf.tensor1d([0, 1, 2, 3], 'int32'), N_HAIR, N_EYES);
        const { grads } = tf.variableGrads(() => tf.mean(m.d.apply(augment(m.g.apply(z, cond, TRAIN), a), TRAIN).adv) as tf.Scalar, m.g.params.trainable);
        for (const v of m.g.params.trainable) {
          const g = grads[v.name]!.dataSync();
          expect(g.every(Number.isFinite), `${ops} ${v.name}`).toBe(true);
          expect(g.some((x) => x !== 0), `${ops}: no gradient reaches ${v.name}`).toBe(true);
        }
      });
    }
    m.g.params.dispose();
    m.d.params.dispose();
  });
});

describe('the class loss under augmentation', () => {
  it('takes the batch\'s own labels and never a colour-changed face, real or generated', () => {
    const m = buildModels('acgan', SHAPE);
    const rng = new Rng(8);
    const labels = (n: number) => Int32Array.from({ length: B }, () => rng.int(n));
    const batch: StepBatch = {
      real: Float32Array.from(faces(9).dataSync()),
      realHair: labels(N_HAIR),
      realEyes: labels(N_EYES),
      z: Float32Array.from({ length: B * Z_DIM }, () => rng.normal()),
      fakeHair: labels(N_HAIR),
      fakeEyes: labels(N_EYES),
      gpEps: null,
    };
    const aug: StepAugment = { real: drawAugment(rng, ALL, 1, B), fake: drawAugment(rng, ALL, 1, B), gen: drawAugment(rng, ALL, 1, B) };
    batch.aug = aug;
    // The faces D is shown, worked out beforehand: real ones with and without colour, and G's
    // (G's weights are those the step starts from) for its own update.
    const [realColour, realPlain, genColour, genPlain] = tf.tidy(() => {
      const real = tf.tensor4d(batch.real, faceBatchShape(B));
      const cond = oneHots(tf.tensor1d(batch.fakeHair, 'int32'), tf.tensor1d(batch.fakeEyes, 'int32'), N_HAIR, N_EYES);
      const fake = m.g.apply(tf.tensor2d(batch.z, [B, Z_DIM]), cond, TRAIN);
      return [augment(real, aug.real), augment(real, aug.real, false), augment(fake, aug.gen), augment(fake, aug.gen, false)].map((t) => t.dataSync().slice());
    });
    const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => v === b[i]);
    // A D whose class head says NaN for a colour-changed face and the batch's true labels for the
    // same faces without colour: a finite loss and full accuracy mean the class loss took only
    // the latter, against the batch's own labels.
    const seen: string[] = [];
    const d: Discriminator = {
      params: m.d.params,
      apply(x, mode, cond) {
        const out = m.d.apply(x, mode, cond);
        const v = x.dataSync();
        const kind = same(v, realColour!) ? 'real+colour' : same(v, realPlain!) ? 'real' : same(v, genColour!) ? 'gen+colour' : same(v, genPlain!) ? 'gen' : 'other';
        seen.push(kind);
        const truth = (h: Int32Array, e: Int32Array) => tf.mul(oneHots(tf.tensor1d(h, 'int32'), tf.tensor1d(e, 'int32'), N_HAIR, N_EYES), 50);
        if (kind.endsWith('+colour')) return { adv: out.adv, classes: tf.mul(out.classes!, NaN) as tf.Tensor2D };
        if (kind === 'real') return { adv: out.adv, classes: tf.add(tf.mul(out.classes!, 0), truth(batch.realHair, batch.realEyes)) as tf.Tensor2D };
        if (kind === 'gen') return { adv: out.adv, classes: tf.add(tf.mul(out.classes!, 0), truth(batch.fakeHair, batch.fakeEyes)) as tf.Tensor2D };
        return out;
      },
    };
    for (const reuseFake of [false, true]) {
      seen.length = 0;
      const step = new GanStep(m.g, d, { loss: 'gan', learningRate: 0, beta1: 0.5, nHair: N_HAIR, nEyes: N_EYES, conditional: true, reuseFake });
      const out = step.run(batch, 1);
      const at = (k: (typeof STEP_OUTPUTS)[number]) => out[STEP_OUTPUTS.indexOf(k)]!;
      expect(at('dLoss'), `reuse ${reuseFake}`).toSatisfy(Number.isFinite);
      expect(at('gLoss'), `reuse ${reuseFake}`).toSatisfy(Number.isFinite);
      for (const k of ['hairAccReal', 'eyesAccReal', 'hairAccFake', 'eyesAccFake'] as const) expect(at(k), k).toBe(1);
      // The realism head did see the colour-changed faces.
      expect(seen).toEqual(expect.arrayContaining(['real+colour', 'real', 'gen+colour', 'gen']));
      step.dispose();
    }
    m.g.params.dispose();
    m.d.params.dispose();
  });
});

describe("ADA's p", () => {
  it('rises while D is too sure of the real faces, falls otherwise, and stays in [0, 1]', () => {
    expect(adaptP(0.5, 0.9, 64)).toBeCloseTo(0.5 + 64 / ADA_IMAGES, 12);
    expect(adaptP(0.5, 0.1, 64)).toBeCloseTo(0.5 - 64 / ADA_IMAGES, 12);
    expect(adaptP(0, -1, 64)).toBe(0);
    expect(adaptP(1, 1, 64)).toBe(1);
    expect(adaptP(0.3, Number.NaN, 64)).toBe(0.3);
  });
});
