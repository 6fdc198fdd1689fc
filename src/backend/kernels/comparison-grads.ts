/**
 * Zero gradients for comparisons and logical ops, which tfjs-core leaves unregistered (only
 * GreaterEqual has one). They are piecewise constant, so zero is exact; without these, a
 * second-order gradient through leakyRelu or relu (WGAN-GP's penalty) fails on every backend
 * with "gradient function not found for Greater", because those ops' gradients are built from
 * where(greater(x, 0), …).
 */
import * as tf from '@tensorflow/tfjs';

function zeroGradient(kernelName: string, inputs: string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: inputs,
    // Backprop insists on float32 gradients even for bool inputs.
    gradFunc: (_dy, saved) =>
      Object.fromEntries(inputs.map((name, i) => [name, () => tf.zeros(saved[i].shape, 'float32')])),
  };
}

export const COMPARISON_GRADIENTS: tf.GradConfig[] = [
  ...[tf.Greater, tf.Less, tf.LessEqual, tf.Equal, tf.NotEqual, tf.LogicalAnd, tf.LogicalOr].map(
    (name) => zeroGradient(name, ['a', 'b']),
  ),
  zeroGradient(tf.LogicalNot, ['x']),
];
