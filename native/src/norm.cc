#include "norm.h"

#include <cmath>
#include <vector>

#include "epilogue.h"
#include "parallel.h"

namespace norm {
namespace {

// Rows per task at least this many values, as in epilogue.cc.
constexpr size_t kMinValues = size_t(1) << 16;

// Slope of the activation at the point whose output is y (see epilogue::gradient).
inline float slope(int activation, float alpha, float y) {
  if (activation == epilogue::Relu) return y > 0.f ? 1.f : 0.f;
  if (activation == epilogue::LeakyRelu) return y > 0.f ? 1.f : alpha;
  return 1.f;
}

// Per-channel sums over all rows, in double, of the K values f(i, c, out) adds to out[0..K):
// each task sums its rows into its own slot, then the slots are added in task order, so the
// result does not depend on timing.
template <int K, typename F>
std::vector<double> channelSums(const Shape& s, F f) {
  const int C = s.channels;
  const size_t width = size_t(C) * K;
  std::vector<double> parts(width * parallel::threads() * 2, 0.0);
  const int tasks = parallel::forRanges(s.rows, kMinValues / C + 1, [&](int t, size_t begin, size_t end) {
    double* acc = parts.data() + size_t(t) * width;
    for (size_t r = begin; r < end; r++) {
      for (int c = 0; c < C; c++) f(r * C + c, c, acc + size_t(c) * K);
    }
  });
  std::vector<double> total(width, 0.0);
  for (int t = 0; t < tasks; t++) {
    for (size_t i = 0; i < width; i++) total[i] += parts[size_t(t) * width + i];
  }
  return total;  // [C, K]
}

template <typename F>
void eachRow(const Shape& s, F f) {
  parallel::forRanges(s.rows, kMinValues / s.channels + 1, [&](int, size_t begin, size_t end) {
    for (size_t r = begin; r < end; r++) f(r * s.channels);
  });
}

}  // namespace

void forward(const Shape& s, const float* x, const float* gamma, const float* beta, float* y,
             float* mean, float* var) {
  const int C = s.channels;
  const double n = double(s.rows);
  const std::vector<double> sum = channelSums<1>(s, [&](size_t i, int, double* acc) { acc[0] += x[i]; });
  for (int c = 0; c < C; c++) mean[c] = float(sum[c] / n);
  // Two passes, not Σx² − (Σx)²: the variance of values far from zero stays exact.
  const std::vector<double> sq = channelSums<1>(s, [&](size_t i, int c, double* acc) {
    const double d = double(x[i]) - mean[c];
    acc[0] += d * d;
  });
  std::vector<float> scale(C), shift(C);
  for (int c = 0; c < C; c++) {
    var[c] = float(sq[c] / n);
    scale[c] = gamma[c] / std::sqrt(var[c] + s.epsilon);
    shift[c] = beta[c] - mean[c] * scale[c];
  }
  const int act = s.activation;
  const float alpha = s.alpha;
  eachRow(s, [&](size_t o) {
    for (int c = 0; c < C; c++) {
      const float z = x[o + c] * scale[c] + shift[c];
      y[o + c] = act == epilogue::Relu ? (z > 0.f ? z : 0.f) : act == epilogue::LeakyRelu ? (z > 0.f ? z : z * alpha) : z;
    }
  });
}

void backward(const Shape& s, const float* dy, const float* x, const float* y, const float* gamma,
              const float* mean, const float* var, float* dx, float* dgamma, float* dbeta) {
  const int C = s.channels;
  std::vector<float> invstd(C);
  for (int c = 0; c < C; c++) invstd[c] = 1.f / std::sqrt(var[c] + s.epsilon);
  // Σ dz and Σ dz·x̂ per channel, dz being dy through the activation.
  const std::vector<double> sums = channelSums<2>(s, [&](size_t i, int c, double* acc) {
    const double dz = dy[i] * slope(s.activation, s.alpha, y[i]);
    acc[0] += dz;
    acc[1] += dz * ((x[i] - mean[c]) * invstd[c]);
  });
  std::vector<float> k(C), meanDz(C), meanDzXhat(C);
  const double n = double(s.rows);
  for (int c = 0; c < C; c++) {
    const double sumDz = sums[2 * c], sumDzXhat = sums[2 * c + 1];
    dbeta[c] = float(sumDz);
    dgamma[c] = float(sumDzXhat);
    k[c] = gamma[c] * invstd[c];
    meanDz[c] = float(sumDz / n);
    meanDzXhat[c] = float(sumDzXhat / n);
  }
  // dx = γ/σ · (dz − mean(dz) − x̂ · mean(dz·x̂))
  eachRow(s, [&](size_t o) {
    for (int c = 0; c < C; c++) {
      const float dz = dy[o + c] * slope(s.activation, s.alpha, y[o + c]);
      const float xhat = (x[o + c] - mean[c]) * invstd[c];
      dx[o + c] = k[c] * (dz - meanDz[c] - xhat * meanDzXhat[c]);
    }
  });
}

void columnSums(const float* x, size_t rows, int columns, float* out) {
  const Shape s{rows, columns, 0.f, epilogue::Linear, 0.f};
  const std::vector<double> sum = channelSums<1>(s, [&](size_t i, int, double* acc) { acc[0] += x[i]; });
  for (int c = 0; c < columns; c++) out[c] = float(sum[c]);
}

}  // namespace norm
