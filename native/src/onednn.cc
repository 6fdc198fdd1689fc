#include "onednn.h"

#if ONEDNN_HEADERS
#include <mutex>
#include <vector>

#include "onednn-api.h"
#include "onednn-plan.h"

namespace onednn {
namespace {

using api::fn;
using api::Prop;
using plan::Arg;
using plan::Buffer;
using plan::Plan;
using plan::Primitive;

std::atomic<bool> enabled{true};
std::mutex lock;  // the plans' cache and the buffers below; two JS threads may train at once

// Forward and backward-data: (input side, weights) → output side, a chunk of images at a time.
bool weightsPass(Prop prop, const conv::Geom& g, const float* in, const float* w, double key, float* out) {
  if (!ready()) return false;
  std::lock_guard<std::mutex> guard(lock);
  api::threadInit();
  Plan plan{};
  if (!plan::planFor(prop, g, &plan)) return false;
  const float* wFull = plan::weightsFor(plan.full, w, key);
  const bool sameLayout = plan.sameWeightsLayout();
  const float* wLast = sameLayout ? wFull : plan::weightsFor(plan.last, w, key);
  if (wFull == nullptr || wLast == nullptr) return false;
  const bool forward = prop == Prop::Forward;
  const size_t inImage = forward ? size_t(g.h) * g.w * g.ci : size_t(g.oh) * g.ow * g.co;
  const size_t outImage = forward ? size_t(g.oh) * g.ow * g.co : size_t(g.h) * g.w * g.ci;
  return plan::eachChunk(plan, [&](int chunk, int slot) {
    const Primitive* p = plan.of(chunk);
    const size_t b0 = size_t(chunk) * plan.ch.step;
    const Arg args[] = {
        {forward ? DNNL_ARG_SRC : DNNL_ARG_DIFF_DST, forward ? p->a : p->b, in + b0 * inImage},
        {DNNL_ARG_WEIGHTS, p->w, p == plan.full ? wFull : wLast},
        {forward ? DNNL_ARG_DST : DNNL_ARG_DIFF_SRC, forward ? p->b : p->a, out + b0 * outImage},
        {DNNL_ARG_SCRATCHPAD, p->scratch, plan::scratchFor(slot, p->scratchBytes)},
    };
    return plan::execute(p->prim, args, p->scratchBytes ? 4 : 3);
  });
}

}  // namespace

bool compiled() { return true; }
std::string candidates() {
  const std::string major = std::to_string(DNNL_VERSION_MAJOR);
  return "libdnnl.so." + major + ":libdnnl." + major + ".dylib";
}
std::string open(const std::string& names) { return api::open(names); }
bool ready() { return api::ready() && enabled; }
void use(bool on) { enabled = on; }

std::string describe() {
  if (!api::ready()) return "";
  std::lock_guard<std::mutex> guard(lock);
  const std::string& impl = plan::lastImplementation();
  return "oneDNN " + api::version() + (impl.empty() ? "" : " (" + impl + ")");
}

bool forward(const conv::Geom& g, const float* x, const float* w, double key, float* y) {
  return weightsPass(Prop::Forward, g, x, w, key, y);
}

bool backpropInput(const conv::Geom& g, const float* dy, const float* w, double key, float* dx) {
  return weightsPass(Prop::BackwardData, g, dy, w, key, dx);
}

bool backpropFilter(const conv::Geom& g, const float* x, const float* dy, float* dw) {
  if (!ready()) return false;
  std::lock_guard<std::mutex> guard(lock);
  api::threadInit();
  Plan plan{};
  if (!plan::planFor(Prop::BackwardWeights, g, &plan)) return false;
  // Each chunk's gradient lands in its own partial; they are added in chunk order below, so
  // which thread ran which chunk changes nothing.
  static std::vector<Buffer> partials, userPartials;
  static Buffer sum;
  const int count = plan.ch.count;
  if (int(partials.size()) < count) partials.resize(count), userPartials.resize(count);
  const size_t inImage = size_t(g.h) * g.w * g.ci, outImage = size_t(g.oh) * g.ow * g.co;
  const bool ok = plan::eachChunk(plan, [&](int chunk, int slot) {
    const Primitive* p = plan.of(chunk);
    const size_t b0 = size_t(chunk) * plan.ch.step;
    const Arg args[] = {
        {DNNL_ARG_SRC, p->a, x + b0 * inImage},
        {DNNL_ARG_DIFF_DST, p->b, dy + b0 * outImage},
        {DNNL_ARG_DIFF_WEIGHTS, p->w, partials[chunk].get(p->wBytes)},
        {DNNL_ARG_SCRATCHPAD, p->scratch, plan::scratchFor(slot, p->scratchBytes)},
    };
    return plan::execute(p->prim, args, p->scratchBytes ? 4 : 3);
  });
  if (!ok) return false;
  // Partials in one layout are added there and reordered once; otherwise each is reordered to
  // [kh, kw, ci, co] first.
  const bool sameLayout = plan.sameWeightsLayout();
  std::vector<const float*> parts(count);
  size_t floats = plan.full->wBytes / sizeof(float);
  for (int c = 0; c < count; c++) {
    const Primitive* p = plan.of(c);
    parts[c] = partials[c].get(p->wBytes);
    if (sameLayout || p->reorder == nullptr) continue;
    float* converted = userPartials[c].get(g.filterSize() * sizeof(float));
    const Arg args[] = {{DNNL_ARG_FROM, p->w, parts[c]}, {DNNL_ARG_TO, p->user->get(), converted}};
    if (!plan::execute(p->reorder, args, 2)) return false;
    parts[c] = converted;
  }
  if (!sameLayout) floats = g.filterSize();
  const bool reorderSum = sameLayout && plan.full->reorder != nullptr;
  float* total = reorderSum ? sum.get(plan.full->wBytes) : dw;
  parallel::forRanges(floats, size_t(1) << 14, [&](int, size_t begin, size_t end) {
    for (size_t i = begin; i < end; i++) {
      float s = parts[0][i];
      for (int c = 1; c < count; c++) s += parts[c][i];
      total[i] = s;
    }
  });
  if (!reorderSum) return true;
  const Arg args[] = {{DNNL_ARG_FROM, plan.full->w, total}, {DNNL_ARG_TO, plan.full->user->get(), dw}};
  return plan::execute(plan.full->reorder, args, 2);
}

}  // namespace onednn

#else  // !ONEDNN_HEADERS

namespace onednn {
bool compiled() { return false; }
std::string candidates() { return ""; }
std::string open(const std::string&) {
  return "this build has no oneDNN: its headers (oneapi/dnnl/dnnl.h) were missing or did not compile";
}
bool ready() { return false; }
void use(bool) {}
std::string describe() { return ""; }
bool forward(const conv::Geom&, const float*, const float*, double, float*) { return false; }
bool backpropInput(const conv::Geom&, const float*, const float*, double, float*) { return false; }
bool backpropFilter(const conv::Geom&, const float*, const float*, float*) { return false; }
}  // namespace onednn

#endif
