// Bias and activation applied in place after a product: what tfjs's fused kernels add to a
// plain conv or matmul.
#pragma once
#include <cstddef>

namespace epilogue {

enum Activation { Linear = 0, Relu = 1, Relu6 = 2, LeakyRelu = 3, Sigmoid = 4, Elu = 5, Tanh = 6 };

// y [rows, channels] += bias [channels] (when given), then y = act(y).
void apply(float* y, size_t rows, int channels, const float* bias, int activation, float alpha);

// y = act(x + bias) in one pass; x may be y.
void applyTo(const float* x, float* y, size_t rows, int channels, const float* bias, int activation, float alpha);

// dx = dy · act'(z), from the activation's output y = act(z); for Linear, Relu, LeakyRelu (alpha > 0)
// and Tanh, whose slopes y determines. Returns false for any other activation.
bool gradient(const float* dy, const float* y, float* dx, size_t count, int activation, float alpha);

}  // namespace epilogue
