/** Which tensors a trainer checkpoint holds, and how the optimizers get theirs back. */
import type * as tf from '@tensorflow/tfjs';
import { assignVariable, paramEntries, type NamedValues } from './checkpoint.js';
import type { Discriminator, Generator } from './models/index.js';
import type { GanStep } from './train-step.js';

/** Both networks (weights and batch-norm statistics) and both optimizers' moments, named. */
export function trainingTensors(g: Generator, d: Discriminator, step: GanStep): Array<{ name: string; tensor: tf.Tensor }> {
  return [
    ...paramEntries(g.params),
    ...paramEntries(d.params),
    ...adamEntries('adam/g', g, step.gOpt.state()),
    ...adamEntries('adam/d', d, step.dOpt.state()),
  ];
}

function adamEntries(prefix: string, net: Generator | Discriminator, state: { m: tf.Variable[]; v: tf.Variable[] }) {
  const names = net.params.trainable.map((v) => net.params.localNames.get(v.name)!);
  return [
    ...state.m.map((t, i) => ({ name: `${prefix}/m/${names[i]}`, tensor: t as tf.Tensor })),
    ...state.v.map((t, i) => ({ name: `${prefix}/v/${names[i]}`, tensor: t as tf.Tensor })),
  ];
}

export function restoreAdam(step: GanStep, g: Generator, d: Discriminator, values: Map<string, NamedValues>, t: { g: number; d: number }): void {
  for (const [prefix, net, opt, count] of [
    ['adam/g', g, step.gOpt, t.g],
    ['adam/d', d, step.dOpt, t.d],
  ] as const) {
    const names = net.params.trainable.map((v) => net.params.localNames.get(v.name)!);
    const st = opt.state();
    names.forEach((name, i) => {
      assignVariable(st.m[i]!, `${prefix}/m/${name}`, values);
      assignVariable(st.v[i]!, `${prefix}/v/${name}`, values);
    });
    opt.t = count;
  }
}
