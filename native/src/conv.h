// NHWC float32 convolutions as im2col + one sgemm per chunk of images, for the three kernels a
// conv layer's forward and backward passes need. Filters are [kh, kw, ci, co].
#pragma once
#include <cstddef>

namespace conv {

struct Geom {
  int n, h, w, ci;  // input  [n, h, w, ci]
  int oh, ow, co;   // output [n, oh, ow, co]
  int kh, kw;       // filter taps
  int sh, sw, dh, dw;
  int top, left;    // zeros before the first row and column
  size_t inSize() const { return size_t(n) * h * w * ci; }
  size_t outSize() const { return size_t(n) * oh * ow * co; }
  size_t filterSize() const { return size_t(kh) * kw * ci * co; }
  bool valid() const;
};

// y = conv(x, w)
void forward(const Geom& g, const float* x, const float* w, float* y);
// dx = gradient of conv(x, w) for x, given dy; also conv2dTranspose's forward pass.
void backpropInput(const Geom& g, const float* dy, const float* w, float* dx);
// dw = gradient of conv(x, w) for w, given dy.
void backpropFilter(const Geom& g, const float* x, const float* dy, float* dw);

}  // namespace conv
