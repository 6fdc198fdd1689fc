#include "peak.h"

#include <atomic>
#include <chrono>

#include "parallel.h"

#if defined(__AVX512F__) || (defined(__AVX__) && defined(__FMA__))
#include <immintrin.h>
#endif

namespace peak {
namespace {

#if defined(__AVX512F__)
using Vec = __m512;
constexpr int kLanes = 16;
inline Vec splat(float x) { return _mm512_set1_ps(x); }
inline Vec madd(Vec a, Vec b, Vec c) { return _mm512_fmadd_ps(a, b, c); }
inline float first(Vec v) { return _mm512_cvtss_f32(v); }
#elif defined(__AVX__) && defined(__FMA__)
using Vec = __m256;
constexpr int kLanes = 8;
inline Vec splat(float x) { return _mm256_set1_ps(x); }
inline Vec madd(Vec a, Vec b, Vec c) { return _mm256_fmadd_ps(a, b, c); }
inline float first(Vec v) { return _mm256_cvtss_f32(v); }
#else
using Vec = float;
constexpr int kLanes = 1;
inline Vec splat(float x) { return x; }
inline Vec madd(Vec a, Vec b, Vec c) { return a * b + c; }
inline float first(Vec v) { return v; }
#endif

// Enough independent chains to cover the FMA units' latency on any current core.
constexpr int kChains = 16;
constexpr int kRounds = 1 << 14;

std::atomic<float> sink{0.f};

double seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// FMAs for about `ms`; returns how many floating-point operations ran.
double spin(double ms) {
  Vec acc[kChains];
  for (int i = 0; i < kChains; i++) acc[i] = splat(float(i) * 1e-3f);
  const Vec a = splat(0.999999f), b = splat(1e-7f);
  double rounds = 0;
  const double end = seconds() + ms / 1000;
  do {
    for (int r = 0; r < kRounds; r++) {
      for (int i = 0; i < kChains; i++) acc[i] = madd(acc[i], a, b);
    }
    rounds += kRounds;
  } while (seconds() < end);
  float keep = 0.f;
  for (int i = 0; i < kChains; i++) keep += first(acc[i]);
  sink = keep;  // the result is used, so the loop stays
  return rounds * kChains * kLanes * 2;
}

}  // namespace

double gflops(double ms) {
  const int threads = parallel::threads();
  std::atomic<double> flops{0};
  const double t0 = seconds();
  parallel::forEach(threads, [&](int, int) {
    const double f = spin(ms);
    double seen = flops.load();
    while (!flops.compare_exchange_weak(seen, seen + f)) {
    }
  });
  return flops / (seconds() - t0) / 1e9;
}

}  // namespace peak
