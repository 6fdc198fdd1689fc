// Training-mode batch norm over every axis but the last, with the activation after it, in one
// pass each way: what tf.moments + tf.batchNorm + relu/leakyRelu and their gradients take a
// dozen kernels and as many trips through memory for.
#pragma once
#include <cstddef>

namespace norm {

struct Shape {
  size_t rows;  // product of all but the last axis
  int channels;
  float epsilon;
  int activation;  // epilogue::Activation: Linear, Relu or LeakyRelu
  float alpha;
};

// y = act(gamma · (x − mean) / √(var + ε) + beta); mean and the biased var per channel.
void forward(const Shape& s, const float* x, const float* gamma, const float* beta, float* y,
             float* mean, float* var);

// Gradients of forward's y for x, gamma and beta (mean and var taken as functions of x).
void backward(const Shape& s, const float* dy, const float* x, const float* y, const float* gamma,
              const float* mean, const float* var, float* dx, float* dgamma, float* dbeta);

// out[c] = Σ_r x[r, c]: the bias gradient, and any sum over all axes but the last.
void columnSums(const float* x, size_t rows, int columns, float* out);

}  // namespace norm
