// OpenBLAS, opened at run time with dlopen so that building the addon needs no BLAS headers or
// -dev package: when the library is absent the addon still loads and says so, and the caller
// keeps its own kernels.
#pragma once
#include <string>

namespace blas {

enum Order { RowMajor = 101 };
enum Trans { NoTrans = 111, Transpose = 112 };

// Opens the first library in `candidates` (colon-separated) that has cblas_sgemm.
// Returns "" on success, otherwise why it failed.
std::string open(const std::string& candidates, int threads);

bool ready();
const std::string& library();
std::string config();
int threads();

// Row-major C[M, N] = alpha · op(A) · op(B) + beta · C.
void sgemm(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda,
           const float* B, int ldb, float beta, float* C, int ldc);

}  // namespace blas
