/**
 * Registrations that do not need the wasm package loaded: gradients tfjs-core lacks (all
 * backends) and fixes to the cpu backend. Kept apart from index.ts so that using them does not
 * register wasm as the highest-priority backend.
 */
import * as tf from '@tensorflow/tfjs';
import { COMPARISON_GRADIENTS } from './comparison-grads.js';
import { depthToSpaceGradConfig } from './depth-to-space-grad.js';
import { FUSED_GRADIENTS } from './fused-ops.js';
import { resizeNearestGradCpuConfig } from './resize-nearest-grad-cpu.js';

/** Missing from tfjs-core, on every backend; and those of our fused kernels. */
const GRADIENTS: tf.GradConfig[] = [...COMPARISON_GRADIENTS, depthToSpaceGradConfig, ...FUSED_GRADIENTS];

/** Wrong in tfjs-backend-cpu. */
const CPU_REPLACED: tf.KernelConfig[] = [resizeNearestGradCpuConfig];

let gradientsDone = false;
let cpuDone = false;

/** Safe to call any number of times; keeps any gradient tfjs itself already registers. */
export function registerGradients(): void {
  if (gradientsDone) return;
  gradientsDone = true;
  for (const config of GRADIENTS) {
    if (tf.getGradient(config.kernelName) == null) tf.registerGradient(config);
  }
}

/** Safe to call any number of times. */
export function registerCpuKernels(): void {
  if (cpuDone) return;
  cpuDone = true;
  for (const config of CPU_REPLACED) {
    if (tf.getKernel(config.kernelName, 'cpu') != null) {
      tf.unregisterKernel(config.kernelName, 'cpu');
    }
    tf.registerKernel(config);
  }
}
