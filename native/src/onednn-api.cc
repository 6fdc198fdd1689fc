#include "onednn.h"

#if ONEDNN_HEADERS
#include "onednn-api.h"
#include "candidates.h"

#include <dlfcn.h>

namespace onednn {
namespace api {

Functions fn;

namespace {

using SetThreadsFn = void (*)(int);
using SetDynamicFn = void (*)(int);

dnnl_engine_t cpu = nullptr;
SetThreadsFn ompSetThreads = nullptr;
SetDynamicFn ompSetDynamic = nullptr;
std::string opened;

std::string why(const std::string& name, const std::string& what) { return name + " " + what; }

std::string tryOpen(const std::string& name) {
  // RTLD_LOCAL: its symbols (and its OpenMP's) must not stand in for anything else's.
  void* lib = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* err = dlerror();
    return err ? err : name;
  }
  Functions found;
  std::string missing;
#define ONEDNN_RESOLVE(f)                                                   \
  found.f = reinterpret_cast<decltype(found.f)>(dlsym(lib, #f));            \
  if (found.f == nullptr && missing.empty()) missing = #f;
  ONEDNN_COMMON(ONEDNN_RESOLVE)
  ONEDNN_VERSIONED(ONEDNN_RESOLVE)
#undef ONEDNN_RESOLVE
  if (!missing.empty()) {
    dlclose(lib);
    return why(name, "has no " + missing);
  }
  const dnnl_version_t* v = found.dnnl_version();
  if (v->major != DNNL_VERSION_MAJOR) {
    dlclose(lib);
    return why(name, "is oneDNN " + std::to_string(v->major) + ".x, built for " + std::to_string(DNNL_VERSION_MAJOR) + ".x");
  }
  // A library handle's dlsym also searches what it loaded: its OpenMP runtime.
  auto setThreads = reinterpret_cast<SetThreadsFn>(dlsym(lib, "omp_set_num_threads"));
  const bool sequential = v->cpu_runtime == DNNL_RUNTIME_SEQ;
  if (!sequential && (v->cpu_runtime != DNNL_RUNTIME_OMP || setThreads == nullptr)) {
    dlclose(lib);
    return why(name, "threads with a runtime other than OpenMP, which cannot be held to our pool's threads");
  }
  dnnl_engine_t engine = nullptr;
  if (found.dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) {
    dlclose(lib);
    return why(name, "made no CPU engine");
  }
  fn = found;
  cpu = engine;
  ompSetThreads = sequential ? nullptr : setThreads;
  ompSetDynamic = sequential ? nullptr : reinterpret_cast<SetDynamicFn>(dlsym(lib, "omp_set_dynamic"));
  opened = std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
  return "";
}

}  // namespace

std::string open(const std::string& candidates) {
  if (cpu != nullptr) return "";
  std::string reasons;
  for (const std::string& name : libraryCandidates(candidates)) {
    const std::string reason = tryOpen(name);
    if (reason.empty()) return "";
    reasons += (reasons.empty() ? "" : "; ") + reason;
  }
  return reasons.empty() ? "no oneDNN library named" : reasons;
}

bool ready() { return cpu != nullptr; }
dnnl_engine_t engine() { return cpu; }
std::string version() { return opened; }

void threadInit() {
  thread_local bool done = false;
  if (done) return;
  done = true;
  if (ompSetDynamic != nullptr) ompSetDynamic(0);
  if (ompSetThreads != nullptr) ompSetThreads(1);
}

#if DNNL_VERSION_MAJOR >= 3

Md::Md(int64_t a, int64_t b, int64_t c, int64_t d, dnnl_format_tag_t tag) {
  const dnnl_dims_t dims = {a, b, c, d};
  ok_ = fn.dnnl_memory_desc_create_with_tag(&md_, 4, dims, dnnl_f32, tag) == dnnl_success;
}
Md::~Md() {
  if (md_ != nullptr) fn.dnnl_memory_desc_destroy(md_);
}
MdRef Md::get() const { return md_; }

dnnl_primitive_desc_t convolution(Prop prop, const Md& a, const Md& w, const Md& b, const ConvShape& s,
                                  const_dnnl_primitive_attr_t attr, const_dnnl_primitive_desc_t hint) {
  dnnl_primitive_desc_t pd = nullptr;
  dnnl_status_t status = dnnl_unimplemented;
  const auto alg = dnnl_convolution_direct;
  switch (prop) {
    case Prop::Forward:
      status = fn.dnnl_convolution_forward_primitive_desc_create(&pd, cpu, dnnl_forward_training, alg, a.get(), w.get(),
                                                                 nullptr, b.get(), s.strides, s.dilates, s.padL, s.padR, attr);
      break;
    case Prop::BackwardData:
      status = fn.dnnl_convolution_backward_data_primitive_desc_create(&pd, cpu, alg, a.get(), w.get(), b.get(), s.strides,
                                                                       s.dilates, s.padL, s.padR, hint, attr);
      break;
    case Prop::BackwardWeights:
      status = fn.dnnl_convolution_backward_weights_primitive_desc_create(&pd, cpu, alg, a.get(), w.get(), nullptr, b.get(),
                                                                          s.strides, s.dilates, s.padL, s.padR, hint, attr);
      break;
  }
  return status == dnnl_success ? pd : nullptr;
}

#else

Md::Md(int64_t a, int64_t b, int64_t c, int64_t d, dnnl_format_tag_t tag) {
  const dnnl_dims_t dims = {a, b, c, d};
  ok_ = fn.dnnl_memory_desc_init_by_tag(&md_, 4, dims, dnnl_f32, tag) == dnnl_success;
}
Md::~Md() = default;
MdRef Md::get() const { return &md_; }

dnnl_primitive_desc_t convolution(Prop prop, const Md& a, const Md& w, const Md& b, const ConvShape& s,
                                  const_dnnl_primitive_attr_t attr, const_dnnl_primitive_desc_t hint) {
  dnnl_convolution_desc_t desc{};
  dnnl_status_t status = dnnl_unimplemented;
  const auto alg = dnnl_convolution_direct;
  switch (prop) {
    case Prop::Forward:
      status = fn.dnnl_dilated_convolution_forward_desc_init(&desc, dnnl_forward_training, alg, a.get(), w.get(), nullptr,
                                                             b.get(), s.strides, s.dilates, s.padL, s.padR);
      break;
    case Prop::BackwardData:
      status = fn.dnnl_dilated_convolution_backward_data_desc_init(&desc, alg, a.get(), w.get(), b.get(), s.strides,
                                                                   s.dilates, s.padL, s.padR);
      break;
    case Prop::BackwardWeights:
      status = fn.dnnl_dilated_convolution_backward_weights_desc_init(&desc, alg, a.get(), w.get(), nullptr, b.get(),
                                                                      s.strides, s.dilates, s.padL, s.padR);
      break;
  }
  if (status != dnnl_success) return nullptr;
  dnnl_primitive_desc_t pd = nullptr;
  const bool forward = prop == Prop::Forward;
  if (fn.dnnl_primitive_desc_create(&pd, &desc, attr, cpu, forward ? nullptr : hint) != dnnl_success) return nullptr;
  return pd;
}

#endif

}  // namespace api
}  // namespace onednn

#endif  // ONEDNN_HEADERS
