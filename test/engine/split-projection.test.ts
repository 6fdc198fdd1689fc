/**
 * The two conditional models beyond ACGAN: acgan-split (a realism D and a classifier network of
 * its own) and projection (the classes projected into D, conditional batch norm in G, hinge loss).
 * Shapes and weight counts, a finite training step, a flat tensor count, checkpoints that hold
 * every network and optimizer, a resume that is bit for bit the unbroken run, and faces drawn
 * from a checkpoint as `generate` draws them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildModels } from '../../src/engine/models/index.js';
import { projectionDiscriminator } from '../../src/engine/models/projection.js';
import { EVAL, TRAIN } from '../../src/engine/models/layers.js';
import type { ParamSet } from '../../src/engine/models/params.js';
import { listCheckpoints, readCheckpoint } from '../../src/engine/checkpoint.js';
import { loadGenerator } from '../../src/generate/load-generator.js';
import { makeFaces } from '../../src/engine/face-request.js';
import type { ModelKind } from '../../src/engine/config.js';
import type { StepEvent, TrainerEvent } from '../../src/protocol/events.js';
import { FACE_BYTES, faceBatchShape } from '../../src/util/face.js';
import { useWasm } from '../helpers/tf-backend.js';
import { tempDir } from '../helpers/tmp.js';
import { smallTrainer } from '../helpers/trainer.js';

beforeAll(useWasm);
const root = tempDir();
const steps = (evs: TrainerEvent[]) => evs.filter((e): e is StepEvent => e.type === 'step');
const NEW_MODELS = ['acgan-split', 'projection'] as const satisfies readonly ModelKind[];

const count = (ps: ParamSet, trainable = true) => (trainable ? ps.trainable : ps.state).reduce((n, v) => n + v.size, 0);
const shapesOf = (ps: ParamSet) => Object.fromEntries(ps.all().map((v) => [ps.localNames.get(v.name)!, v.shape]));

describe('model shapes and sizes', () => {
  const shape = { width: 0.125, nHair: 12, nEyes: 10, discriminatorNorm: true, seed: 3 };

  it('acgan-split: acgan\'s G, a D without class head, and a half-width classifier of its own', () => {
    const m = buildModels('acgan-split', shape);
    const acgan = buildModels('acgan', shape);
    tf.tidy(() => {
      const z = tf.randomNormal([3, 100]) as tf.Tensor2D;
      const cond = tf.oneHot(tf.tensor1d([0, 5, 11], 'int32'), 22).toFloat() as tf.Tensor2D;
      const img = m.g.apply(z, cond, TRAIN); // [3, 64, 64, 3]
      expect(img.shape).toEqual(faceBatchShape(3));
      const out = m.d.apply(img, TRAIN);
      expect(out.adv.shape).toEqual([3, 1]);
      expect(out.classes).toBeNull();
      expect(m.c!.apply(img, TRAIN).shape).toEqual([3, 22]);
    });
    // G is acgan's, weight for weight; D is acgan's without its class layer.
    expect(count(m.g.params)).toBe(count(acgan.g.params));
    const nf = 8; // 64 × 0.125
    expect(count(m.d.params)).toBe(count(acgan.d.params) - (4 * 4 * 8 * nf * 22 + 22));
    // The classifier: the DCGAN D's body at half width (nf 4) and one class layer.
    const c = shapesOf(m.c!.params);
    expect(c['c/conv1/w']).toEqual([4, 4, 3, 4]);
    expect(c['c/conv4/w']).toEqual([4, 4, 16, 32]);
    expect(c['c/cls/w']).toEqual([4 * 4 * 32, 22]);
    // conv1 196 + conv2 512+16 + conv3 2048+32 + conv4 8192+64 + cls 11264+22
    expect(count(m.c!.params)).toBe(22_346);
    // No weight shared: three disjoint sets of variables.
    const ids = [m.g, m.d, m.c!].flatMap((n) => n.params.all().map((v) => v.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const n of [m.g, m.d, m.c!, acgan.g, acgan.d]) n.params.dispose();
  });

  it('projection: conditional batch norm in G, a projection D with no class head', () => {
    const m = buildModels('projection', shape);
    expect(m.c).toBeNull();
    tf.tidy(() => {
      const z = tf.randomNormal([3, 100]) as tf.Tensor2D;
      const cond = tf.oneHot(tf.tensor1d([0, 5, 11], 'int32'), 22).toFloat() as tf.Tensor2D;
      for (const mode of [TRAIN, EVAL]) {
        const img = m.g.apply(z, cond, mode);
        expect(img.shape).toEqual(faceBatchShape(3));
        const v = img.dataSync();
        expect(Math.max(...v)).toBeLessThanOrEqual(1);
        expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
      }
      const out = m.d.apply(m.g.apply(z, cond, TRAIN), TRAIN, cond);
      expect(out.adv.shape).toEqual([3, 1]);
      expect(out.classes).toBeNull();
      // Both nets need the conditions: the interface's cond is optional for the others only.
      expect(() => m.g.apply(z, null, TRAIN)).toThrow(/conditions/);
      expect(() => m.d.apply(m.g.apply(z, cond, TRAIN), TRAIN)).toThrow(/conditions/);
    });
    const nf = 8;
    const nCond = 22;
    const g = shapesOf(m.g.params);
    expect(g['g/fc/w']).toEqual([100, 4 * 4 * 8 * nf]); // z alone: no one-hots appended
    expect(g['g/cbn1/gamma']).toEqual([nCond, 4 * nf]); // one γ per colour and channel
    const gWeights =
      (100 + 1) * 16 * 8 * nf + // fc
      16 * (8 * nf * 4 * nf + 4 * nf * 2 * nf + 2 * nf * nf) + // up1..up3, no bias
      16 * nf * 3 + 3 + // out
      2 * nCond * (8 * nf + 4 * nf + 2 * nf + nf); // conditional γ and β
    expect(count(m.g.params)).toBe(gWeights);
    const d = shapesOf(m.d.params);
    expect(d['d/embed']).toEqual([nCond, 8 * nf]);
    expect(d['d/adv/w']).toEqual([4 * 4 * 8 * nf, 1]); // ψ on the 4×4 feature map, as DCGAN's real/fake layer
    const dWeights =
      16 * (3 * nf + nf * 2 * nf + 2 * nf * 4 * nf + 4 * nf * 8 * nf) + nf + // convs, conv1's bias
      2 * (2 * nf + 4 * nf + 8 * nf) + // batch norm's γ and β after conv2..conv4, as in DCGAN's D
      16 * 8 * nf + 1 + // ψ
      nCond * 8 * nf; // the embeddings, one per colour, against the sum-pooled features
    expect(count(m.d.params)).toBe(dWeights);
    expect(d['d/bn4/gamma']).toEqual([8 * nf]);
    expect(Object.keys(d).some((k) => /sn-/.test(k))).toBe(false);
    m.g.params.dispose();
    m.d.params.dispose();
  });

  it('projection with spectral norm instead (kept for measuring): u and v per layer are state, no batch norm', () => {
    const d = projectionDiscriminator(shape, 'spectral');
    const s = shapesOf(d.params);
    const nf = 8;
    // Checkpointed with the weights, never trained.
    expect(s['d/conv4/sn-u']).toEqual([8 * nf, 1]);
    expect(s['d/conv4/sn-v']).toEqual([16 * 4 * nf, 1]);
    expect(d.params.trainable.some((v) => /sn-/.test(d.params.localNames.get(v.name)!))).toBe(false);
    expect(Object.keys(s).some((k) => /bn/.test(k))).toBe(false);
    tf.tidy(() => {
      const x = tf.randomNormal(faceBatchShape(2)) as tf.Tensor4D;
      const cond = tf.oneHot(tf.tensor1d([0, 13], 'int32'), 22).toFloat() as tf.Tensor2D;
      expect(d.apply(x, TRAIN, cond).adv.shape).toEqual([2, 1]);
    });
    d.params.dispose();
  });

  it('spectral norm: one power iteration a step brings σ to W\'s largest singular value', async () => {
    const { SpectralNorm } = await import('../../src/engine/models/spectral-norm.js');
    const { ParamSet } = await import('../../src/engine/models/params.js');
    const ps = new ParamSet('t', 1);
    const w = ps.normal('w', [3, 3, 4, 6], 1);
    const sn = new SpectralNorm(ps, 'w', w);
    for (let i = 0; i < 30; i++) sn.iterate();
    // ‖W / σ‖₂ = 1: the top singular value of the normalised matrix, by power iteration here too.
    const top = tf.tidy(() => {
      const W = tf.reshape(sn.weight(), [36, 6]) as tf.Tensor2D;
      let x = tf.ones([6, 1]) as tf.Tensor2D;
      for (let i = 0; i < 200; i++) x = tf.div(tf.matMul(W, tf.matMul(W, x), true), tf.norm(tf.matMul(W, tf.matMul(W, x), true)));
      return tf.norm(tf.matMul(W, x)).dataSync()[0]!;
    });
    expect(top).toBeCloseTo(1, 3);
    ps.dispose();
  });
});

describe.each(NEW_MODELS)('%s in the trainer', (model) => {
  it('steps with finite losses, changes every network, and reports accuracies only from a classifier', async () => {
    const events: TrainerEvent[] = [];
    const t = await smallTrainer(path.join(root, `${model}-steps`), { model, steps: 3, events });
    const nets = (t as unknown as { ganStep: { nets: Array<{ key: string; params: ParamSet }> } }).ganStep.nets;
    expect(nets.map((n) => n.key)).toEqual(model === 'acgan-split' ? ['g', 'd', 'c'] : ['g', 'd']);
    const before = nets.map((n) => n.params.trainable[0]!.dataSync().slice());
    await t.run();
    nets.forEach((n, i) => expect(Array.from(n.params.trainable[0]!.dataSync()), n.key).not.toEqual(Array.from(before[i]!)));
    const s = steps(events);
    expect(s).toHaveLength(3);
    for (const e of s) {
      expect(Number.isFinite(e.dLoss) && Number.isFinite(e.gLoss)).toBe(true);
      expect(e.dReal).toBeGreaterThan(0);
      expect(e.dReal).toBeLessThan(1);
      if (model === 'acgan-split') {
        for (const k of ['hairAccReal', 'eyesAccReal', 'hairAccFake', 'eyesAccFake'] as const) expect(e[k], k).toBeGreaterThanOrEqual(0);
      } else {
        expect(e.hairAccReal).toBeUndefined();
        expect(e.eyesAccFake).toBeUndefined();
      }
    }
    t.dispose();
  });

  it('keeps the tensor count flat over 40 steps', async () => {
    const t = await smallTrainer(path.join(root, `${model}-flat`), { model, steps: 40, config: { batch: 2 } });
    const counts: number[] = [];
    (t as unknown as { opts: { onEvent: (e: TrainerEvent) => void } }).opts.onEvent = (e) => {
      if (e.type === 'step') counts.push(tf.memory().numTensors);
    };
    const before = tf.memory().numTensors;
    await t.run();
    expect(counts).toHaveLength(40);
    expect(counts.at(-1)).toBe(counts[1]);
    t.dispose();
    // Everything the trainer made goes with it: networks, optimizers, running statistics.
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('checkpoints every network and optimizer, and resumes bit for bit', async () => {
    const unbroken: TrainerEvent[] = [];
    const a = await smallTrainer(path.join(root, `${model}-unbroken`), { model, steps: 5, events: unbroken, config: { lambda: 2 } });
    await a.run();
    a.dispose();

    const b1 = await smallTrainer(path.join(root, `${model}-broken`), { model, steps: 3, config: { lambda: 2 } });
    await b1.run(); // a final checkpoint at step 3
    b1.dispose();
    const { meta, values } = await readCheckpoint(path.join(root, `${model}-broken`, 'ckpt', 'step-00000003'));
    const names = meta.tensors.map((e) => e.name);
    for (const net of model === 'acgan-split' ? ['g', 'd', 'c'] : ['g', 'd']) {
      expect(names.some((n) => n.startsWith(`${net}/`)), net).toBe(true);
      expect(names.some((n) => n.startsWith(`adam/${net}/m/${net}/`)), net).toBe(true);
      expect(names.some((n) => n.startsWith(`adam/${net}/v/${net}/`)), net).toBe(true);
    }
    expect((meta.extra as { adam: Record<string, number> }).adam).toEqual(model === 'acgan-split' ? { g: 3, d: 3, c: 3 } : { g: 3, d: 3 });
    if (model === 'projection') expect(values.has('d/bn2/mean') && values.has('g/cbn0/mean')).toBe(true);

    const broken: TrainerEvent[] = [];
    const b2 = await smallTrainer(path.join(root, `${model}-broken`), { model, steps: 5, resume: true, events: broken, config: { lambda: 99 } });
    expect(b2.step).toBe(3);
    await b2.run();
    b2.dispose();

    // The resumed steps report exactly the unbroken run's numbers…
    const tail = (evs: TrainerEvent[]) =>
      steps(evs)
        .filter((e) => e.step > 3)
        .map(({ step, dLoss, gLoss, dReal, dFake, hairAccReal, eyesAccReal, hairAccFake, eyesAccFake }) => ({ step, dLoss, gLoss, dReal, dFake, hairAccReal, eyesAccReal, hairAccFake, eyesAccFake }));
    expect(tail(broken).map((e) => e.step)).toEqual([4, 5]);
    expect(tail(broken)).toEqual(tail(unbroken));
    // …and every saved tensor (weights, running statistics, moments) is identical.
    const wa = await readCheckpoint(path.join(root, `${model}-unbroken`, 'ckpt', 'step-00000005'));
    const wb = await readCheckpoint(path.join(root, `${model}-broken`, 'ckpt', 'step-00000005'));
    expect([...wb.values.keys()].sort()).toEqual([...wa.values.keys()].sort());
    for (const [name, v] of wa.values) expect(Buffer.from(wb.values.get(name)!.values.buffer, wb.values.get(name)!.values.byteOffset, v.values.byteLength).equals(Buffer.from(v.values.buffer, v.values.byteOffset, v.values.byteLength)), name).toBe(true);
  });

  it('generates from a checkpoint: asked colours, repeatable faces, interpolation', async () => {
    const dir = path.join(root, `${model}-unbroken`);
    const loaded = await loadGenerator(path.join(dir, 'ckpt'), null);
    expect(loaded.config.model).toBe(model);
    expect(loaded.vocab).not.toBeNull();
    expect(path.basename(loaded.checkpoint)).toBe(path.basename((await listCheckpoints(path.join(dir, 'ckpt')))[0]!));
    const [hair, eyes] = [loaded.vocab!.hairVocab[1]!, loaded.vocab!.eyesVocab[0]!];
    const req = { hair, eyes, count: 4, seed: 7, truncation: 1 };
    const a = makeFaces(loaded.g, loaded.vocab, req);
    const b = makeFaces(loaded.g, loaded.vocab, req);
    expect(a.faces.length).toBe(4 * FACE_BYTES);
    expect(a.labels).toEqual(Array(4).fill([hair, eyes]));
    expect(Buffer.from(a.faces).equals(Buffer.from(b.faces))).toBe(true);
    // Other colours, same noise: another output (after 5 steps the difference is below a byte's
    // step, so it is looked for in G's own output).
    const diff = tf.tidy(() => {
      const z = tf.randomNormal([2, 100], 0, 1, 'float32', 5) as tf.Tensor2D;
      const nCond = loaded.vocab!.hairVocab.length + loaded.vocab!.eyesVocab.length;
      const cond = (h: number, e: number) => tf.oneHot(tf.tensor1d([h, loaded.vocab!.hairVocab.length + e], 'int32'), nCond).sum(0, true).tile([2, 1]) as tf.Tensor2D;
      return tf.max(tf.abs(tf.sub(loaded.g.apply(z, cond(1, 0), EVAL), loaded.g.apply(z, cond(2, 1), EVAL)))).dataSync()[0]!;
    });
    expect(diff).toBeGreaterThan(0);
    const strip = makeFaces(loaded.g, loaded.vocab, { ...req, count: 5, interpolate: { seedB: 8, hairB: loaded.vocab!.hairVocab[2]!, eyesB: null } });
    expect(strip.n).toBe(5);
    expect(strip.faces.length).toBe(5 * FACE_BYTES);
    loaded.dispose();
  });
});
