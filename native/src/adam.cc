#include "adam.h"

#include <cmath>

#include "parallel.h"

namespace adam {
namespace {
// Below this many values a second thread costs more than it saves.
constexpr size_t kMinValues = size_t(1) << 15;
}  // namespace

void step(const float* p, const float* m, const float* v, const float* g, float* pOut, float* mOut, float* vOut,
          size_t n, const Rates& r) {
  parallel::forRanges(n, kMinValues, [&](int, size_t begin, size_t end) {
    for (size_t i = begin; i < end; i++) {
      const float gi = g[i];
      const float mi = m[i] * r.beta1 + gi * r.keep1;
      const float vi = v[i] * r.beta2 + (gi * gi) * r.keep2;
      mOut[i] = mi;
      vOut[i] = vi;
      pOut[i] = p[i] - (mi / (std::sqrt(vi) + r.epsilon)) * r.alpha;
    }
  });
}

}  // namespace adam
