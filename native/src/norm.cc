#include "norm.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "epilogue.h"
#include "parallel.h"

namespace norm {
namespace {

// Rows per task at least this many values, as in epilogue.cc.
constexpr size_t kMinValues = size_t(1) << 16;
// Rows summed in float before their sums go into the double totals: short enough that float
// loses nothing that matters (tfjs's own moments sum every row in float), long enough that the
// channel loop runs in vector registers.
constexpr size_t kBlockRows = 128;

// Slope of the activation at the point whose output is y (see epilogue::gradient).
template <int Act>
inline float slope(float alpha, float y) {
  if (Act == epilogue::Relu) return y > 0.f ? 1.f : 0.f;
  if (Act == epilogue::LeakyRelu) return y > 0.f ? 1.f : alpha;
  return 1.f;
}

template <int Act>
inline float activate(float alpha, float z) {
  if (Act == epilogue::Relu) return z > 0.f ? z : 0.f;
  if (Act == epilogue::LeakyRelu) return z > 0.f ? z : z * alpha;
  return z;
}

// Two per-channel sums over all rows: row(o, a, b) adds row o's values into a[0..C) and
// b[0..C). Each task sums its rows block by block into its own double slot, and the slots are
// added in task order, so the result does not depend on timing.
template <typename Row>
void channelSums(const Shape& s, Row row, std::vector<double>& a, std::vector<double>& b) {
  const int C = s.channels;
  std::vector<double> parts(size_t(C) * 2 * parallel::threads() * 2, 0.0);
  const int tasks = parallel::forRanges(s.rows, kMinValues / C + 1, [&](int t, size_t begin, size_t end) {
    double* pa = parts.data() + size_t(t) * 2 * C;
    double* pb = pa + C;
    std::vector<float> block(size_t(C) * 2);
    float* ba = block.data();
    float* bb = ba + C;
    for (size_t r0 = begin; r0 < end; r0 += kBlockRows) {
      std::fill(block.begin(), block.end(), 0.f);
      const size_t r1 = std::min(end, r0 + kBlockRows);
      for (size_t r = r0; r < r1; r++) row(r * C, ba, bb);
      for (int c = 0; c < C; c++) {
        pa[c] += ba[c];
        pb[c] += bb[c];
      }
    }
  });
  a.assign(C, 0.0);
  b.assign(C, 0.0);
  for (int t = 0; t < tasks; t++) {
    for (int c = 0; c < C; c++) {
      a[c] += parts[size_t(t) * 2 * C + c];
      b[c] += parts[size_t(t) * 2 * C + C + c];
    }
  }
}

template <typename F>
void eachRow(const Shape& s, F f) {
  parallel::forRanges(s.rows, kMinValues / s.channels + 1, [&](int, size_t begin, size_t end) {
    for (size_t r = begin; r < end; r++) f(r * s.channels);
  });
}

// y = act(x · scale + shift), the activation a constant so the loop has no branch on it.
template <int Act>
void applyNorm(const Shape& s, const float* x, const float* scale, const float* shift, float* y) {
  const int C = s.channels;
  const float alpha = s.alpha;
  eachRow(s, [&](size_t o) {
    for (int c = 0; c < C; c++) y[o + c] = activate<Act>(alpha, x[o + c] * scale[c] + shift[c]);
  });
}

template <int Act>
void backwardWith(const Shape& s, const float* dy, const float* x, const float* y, const float* gamma,
                  const float* mean, const float* var, float* dx, float* dgamma, float* dbeta) {
  const int C = s.channels;
  const float alpha = s.alpha;
  std::vector<float> invstd(C), k(C), meanDz(C), meanDzXhat(C);
  for (int c = 0; c < C; c++) invstd[c] = 1.f / std::sqrt(var[c] + s.epsilon);
  // Σ dz and Σ dz·x̂ per channel, dz being dy through the activation.
  std::vector<double> sumDz, sumDzXhat;
  channelSums(s, [&](size_t o, float* __restrict a, float* __restrict b) {
    for (int c = 0; c < C; c++) {
      const float dz = dy[o + c] * slope<Act>(alpha, y[o + c]);
      a[c] += dz;
      b[c] += dz * ((x[o + c] - mean[c]) * invstd[c]);
    }
  }, sumDz, sumDzXhat);
  const double n = double(s.rows);
  for (int c = 0; c < C; c++) {
    dbeta[c] = float(sumDz[c]);
    dgamma[c] = float(sumDzXhat[c]);
    k[c] = gamma[c] * invstd[c];
    meanDz[c] = float(sumDz[c] / n);
    meanDzXhat[c] = float(sumDzXhat[c] / n);
  }
  // dx = γ/σ · (dz − mean(dz) − x̂ · mean(dz·x̂))
  eachRow(s, [&](size_t o) {
    for (int c = 0; c < C; c++) {
      const float dz = dy[o + c] * slope<Act>(alpha, y[o + c]);
      const float xhat = (x[o + c] - mean[c]) * invstd[c];
      dx[o + c] = k[c] * (dz - meanDz[c] - xhat * meanDzXhat[c]);
    }
  });
}

}  // namespace

void forward(const Shape& s, const float* x, const float* gamma, const float* beta, float* y,
             float* mean, float* var) {
  const int C = s.channels;
  const double n = double(s.rows);
  // One pass for both moments, of x less its first row: the shift keeps Σd² − (Σd)²/n free of
  // the cancellation that Σx² − (Σx)²/n suffers for values far from zero.
  const std::vector<float> shift0(x, x + C);
  const float* k = shift0.data();
  std::vector<double> sum, sq;
  channelSums(s, [&](size_t o, float* __restrict a, float* __restrict b) {
    for (int c = 0; c < C; c++) {
      const float d = x[o + c] - k[c];
      a[c] += d;
      b[c] += d * d;
    }
  }, sum, sq);
  std::vector<float> scale(C), shift(C);
  for (int c = 0; c < C; c++) {
    const double meanD = sum[c] / n;
    mean[c] = float(k[c] + meanD);
    var[c] = float(std::max(0.0, sq[c] / n - meanD * meanD));
    scale[c] = gamma[c] / std::sqrt(var[c] + s.epsilon);
    shift[c] = beta[c] - mean[c] * scale[c];
  }
  switch (s.activation) {
    case epilogue::Relu:
      return applyNorm<epilogue::Relu>(s, x, scale.data(), shift.data(), y);
    case epilogue::LeakyRelu:
      return applyNorm<epilogue::LeakyRelu>(s, x, scale.data(), shift.data(), y);
    default:
      return applyNorm<epilogue::Linear>(s, x, scale.data(), shift.data(), y);
  }
}

void backward(const Shape& s, const float* dy, const float* x, const float* y, const float* gamma,
              const float* mean, const float* var, float* dx, float* dgamma, float* dbeta) {
  switch (s.activation) {
    case epilogue::Relu:
      return backwardWith<epilogue::Relu>(s, dy, x, y, gamma, mean, var, dx, dgamma, dbeta);
    case epilogue::LeakyRelu:
      return backwardWith<epilogue::LeakyRelu>(s, dy, x, y, gamma, mean, var, dx, dgamma, dbeta);
    default:
      return backwardWith<epilogue::Linear>(s, dy, x, y, gamma, mean, var, dx, dgamma, dbeta);
  }
}

void columnSums(const float* x, size_t rows, int columns, float* out) {
  const Shape s{rows, columns, 0.f, epilogue::Linear, 0.f};
  std::vector<double> sum, unused;
  channelSums(s, [&](size_t o, float* __restrict a, float*) {
    for (int c = 0; c < columns; c++) a[c] += x[o + c];
  }, sum, unused);
  for (int c = 0; c < columns; c++) out[c] = float(sum[c]);
}

}  // namespace norm
