#include "conv.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <vector>

#include "blas.h"
#include "parallel.h"

namespace conv {
namespace {

// A chunk's patch matrix stays under this (16 MB): it bounds each thread's scratch memory.
constexpr size_t kChunkFloats = size_t(1) << 22;
// Below this many rows an sgemm runs well short of peak; chunks are not made smaller.
constexpr int kMinRows = 256;
// Chunks per thread, so that a thread the OS pauses leaves little for the others to wait on.
constexpr int kChunksPerThread = 3;

// One scratch buffer per thread (pool helpers, and whichever JS thread calls in).
float* scratch(size_t floats) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < floats) buffer.resize(floats);
  return buffer.data();
}

int patchSize(const Geom& g) { return g.kh * g.kw * g.ci; }

// The patch matrix is x itself: a 1×1 stride-1 conv without padding.
bool pointwise(const Geom& g) {
  return g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.top == 0 && g.left == 0 &&
         g.oh == g.h && g.ow == g.w;
}

int imagesPerChunk(const Geom& g) {
  const int pixels = g.oh * g.ow;
  const size_t perImage = size_t(pixels) * patchSize(g);
  const int byCache = int(std::max<size_t>(1, kChunkFloats / std::max<size_t>(perImage, 1)));
  const int byRows = (kMinRows + pixels - 1) / pixels;
  const int byBalance = (g.n + parallel::threads() * kChunksPerThread - 1) / (parallel::threads() * kChunksPerThread);
  return std::max(1, std::min({g.n, byCache, std::max(byRows, byBalance)}));
}

// Calls fn(b0, nb, slot) for consecutive chunks of images, in parallel.
template <typename Fn>
void eachChunk(const Geom& g, Fn fn) {
  const int step = imagesPerChunk(g);
  const int chunks = (g.n + step - 1) / step;
  parallel::forEach(chunks, [&](int chunk, int slot) {
    const int b0 = chunk * step;
    fn(b0, std::min(step, g.n - b0), slot);
  });
}

// Rows (b, i, j) of the patch matrix for images [b0, b0 + nb): each row is the window
// [kh, kw, ci] under output pixel (i, j), zero where it hangs over the padding.
void im2col(const Geom& g, const float* x, int b0, int nb, float* cols) {
  const size_t rowFloats = size_t(g.kw) * g.ci;
  float* out = cols;
  for (int b = b0; b < b0 + nb; b++) {
    const float* img = x + size_t(b) * g.h * g.w * g.ci;
    for (int i = 0; i < g.oh; i++) {
      for (int j = 0; j < g.ow; j++) {
        const int x0 = j * g.sw - g.left;
        const bool rowInside = g.dw == 1 && x0 >= 0 && x0 + g.kw <= g.w;
        for (int p = 0; p < g.kh; p++) {
          const int y = i * g.sh - g.top + p * g.dh;
          if (y < 0 || y >= g.h) {
            std::memset(out, 0, rowFloats * sizeof(float));
          } else if (rowInside) {
            std::memcpy(out, img + (size_t(y) * g.w + x0) * g.ci, rowFloats * sizeof(float));
          } else {
            for (int q = 0; q < g.kw; q++) {
              const int xx = x0 + q * g.dw;
              float* dst = out + size_t(q) * g.ci;
              if (xx < 0 || xx >= g.w) std::memset(dst, 0, g.ci * sizeof(float));
              else std::memcpy(dst, img + (size_t(y) * g.w + xx) * g.ci, g.ci * sizeof(float));
            }
          }
          out += rowFloats;
        }
      }
    }
  }
}

// The adjoint of im2col: adds every patch row back onto the pixels it was read from. `dx`
// points at image b0 and must hold zeros (or what is to be added to).
void col2im(const Geom& g, const float* cols, int nb, float* dx) {
  const float* in = cols;
  for (int b = 0; b < nb; b++) {
    float* img = dx + size_t(b) * g.h * g.w * g.ci;
    for (int i = 0; i < g.oh; i++) {
      for (int j = 0; j < g.ow; j++) {
        const int x0 = j * g.sw - g.left;
        for (int p = 0; p < g.kh; p++) {
          const int y = i * g.sh - g.top + p * g.dh;
          if (y < 0 || y >= g.h) {
            in += size_t(g.kw) * g.ci;
            continue;
          }
          for (int q = 0; q < g.kw; q++, in += g.ci) {
            const int xx = x0 + q * g.dw;
            if (xx < 0 || xx >= g.w) continue;
            float* dst = img + (size_t(y) * g.w + xx) * g.ci;
            for (int c = 0; c < g.ci; c++) dst[c] += in[c];
          }
        }
      }
    }
  }
}

// The [nb·oh·ow, K] patch matrix of images b0 … b0+nb−1: x itself when the conv is pointwise (its
// patches are its pixels), else im2col into this thread's scratch buffer.
const float* patches(const Geom& g, const float* x, int b0, int nb, bool direct) {
  const size_t offset = size_t(b0) * g.oh * g.ow * patchSize(g);
  if (direct) return x + offset;
  float* buf = scratch(size_t(nb) * g.oh * g.ow * patchSize(g));
  im2col(g, x, b0, nb, buf);
  return buf;
}

}  // namespace

bool Geom::valid() const {
  return n > 0 && h > 0 && w > 0 && ci > 0 && oh > 0 && ow > 0 && co > 0 && kh > 0 && kw > 0 &&
         sh > 0 && sw > 0 && dh > 0 && dw > 0 && top >= 0 && left >= 0;
}

void forward(const Geom& g, const float* x, const float* w, float* y) {
  const int K = patchSize(g);
  const int pixels = g.oh * g.ow;
  const bool direct = pointwise(g);
  eachChunk(g, [&](int b0, int nb, int) {
    const int rows = nb * pixels;
    const float* cols = patches(g, x, b0, nb, direct);
    blas::sgemm(false, false, rows, g.co, K, 1.f, cols, K, w, g.co, 0.f, y + size_t(b0) * pixels * g.co, g.co);
  });
}

void backpropInput(const Geom& g, const float* dy, const float* w, float* dx) {
  const int K = patchSize(g);
  const int pixels = g.oh * g.ow;
  const size_t imageFloats = size_t(g.h) * g.w * g.ci;
  const bool direct = pointwise(g);
  eachChunk(g, [&](int b0, int nb, int) {
    const int rows = nb * pixels;
    const float* dyChunk = dy + size_t(b0) * pixels * g.co;
    float* dxChunk = dx + size_t(b0) * imageFloats;
    if (direct) {
      blas::sgemm(false, true, rows, K, g.co, 1.f, dyChunk, g.co, w, g.co, 0.f, dxChunk, K);
      return;
    }
    // Patch-space gradient [rows, K] = dy [rows, co] · wᵀ, then folded back onto the pixels.
    float* cols = scratch(size_t(rows) * K);
    blas::sgemm(false, true, rows, K, g.co, 1.f, dyChunk, g.co, w, g.co, 0.f, cols, K);
    std::memset(dxChunk, 0, nb * imageFloats * sizeof(float));
    col2im(g, cols, nb, dxChunk);
  });
}

void backpropFilter(const Geom& g, const float* x, const float* dy, float* dw) {
  const int K = patchSize(g);
  const int pixels = g.oh * g.ow;
  const size_t size = g.filterSize();
  const bool direct = pointwise(g);
  const int step = imagesPerChunk(g);
  const int chunks = (g.n + step - 1) / step;
  // The chunks fall into fixed groups, each summed in order into its own partial dw, and the
  // partials are added in group order: which thread runs which group then changes nothing, so
  // the gradient is the same to the bit from run to run (a resumed run repeats an unbroken one
  // exactly). Per-thread partials summed whatever chunks a thread happened to claim, which
  // moved the last bits with the timing. Up to kChunksPerThread groups a thread keep the
  // balance of single chunks where a thread is descheduled.
  const int groups = std::min(chunks, parallel::threads() * kChunksPerThread);
  static std::mutex partialsLock;  // two JS threads may train at once
  std::lock_guard<std::mutex> guard(partialsLock);
  static std::vector<std::vector<float>> partials;
  if (int(partials.size()) < groups) partials.resize(groups);
  parallel::forEach(groups, [&](int group, int) {
    const int first = int(int64_t(chunks) * group / groups);
    const int last = int(int64_t(chunks) * (group + 1) / groups);
    std::vector<float>& part = partials[group];
    if (part.size() < size) part.resize(size);
    for (int chunk = first; chunk < last; chunk++) {
      const int b0 = chunk * step;
      const int nb = std::min(step, g.n - b0);
      const int rows = nb * pixels;
      const float* cols = patches(g, x, b0, nb, direct);
      // partial [K, co] (+)= patchesᵀ · dy over this chunk's rows.
      blas::sgemm(true, false, K, g.co, rows, 1.f, cols, K, dy + size_t(b0) * pixels * g.co, g.co,
                  chunk == first ? 0.f : 1.f, part.data(), g.co);
    }
  });
  parallel::forRanges(size, kMinRows * 64, [&](int, size_t begin, size_t end) {
    for (size_t i = begin; i < end; i++) {
      float sum = partials[0][i];
      for (int group = 1; group < groups; group++) sum += partials[group][i];
      dw[i] = sum;
    }
  });
}

}  // namespace conv
