/**
 * Spectral normalisation (Miyato et al., ICLR 2018): a layer's weight divided by an estimate of its
 * largest singular value σ, so each layer is about 1-Lipschitz and D cannot sharpen without bound.
 * σ comes from one power iteration per training step, carried over from step to step in the
 * vectors u and v, which are state (checkpointed, as batch-norm statistics are) so that a resumed
 * run continues exactly.
 */
import * as tf from '@tensorflow/tfjs';
import { INIT_STD, biasThenAct, type Activation, type Mode } from './layers.js';
import type { ParamSet } from './params.js';

export class SpectralNorm {
  private readonly u: tf.Variable; // [n, 1]
  private readonly v: tf.Variable; // [m, 1]
  private readonly m: number;
  private readonly n: number;

  /** w: any shape, seen as a matrix [everything but the last axis, the last axis]. */
  constructor(
    ps: ParamSet,
    name: string,
    private readonly w: tf.Variable,
  ) {
    this.n = w.shape[w.shape.length - 1]!;
    this.m = w.size / this.n;
    this.u = ps.normal(`${name}/sn-u`, [this.n, 1], 1, false);
    this.v = ps.constant(`${name}/sn-v`, [this.m, 1], 0, false);
    // One iteration now, so that σ is defined before the first training step.
    this.iterate();
  }

  /** One power iteration: v ← W u / ‖W u‖, u ← Wᵀ v / ‖Wᵀ v‖. No gradient flows through it. */
  iterate(): void {
    const [u, v] = tf.tidy(() => {
      const W = tf.reshape(this.w, [this.m, this.n]) as tf.Tensor2D;
      const v = unit(tf.matMul(W, this.u as tf.Tensor2D)); // [m, 1]
      const u = unit(tf.matMul(W, v, true)); // [n, 1]
      return [tf.keep(u), tf.keep(v)];
    });
    this.u.assign(u);
    this.v.assign(v);
    u.dispose();
    v.dispose();
  }

  /** W / σ with σ = vᵀ W u: u and v are constants to the gradient, W is not (as in the paper). */
  weight(): tf.Tensor {
    const W = tf.reshape(this.w, [this.m, this.n]) as tf.Tensor2D;
    const sigma = tf.sum(tf.mul(this.v, tf.matMul(W, this.u as tf.Tensor2D)));
    return tf.div(this.w, sigma);
  }
}

function unit(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.add(tf.norm(x), 1e-12));
}

/**
 * k×k convolution, 'same' padding, with a spectrally normalised weight (or a plain one when `sn`
 * is off, for measuring what the normalisation costs). The power iteration runs on a call whose
 * mode updates statistics: once per step.
 */
export class SNConv {
  private readonly w: tf.Variable;
  private readonly b: tf.Variable | null;
  private readonly sn: SpectralNorm | null;
  /** bias: off where batch norm follows, whose β does its work. */
  constructor(ps: ParamSet, name: string, k: number, cin: number, cout: number, readonly stride: 1 | 2, sn = true, bias = true) {
    this.w = ps.normal(`${name}/w`, [k, k, cin, cout], INIT_STD);
    this.b = bias ? ps.constant(`${name}/b`, [cout], 0) : null;
    this.sn = sn ? new SpectralNorm(ps, name, this.w) : null;
  }
  apply(x: tf.Tensor4D, mode: Mode, act: Activation = 'linear'): tf.Tensor4D {
    if (this.sn && mode.updateStats) this.sn.iterate();
    const w = (this.sn ? this.sn.weight() : this.w) as tf.Tensor4D;
    return biasThenAct(tf.conv2d(x, w, this.stride, 'same'), this.b, act);
  }
}

/** A dense layer [in] → [out] with a spectrally normalised weight, as SNConv. */
export class SNDense {
  private readonly w: tf.Variable;
  private readonly b: tf.Variable;
  private readonly sn: SpectralNorm | null;
  constructor(ps: ParamSet, name: string, inDim: number, outDim: number, sn = true) {
    this.w = ps.normal(`${name}/w`, [inDim, outDim], INIT_STD);
    this.b = ps.constant(`${name}/b`, [outDim], 0);
    this.sn = sn ? new SpectralNorm(ps, name, this.w) : null;
  }
  apply(x: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    if (this.sn && mode.updateStats) this.sn.iterate();
    const w = (this.sn ? this.sn.weight() : this.w) as tf.Tensor2D;
    return tf.add(tf.matMul(x, w), this.b);
  }
}
