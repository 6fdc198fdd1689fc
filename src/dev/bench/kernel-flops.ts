/**
 * Floating-point operations of one kernel call, for the kernels whose arithmetic is the point:
 * convolutions (each of the three passes does the forward's multiply-adds) and matrix products.
 * A multiply-add counts 2, as GFLOP/s figures usually count; every other kernel counts 0.
 */
import * as tf from '@tensorflow/tfjs';

type Inputs = Record<string, tf.TensorInfo | undefined>;
type Shape4 = [number, number, number, number];

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** 2 · outputs · taps: the same for a convolution's forward, input-gradient and filter-gradient passes. */
function convFlops(output: readonly number[], filter: readonly number[]): number {
  const [kh, kw, ci] = filter as Shape4;
  return 2 * product(output) * kh * kw * ci;
}

function matMulFlops(a: tf.TensorInfo, b: tf.TensorInfo, attrs: Record<string, unknown>): number {
  const ta = attrs.transposeA === true;
  const tb = attrs.transposeB === true;
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const bc = b.shape.at(-1 - (tb ? 1 : 0))!;
  const m = ta ? ac : ar;
  const k = ta ? ar : ac;
  const batch = Math.max(product(a.shape.slice(0, -2)), product(b.shape.slice(0, -2)));
  return 2 * batch * m * k * bc;
}

export function kernelFlops(kernel: string, inputs: Inputs, attrs: Record<string, unknown>): number {
  try {
    switch (kernel) {
      case tf.Conv2D:
      case tf.FusedConv2D: {
        const { x, filter } = inputs;
        const a = attrs as unknown as tf.Conv2DAttrs;
        const info = tf.backend_util.computeConv2DInfo(
          x!.shape as Shape4,
          filter!.shape as Shape4,
          a.strides,
          a.dilations,
          a.pad,
          a.dimRoundingMode,
          false,
          a.dataFormat === 'NCHW' ? 'channelsFirst' : 'channelsLast',
        );
        return convFlops(info.outShape, filter!.shape);
      }
      case tf.Conv2DBackpropInput:
        return convFlops(inputs.dy!.shape, inputs.filter!.shape);
      case tf.Conv2DBackpropFilter:
        return convFlops(inputs.dy!.shape, (attrs as unknown as tf.Conv2DBackpropFilterAttrs).filterShape);
      case tf.BatchMatMul:
      case tf._FusedMatMul:
        return matMulFlops(inputs.a!, inputs.b!, attrs);
      default:
        return 0;
    }
  } catch {
    // A shape the formulas above do not cover counts as no arithmetic rather than stopping the bench.
    return 0;
  }
}
