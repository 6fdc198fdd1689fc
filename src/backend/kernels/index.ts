/**
 * Kernels tfjs-backend-wasm 4.22 lacks or gets wrong for GAN training, and the gradients
 * tfjs-core lacks, registered once per process, before or after the backend starts.
 */
import * as tf from '@tensorflow/tfjs';
// Registers wasm's own kernels first, so that ours replace them and not the other way round.
import '@tensorflow/tfjs-backend-wasm';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter-wasm.js';
import { makeConv2dBackpropInputWasmConfig } from './conv2d-backprop-input-wasm.js';
import { makeDepthToSpaceWasmConfig } from './depth-to-space-wasm.js';
import { makeIdentityWasmConfig } from './identity-wasm.js';
import { makeMeanWasmConfig, makeSumWasmConfig } from './leading-reduce-wasm.js';
import { maxPoolGradWasmConfig } from './max-pool-grad-wasm.js';
import { nativeAddon, type NativeAddon } from './native-addon.js';
import {
  makeNativeConv2dBackpropFilterConfig,
  makeNativeConv2dBackpropInputConfig,
  makeNativeConv2dConfig,
  makeNativeFusedConv2dConfig,
} from './native-conv.js';
import { nativeFusedConfigs } from './native-fused.js';
import { makeNativeBatchMatMulConfig, makeNativeFusedMatMulConfig } from './native-matmul.js';
import { registerGradients } from './register-common.js';
import { makeTileWasmConfig } from './tile-wasm.js';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum-wasm.js';

export { registerCpuKernels, registerGradients } from './register-common.js';
export { nativeStatus } from './native-addon.js';
export { nativeNote } from './native-note.js';

/** Missing from tfjs-backend-wasm. */
const ADDED: tf.KernelConfig[] = [conv2dBackpropFilterWasmConfig, unsortedSegmentSumWasmConfig];

/** Present but slow or wrong; the factory gets the original, to delegate what it skips. */
const REPLACED: Array<[string, (original: tf.KernelConfig) => tf.KernelConfig]> = [
  [tf.Conv2DBackpropInput, makeConv2dBackpropInputWasmConfig],
  [tf.DepthToSpace, makeDepthToSpaceWasmConfig],
  [tf.Identity, makeIdentityWasmConfig],
  [tf.MaxPoolGrad, () => maxPoolGradWasmConfig],
  [tf.Tile, makeTileWasmConfig],
  [tf.Sum, makeSumWasmConfig],
  [tf.Mean, makeMeanWasmConfig],
];

type NativeFactory = (original: tf.KernelConfig, addon: NativeAddon) => tf.KernelConfig;

/**
 * On the native addon when it loads (OpenBLAS, oneDNN's convolutions, all cores); each wraps the kernel registered
 * before it, ours or wasm's, for the cases it leaves alone.
 */
const NATIVE: Array<[string, NativeFactory]> = [
  [tf.Conv2D, makeNativeConv2dConfig],
  [tf.FusedConv2D, makeNativeFusedConv2dConfig],
  [tf.Conv2DBackpropInput, makeNativeConv2dBackpropInputConfig],
  [tf.Conv2DBackpropFilter, makeNativeConv2dBackpropFilterConfig],
  [tf.BatchMatMul, makeNativeBatchMatMulConfig],
  [tf._FusedMatMul, makeNativeFusedMatMulConfig],
];

let done = false;

/** Everything training on wasm needs, gradients included. Safe to call any number of times. */
export function registerWasmKernels(): void {
  registerGradients();
  if (done) return;
  done = true;
  for (const config of ADDED) {
    if (tf.getKernel(config.kernelName, 'wasm') == null) tf.registerKernel(config);
  }
  for (const [name, make] of REPLACED) {
    const original = tf.getKernel(name, 'wasm');
    if (original == null) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(make(original));
  }
  const addon = nativeAddon();
  if (addon == null) return;
  for (const [name, make] of NATIVE) {
    const previous = tf.getKernel(name, 'wasm');
    if (previous == null) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(make(previous, addon));
  }
  for (const config of nativeFusedConfigs(addon)) {
    if (tf.getKernel(config.kernelName, 'wasm') == null) tf.registerKernel(config);
  }
}
