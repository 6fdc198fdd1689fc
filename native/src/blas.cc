#include "blas.h"

#include <dlfcn.h>

namespace blas {
namespace {

using SgemmFn = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int,
                         float, float*, int);
using SetThreadsFn = void (*)(int);
using GetThreadsFn = int (*)();
using GetConfigFn = char* (*)();

SgemmFn sgemm_fn = nullptr;
GetThreadsFn get_threads_fn = nullptr;
GetConfigFn get_config_fn = nullptr;
std::string opened;

}  // namespace

std::string open(const std::string& candidates, int threads) {
  if (sgemm_fn != nullptr) return "";
  std::string why;
  size_t start = 0;
  while (start <= candidates.size()) {
    size_t end = candidates.find(':', start);
    if (end == std::string::npos) end = candidates.size();
    std::string name = candidates.substr(start, end - start);
    start = end + 1;
    if (name.empty()) continue;
    // RTLD_LOCAL: its symbols must not stand in for those of anything else in the process.
    void* lib = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* err = dlerror();
      why += (why.empty() ? "" : "; ") + std::string(err ? err : name.c_str());
      continue;
    }
    auto gemm = reinterpret_cast<SgemmFn>(dlsym(lib, "cblas_sgemm"));
    if (gemm == nullptr) {
      why += (why.empty() ? "" : "; ") + name + " has no cblas_sgemm";
      dlclose(lib);
      continue;
    }
    auto set_threads = reinterpret_cast<SetThreadsFn>(dlsym(lib, "openblas_set_num_threads"));
    if (set_threads != nullptr && threads > 0) set_threads(threads);
    get_threads_fn = reinterpret_cast<GetThreadsFn>(dlsym(lib, "openblas_get_num_threads"));
    get_config_fn = reinterpret_cast<GetConfigFn>(dlsym(lib, "openblas_get_config"));
    sgemm_fn = gemm;
    opened = name;
    return "";
  }
  return why.empty() ? "no BLAS library named" : why;
}

bool ready() { return sgemm_fn != nullptr; }
const std::string& library() { return opened; }
std::string config() { return get_config_fn ? std::string(get_config_fn()) : std::string(); }
int threads() { return get_threads_fn ? get_threads_fn() : 1; }

void sgemm(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda,
           const float* B, int ldb, float beta, float* C, int ldc) {
  sgemm_fn(RowMajor, transA ? Transpose : NoTrans, transB ? Transpose : NoTrans, M, N, K, alpha,
           A, lda, B, ldb, beta, C, ldc);
}

}  // namespace blas
