/**
 * Gradient of depthToSpace (pixel shuffle), which tfjs-core does not register: space-to-depth
 * of dy, written with reshape and a rank-4 transpose so it runs on any backend and can itself
 * be differentiated.
 */
import * as tf from '@tensorflow/tfjs';

export const depthToSpaceGradConfig: tf.GradConfig = {
  kernelName: tf.DepthToSpace,
  gradFunc: (dy, _saved, attrs) => {
    const { blockSize: bs, dataFormat } = attrs as unknown as tf.DepthToSpaceAttrs;
    const g = dy as tf.Tensor4D;
    if (dataFormat === 'NCHW') {
      const [n, c, h, w] = g.shape;
      return {
        x: () =>
          g
            .reshape([n, c, h / bs, bs, w / bs, bs])
            .transpose([0, 3, 5, 1, 2, 4])
            .reshape([n, bs * bs * c, h / bs, w / bs]),
      };
    }
    const [n, h, w, c] = g.shape;
    // Row y·bs + r and column x·bs + t of dy go to channel block (r, t) of pixel (y, x); a
    // (t, c) run is contiguous, so [n·H, bs, W, bs·c] → [n·H, W, bs, bs·c] moves all of it.
    return {
      x: () =>
        g
          .reshape([n * (h / bs), bs, w / bs, bs * c])
          .transpose([0, 2, 1, 3])
          .reshape([n, h / bs, w / bs, bs * bs * c]),
    };
  },
};
