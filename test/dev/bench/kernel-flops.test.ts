import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { stepFlops } from '../../../src/dev/bench/flops-report.js';
import { kernelFlops } from '../../../src/dev/bench/kernel-flops.js';

const info = (shape: number[]): tf.TensorInfo => ({ dataId: {}, shape, dtype: 'float32' });

describe('kernelFlops', () => {
  // D's second layer at width 0.25: 64 images, 32×32×16 → 16×16×32, 4×4 taps.
  const forward = 2 * 64 * 16 * 16 * 32 * (4 * 4 * 16);

  it('counts a convolution as 2 · outputs · taps, the same for its three passes', () => {
    const x = info([64, 32, 32, 16]);
    const filter = info([4, 4, 16, 32]);
    const dy = info([64, 16, 16, 32]);
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
    expect(kernelFlops(tf.Conv2D, { x, filter }, attrs)).toBe(forward);
    expect(kernelFlops(tf.Conv2DBackpropInput, { dy, filter }, { ...attrs, inputShape: x.shape })).toBe(forward);
    expect(kernelFlops(tf.Conv2DBackpropFilter, { x, dy }, { ...attrs, filterShape: filter.shape })).toBe(forward);
  });

  it('counts a batched matrix product with either operand transposed', () => {
    expect(kernelFlops(tf.BatchMatMul, { a: info([64, 122]), b: info([122, 2048]) }, {})).toBe(2 * 64 * 122 * 2048);
    expect(kernelFlops(tf.BatchMatMul, { a: info([3, 6, 4]), b: info([1, 2, 6]) }, { transposeA: true, transposeB: true })).toBe(2 * 3 * 4 * 6 * 2);
  });

  it('counts nothing for the memory-bound kernels', () => {
    expect(kernelFlops(tf.Add, { a: info([4]), b: info([4]) }, {})).toBe(0);
  });
});

describe('stepFlops', () => {
  it('gives each layer and the step their GFLOP/s and share of the peak', () => {
    const f = stepFlops(
      [
        { kernel: 'Conv2D a', calls: 4, ms: 20, gflop: 4 },
        { kernel: 'Add b', calls: 8, ms: 10, gflop: 0 },
      ],
      2,
      50,
      400,
    );
    expect(f.layers).toEqual([{ kernel: 'Conv2D a', calls: 2, ms: 10, gflops: 200, share: 0.5 }]);
    expect(f).toMatchObject({ stepGflop: 2, stepGflops: 40, stepShare: 0.1, arithmeticMs: 10, arithmeticGflops: 200, peakGflops: 400 });
  });
});
