#include "matmul.h"

#include <algorithm>

#include "blas.h"
#include "parallel.h"

namespace matmul {
namespace {

// Products smaller than this many multiply-adds run on the calling thread: waking a helper
// costs more than it saves.
constexpr double kParallelMacs = 1 << 20;
constexpr int kMinRows = 64;

}  // namespace

void batched(bool transA, bool transB, int M, int N, int K, const float* A, size_t strideA,
             const float* B, size_t strideB, float* C, size_t strideC, int batch) {
  const int lda = transA ? M : K, ldb = transB ? K : N;
  const bool big = double(M) * N * K * batch >= kParallelMacs;
  // Rows of C per task: whole matrices when the batch alone gives every thread work.
  int rowsPerTask = M;
  if (big && batch < 2 * parallel::threads()) {
    const int split = 2 * parallel::threads();
    rowsPerTask = std::max(kMinRows, (M + split - 1) / split);
  }
  const int blocks = (M + rowsPerTask - 1) / rowsPerTask;
  auto task = [&](int t, int) {
    const int i = t / blocks, r0 = (t % blocks) * rowsPerTask, rows = std::min(rowsPerTask, M - r0);
    // Rows r0.. of op(A): rows of A, or columns of A when it is transposed.
    const float* a = A + strideA * i + (transA ? size_t(r0) : size_t(r0) * K);
    blas::sgemm(transA, transB, rows, N, K, 1.f, a, lda, B + strideB * i, ldb, 0.f,
                C + strideC * i + size_t(r0) * N, N);
  };
  if (big) parallel::forEach(batch * blocks, task);
  else for (int t = 0; t < batch * blocks; t++) task(t, 0);
}

}  // namespace matmul
