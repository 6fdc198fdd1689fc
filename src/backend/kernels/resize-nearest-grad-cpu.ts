/**
 * ResizeNearestNeighborGrad for the cpu backend. Its own kernel (tfjs-backend-cpu 4.22) reads
 * dy at the input's batch offset, so every image after the first gets another image's
 * gradient (upsampling generators train wrong there). This one routes each dy pixel back to
 * the pixel the forward pass copied, with the same rounding as the original.
 */
import * as tf from '@tensorflow/tfjs';

type Info = tf.TensorInfo;

/** The part of tfjs-backend-cpu's MathBackendCPU this kernel uses. */
interface CpuBackend {
  data: { get(dataId: tf.DataId): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): Info;
}

/** Source index of output position `i` along an axis, as the forward resize picks it. */
function sourceIndex(i: number, inSize: number, outSize: number, alignCorners: boolean): number {
  const aligned = alignCorners && outSize > 1;
  const scale = (aligned ? inSize - 1 : inSize) / (aligned ? outSize - 1 : outSize);
  const frac = i * scale;
  return Math.min(inSize - 1, aligned ? Math.round(frac) : Math.floor(frac));
}

function resizeNearestGradCpu(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): Info {
  const backend = args.backend as CpuBackend;
  const { images, dy } = args.inputs as { images: Info; dy: Info };
  const { alignCorners } = args.attrs as unknown as tf.ResizeNearestNeighborGradAttrs;
  const [batch, inH, inW, depth] = images.shape;
  const [, outH, outW] = dy.shape;
  const g = backend.data.get(dy.dataId).values as Float32Array;
  const dx = new Float32Array(batch * inH * inW * depth);
  const cols = Array.from({ length: outW }, (_, x) => sourceIndex(x, inW, outW, alignCorners));
  let s = 0;
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < outH; y++) {
      const row = (b * inH + sourceIndex(y, inH, outH, alignCorners)) * inW;
      for (let x = 0; x < outW; x++) {
        const d = (row + cols[x]) * depth;
        for (let c = 0; c < depth; c++) dx[d + c] += g[s++];
      }
    }
  }
  return backend.makeTensorInfo(images.shape, 'float32', dx);
}

export const resizeNearestGradCpuConfig: tf.KernelConfig = {
  kernelName: tf.ResizeNearestNeighborGrad,
  backendName: 'cpu',
  kernelFunc: resizeNearestGradCpu,
};
