/**
 * Kernels for the wasm backend: the ones it lacks for training, and faster replacements for
 * ones it has. Registered once per process, before or after the backend starts.
 */
import * as tf from '@tensorflow/tfjs';
// Registers wasm's own kernels first, so ours replace them rather than the other way round.
import '@tensorflow/tfjs-backend-wasm';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter-wasm.js';
import { makeConv2dBackpropInputWasmConfig } from './conv2d-backprop-input-wasm.js';

let registered = false;

/** Safe to call any number of times. */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  if (tf.getKernel(tf.Conv2DBackpropFilter, 'wasm') == null) {
    tf.registerKernel(conv2dBackpropFilterWasmConfig);
  }
  const input = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
  if (input != null) {
    tf.unregisterKernel(tf.Conv2DBackpropInput, 'wasm');
    tf.registerKernel(makeConv2dBackpropInputWasmConfig(input));
  }
}
