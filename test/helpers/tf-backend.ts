/** Engine tests run on wasm (with our kernels): the backend users without tfjs-node get. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../../src/backend/kernels/index.js';

export async function useWasm(): Promise<void> {
  registerWasmKernels();
  if (tf.getBackend() !== 'wasm') {
    await tf.setBackend('wasm');
    await tf.ready();
  }
}
