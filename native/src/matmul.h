// Batched row-major products for BatchMatMul, spread over the pool by batch entry and rows.
#pragma once
#include <cstddef>

namespace matmul {

// C[i] = op(A[i]) · op(B[i]) for i < batch, C[i] [M, N]; strides in floats, 0 repeats a matrix.
void batched(bool transA, bool transB, int M, int N, int K, const float* A, size_t strideA,
             const float* B, size_t strideB, float* C, size_t strideC, int batch);

}  // namespace matmul
