/** Which tensors a trainer checkpoint holds, and how the optimizers get theirs back. */
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, assignParams, assignVariable, paramEntries, type NamedValues } from './checkpoint.js';
import type { ParamSet } from './models/params.js';
import type { TrainStep } from './train-step.js';
import type { TrainerCheckpointState } from './trainer-state.js';
import type { TrainConfig } from './config.js';
import type { FaceDataset } from '../data/dataset.js';
import type { DatasetInfo } from '../protocol/events.js';
import type { RngState } from '../util/rng.js';
import { SAMPLE_COLS } from './fixed-samples.js';

/** Every network (weights and running statistics), then every optimizer's moments, then the averaged G, named. */
export function trainingTensors(step: TrainStep): Array<{ name: string; tensor: tf.Tensor }> {
  return [
    ...step.nets.flatMap((n) => paramEntries(n.params)),
    ...step.nets.flatMap((n) => adamEntries(`adam/${n.key}`, n.params, n.opt.state())),
    ...(step.averaged?.entries() ?? []),
  ];
}

function adamEntries(prefix: string, params: ParamSet, state: { m: tf.Variable[]; v: tf.Variable[] }) {
  const names = params.trainable.map((v) => params.localNames.get(v.name)!);
  return [
    ...state.m.map((t, i) => ({ name: `${prefix}/m/${names[i]}`, tensor: t as tf.Tensor })),
    ...state.v.map((t, i) => ({ name: `${prefix}/v/${names[i]}`, tensor: t as tf.Tensor })),
  ];
}

/** Each optimizer's update count, by network. */
export function adamCounts(step: TrainStep): TrainerCheckpointState['adam'] {
  const t = Object.fromEntries(step.nets.map((n) => [n.key, n.opt.t]));
  return { g: t.g!, d: t.d!, ...(t.c !== undefined ? { c: t.c } : {}) };
}

/** Puts every network's weights and every optimizer's state back as the checkpoint has them. */
export function restoreTraining(step: TrainStep, values: Map<string, NamedValues>, t: TrainerCheckpointState['adam']): void {
  for (const net of step.nets) {
    assignParams(net.params, values);
    const count = t[net.key];
    if (count === undefined) throw new CheckpointError(`checkpoint has no optimizer step count for '${net.key}': it was made by another model`);
    const names = net.params.trainable.map((v) => net.params.localNames.get(v.name)!);
    const st = net.opt.state();
    names.forEach((name, i) => {
      assignVariable(st.m[i]!, `adam/${net.key}/m/${name}`, values);
      assignVariable(st.v[i]!, `adam/${net.key}/v/${name}`, values);
    });
    net.opt.t = count;
  }
  step.averaged?.restore(values);
}

/** Everything a trainer checkpoint holds besides the tensors, from the trainer's parts. */
export function checkpointState(parts: {
  run: string;
  config: TrainConfig;
  lambda: number;
  dataset: FaceDataset;
  batcher: unknown;
  rng: RngState;
  step: TrainStep;
  sampleRows: Array<[number, number]>;
  augmentP: number;
}): TrainerCheckpointState {
  const ds = parts.dataset;
  return {
    run: parts.run,
    config: { ...parts.config, lambda: parts.lambda },
    lambda: parts.lambda,
    hairVocab: ds.hairVocab,
    eyesVocab: ds.eyesVocab,
    dataset: datasetInfo(ds),
    batcher: parts.batcher,
    rng: parts.rng,
    adam: adamCounts(parts.step),
    sampleRows: parts.sampleRows,
    sampleCols: SAMPLE_COLS,
    ...(parts.config.diffAugment?.length ? { augmentP: parts.augmentP } : {}),
  };
}

/** What run.json, the start event and a checkpoint say about the data a run trains on. */
export function datasetInfo(ds: FaceDataset): DatasetInfo {
  return { source: ds.source, dir: ds.dir, count: ds.count, hairVocab: ds.hairVocab, eyesVocab: ds.eyesVocab, attributes: ds.attributes };
}

/** Whether every weight is finite: one reduction over them all, cheap next to a step, done only when saving. */
export function weightsFinite(step: TrainStep): boolean {
  const vars = [...step.nets.flatMap((n) => n.params.all()), ...(step.averaged?.g.params.all() ?? [])];
  const total = tf.tidy(() => tf.addN(vars.map((v) => tf.sum(v))));
  const ok = Number.isFinite(total.dataSync()[0]);
  total.dispose();
  return ok;
}
