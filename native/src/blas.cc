#include "blas.h"
#include "candidates.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>

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

// OpenBLAS picks its kernels by CPU model when it loads, and one that does not know the CPU
// (0.3.21 on Sapphire Rapids and later) falls back to its SSE3 kernels, several times slower.
// The kernels to ask for instead where the CPU has AVX2 and FMA, or nullptr where it is fine.
const char* betterCore(void* lib) {
#if defined(__x86_64__) || defined(__i386__)
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr) return nullptr;  // the user chose
  auto corename = reinterpret_cast<GetConfigFn>(dlsym(lib, "openblas_get_corename"));
  const char* core = corename ? corename() : nullptr;
  if (core == nullptr || !__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return nullptr;
  const char* old[] = {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai", "Coppermine", "Northwood", "Banias"};
  bool fallback = false;
  for (const char* name : old) fallback = fallback || strcasecmp(core, name) == 0;
  if (!fallback) return nullptr;
  const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
  return avx512 ? "SkylakeX" : "Haswell";
#else
  (void)lib;
  return nullptr;
#endif
}

// Opens `name` again with OPENBLAS_CORETYPE set to `core`, for the load only.
void* reopenAs(void* lib, const std::string& name, const char* core) {
  dlclose(lib);
  setenv("OPENBLAS_CORETYPE", core, 0);
  void* again = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  unsetenv("OPENBLAS_CORETYPE");
  return again;
}

}  // namespace

std::string open(const std::string& candidates, int threads) {
  if (sgemm_fn != nullptr) return "";
  std::string why;
  for (const std::string& name : libraryCandidates(candidates)) {
    // RTLD_LOCAL: its symbols must not stand in for those of anything else in the process.
    void* lib = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (lib != nullptr) {
      if (const char* core = betterCore(lib)) lib = reopenAs(lib, name, core);
    }
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
