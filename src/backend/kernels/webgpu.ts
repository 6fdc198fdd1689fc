/**
 * Fixes to tfjs-backend-webgpu 4.22 for GAN training, and the gradients tfjs-core lacks.
 * Registered once per process, after the backend's module has registered its own kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { registerGradients } from './register-common.js';
import { makeAddNWebgpuConfig } from './webgpu-add-n.js';

/** Present but wrong; the factory gets the original, to delegate what it can. */
const REPLACED: Array<[string, (original: tf.KernelConfig) => tf.KernelConfig]> = [[tf.AddN, makeAddNWebgpuConfig]];

let done = false;

/** Everything training on webgpu needs, gradients included. Safe to call any number of times. */
export function registerWebgpuKernels(): void {
  registerGradients();
  if (done) return;
  done = true;
  for (const [name, make] of REPLACED) {
    const original = tf.getKernel(name, 'webgpu');
    if (original == null) continue;
    tf.unregisterKernel(name, 'webgpu');
    tf.registerKernel(make(original));
  }
}
