// One Adam update of a parameter and its moments in a single pass: what engine/adam.ts does with
// a dozen tensor ops (each a trip through memory and through tfjs's bookkeeping) per parameter.
#pragma once
#include <cstddef>

namespace adam {

struct Rates {
  float beta1, keep1;  // keep1 = 1 − beta1, as the tensor ops take it (rounded to float once)
  float beta2, keep2;
  float epsilon;
  float alpha;  // the bias-corrected step size
};

// m' = β1·m + (1−β1)·g;  v' = β2·v + (1−β2)·g²;  p' = p − α·m' / (√v' + ε), over n values.
// The outputs may be the inputs themselves.
void step(const float* p, const float* m, const float* v, const float* g, float* pOut, float* mOut, float* vOut,
          size_t n, const Rates& r);

}  // namespace adam
