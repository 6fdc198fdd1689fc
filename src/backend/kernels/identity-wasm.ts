/**
 * Identity for the wasm backend without the copy. tfjs clones every tensor it saves for the
 * backward pass, and wasm's Identity copies the data each time: over 300 copies per DCGAN step,
 * a few hundred ms at width 1. Tensor data is never written after a kernel returns (variables
 * rebind to new data on assign), so the clone can share it, as the cpu backend's does.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-call.js';

export function makeIdentityWasmConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') return original.kernelFunc(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return { kernelName: tf.Identity, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc };
}
