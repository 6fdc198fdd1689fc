#include "norm.h"

#include <cmath>
#include <vector>

#include "epilogue.h"

namespace norm {
namespace {

// Slope of the activation at the point whose output is y (see epilogue::gradient).
inline float slope(int activation, float alpha, float y) {
  if (activation == epilogue::Relu) return y > 0.f ? 1.f : 0.f;
  if (activation == epilogue::LeakyRelu) return y > 0.f ? 1.f : alpha;
  return 1.f;
}

}  // namespace

void forward(const Shape& s, const float* x, const float* gamma, const float* beta, float* y,
             float* mean, float* var) {
  const int C = s.channels;
  // Sums in double: a channel of a 64-image batch holds up to 65,536 values.
  std::vector<double> acc(C, 0.0);
  for (size_t r = 0; r < s.rows; r++) {
    const float* row = x + r * C;
    for (int c = 0; c < C; c++) acc[c] += row[c];
  }
  for (int c = 0; c < C; c++) mean[c] = float(acc[c] / double(s.rows));
  std::vector<double> sq(C, 0.0);
  for (size_t r = 0; r < s.rows; r++) {
    const float* row = x + r * C;
    for (int c = 0; c < C; c++) {
      const double d = double(row[c]) - mean[c];
      sq[c] += d * d;
    }
  }
  std::vector<float> scale(C), shift(C);
  for (int c = 0; c < C; c++) {
    var[c] = float(sq[c] / double(s.rows));
    scale[c] = gamma[c] / std::sqrt(var[c] + s.epsilon);
    shift[c] = beta[c] - mean[c] * scale[c];
  }
  for (size_t r = 0; r < s.rows; r++) {
    const float* in = x + r * C;
    float* out = y + r * C;
    for (int c = 0; c < C; c++) out[c] = in[c] * scale[c] + shift[c];
  }
  epilogue::apply(y, s.rows, C, nullptr, s.activation, s.alpha);
}

void backward(const Shape& s, const float* dy, const float* x, const float* y, const float* gamma,
              const float* mean, const float* var, float* dx, float* dgamma, float* dbeta) {
  const int C = s.channels;
  std::vector<float> invstd(C);
  for (int c = 0; c < C; c++) invstd[c] = 1.f / std::sqrt(var[c] + s.epsilon);
  // Σ dz and Σ dz·x̂ per channel, dz being dy through the activation.
  std::vector<double> sumDz(C, 0.0), sumDzXhat(C, 0.0);
  for (size_t r = 0; r < s.rows; r++) {
    const size_t o = r * C;
    for (int c = 0; c < C; c++) {
      const float dz = dy[o + c] * slope(s.activation, s.alpha, y[o + c]);
      sumDz[c] += dz;
      sumDzXhat[c] += double(dz) * ((x[o + c] - mean[c]) * invstd[c]);
    }
  }
  std::vector<float> k(C), meanDz(C), meanDzXhat(C);
  const double n = double(s.rows);
  for (int c = 0; c < C; c++) {
    dbeta[c] = float(sumDz[c]);
    dgamma[c] = float(sumDzXhat[c]);
    k[c] = gamma[c] * invstd[c];
    meanDz[c] = float(sumDz[c] / n);
    meanDzXhat[c] = float(sumDzXhat[c] / n);
  }
  // dx = γ/σ · (dz − mean(dz) − x̂ · mean(dz·x̂))
  for (size_t r = 0; r < s.rows; r++) {
    const size_t o = r * C;
    for (int c = 0; c < C; c++) {
      const float dz = dy[o + c] * slope(s.activation, s.alpha, y[o + c]);
      const float xhat = (x[o + c] - mean[c]) * invstd[c];
      dx[o + c] = k[c] * (dz - meanDz[c] - xhat * meanDzXhat[c]);
    }
  }
}

}  // namespace norm
