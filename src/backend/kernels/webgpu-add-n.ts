/**
 * AddN for webgpu with any number of inputs. tfjs-backend-webgpu 4.22 binds every input as a
 * storage buffer in one shader; past the device's maxStorageBuffersPerShaderStage (8 by default:
 * seven inputs and the output) the pipeline is invalid and the sum silently wrong. The trainer's
 * NaN check sums one scalar per weight (dozens), so sum in groups, then sum the groups.
 */
import * as tf from '@tensorflow/tfjs';

interface WebgpuBackendLike {
  device?: { limits?: { maxStorageBuffersPerShaderStage?: number } };
  disposeData(dataId: object): void;
}

export function makeAddNWebgpuConfig(original: tf.KernelConfig): tf.KernelConfig {
  const run = original.kernelFunc;
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const b = backend as unknown as WebgpuBackendLike;
    const most = Math.max(2, (b.device?.limits?.maxStorageBuffersPerShaderStage ?? 8) - 1);
    let level = Object.values(inputs) as tf.TensorInfo[];
    let owned = false;
    while (level.length > most) {
      const next: tf.TensorInfo[] = [];
      for (let i = 0; i < level.length; i += most) {
        next.push(run({ inputs: level.slice(i, i + most) as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo);
      }
      if (owned) for (const t of level) b.disposeData(t.dataId);
      level = next;
      owned = true;
    }
    const out = run({ inputs: level as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo;
    if (owned) for (const t of level) b.disposeData(t.dataId);
    return out;
  };
  return { ...original, kernelFunc };
}
