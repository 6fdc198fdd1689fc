#include "onednn.h"

#if ONEDNN_HEADERS
#include "onednn-plan.h"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

namespace onednn {
namespace plan {
namespace {

using api::fn;
using api::Md;

// Chunks per thread at most, so that a thread the OS pauses leaves little for the others.
constexpr int kChunksPerThread = 3;

using Key = std::array<int, 16>;
std::map<Key, std::unique_ptr<Primitive>> cache;  // null: oneDNN declined that one
std::string lastImpl;

dnnl_stream_t stream() {
  struct Holder {
    dnnl_stream_t s = nullptr;
    ~Holder() {
      if (s != nullptr) fn.dnnl_stream_destroy(s);
    }
  };
  thread_local Holder holder;
  if (holder.s == nullptr) fn.dnnl_stream_create(&holder.s, api::engine(), dnnl_stream_default_flags);
  return holder.s;
}

// oneDNN's strides, dilations (0: none) and padding for g; false when its output-size formula
// would not give g's output.
bool shapeOf(const conv::Geom& g, api::ConvShape* s) {
  const int64_t kh = int64_t(g.kh - 1) * g.dh + 1, kw = int64_t(g.kw - 1) * g.dw + 1;
  // Rows and columns past the last window are never read: a pad of 0 there gives the same size.
  const int64_t bottom = std::max<int64_t>(0, int64_t(g.oh - 1) * g.sh + kh - g.h - g.top);
  const int64_t right = std::max<int64_t>(0, int64_t(g.ow - 1) * g.sw + kw - g.w - g.left);
  if ((g.h + g.top + bottom - kh) / g.sh + 1 != g.oh || (g.w + g.left + right - kw) / g.sw + 1 != g.ow) return false;
  const int64_t values[4][2] = {{g.sh, g.sw}, {g.dh - 1, g.dw - 1}, {g.top, g.left}, {bottom, right}};
  int64_t* out[4] = {s->strides, s->dilates, s->padL, s->padR};
  for (int i = 0; i < 4; i++) {
    out[i][0] = values[i][0];
    out[i][1] = values[i][1];
  }
  return true;
}

MdRef query(dnnl_primitive_desc_t pd, dnnl_query_t what) { return fn.dnnl_primitive_desc_query_md(pd, what, 0); }

void destroy(Primitive* p) {
  if (p->reorder) fn.dnnl_primitive_destroy(p->reorder);
  if (p->reorderPd) fn.dnnl_primitive_desc_destroy(p->reorderPd);
  if (p->prim) fn.dnnl_primitive_destroy(p->prim);
  if (p->pd) fn.dnnl_primitive_desc_destroy(p->pd);
}

std::unique_ptr<Primitive> build(Prop prop, const conv::Geom& g) {
  api::ConvShape s{};
  if (!shapeOf(g, &s)) return nullptr;
  // Activations stay NHWC, as the wasm heap holds them; the weights take whatever layout oneDNN
  // picks (its fast kernels want their own blocking, and fall back to a slow path on hwio).
  const Md src(g.n, g.ci, g.h, g.w, dnnl_nhwc), dst(g.n, g.co, g.oh, g.ow, dnnl_nhwc);
  const Md any(g.co, g.ci, g.kh, g.kw, dnnl_format_tag_any);
  auto user = std::make_unique<Md>(g.co, g.ci, g.kh, g.kw, dnnl_hwio);
  if (!src.ok() || !dst.ok() || !any.ok() || !user->ok()) return nullptr;
  dnnl_primitive_attr_t attr = nullptr;
  if (fn.dnnl_primitive_attr_create(&attr) != dnnl_success) return nullptr;
  fn.dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user);
  dnnl_primitive_desc_t forward = api::convolution(Prop::Forward, src, any, dst, s, attr, nullptr);
  dnnl_primitive_desc_t pd = forward;
  if (forward != nullptr && prop != Prop::Forward) {
    pd = api::convolution(prop, src, any, dst, s, attr, forward);
    fn.dnnl_primitive_desc_destroy(forward);
  }
  fn.dnnl_primitive_attr_destroy(attr);
  if (pd == nullptr) return nullptr;
  auto p = std::make_unique<Primitive>();
  p->pd = pd;
  p->user = std::move(user);
  const bool weightsGrad = prop == Prop::BackwardWeights;
  p->a = query(pd, prop == Prop::BackwardData ? dnnl_query_diff_src_md : dnnl_query_src_md);
  p->w = query(pd, weightsGrad ? dnnl_query_diff_weights_md : dnnl_query_weights_md);
  p->b = query(pd, prop == Prop::Forward ? dnnl_query_dst_md : dnnl_query_diff_dst_md);
  p->scratch = query(pd, dnnl_query_scratchpad_md);
  p->wBytes = fn.dnnl_memory_desc_get_size(p->w);
  p->scratchBytes = p->scratch ? fn.dnnl_memory_desc_get_size(p->scratch) : 0;
  const char* impl = nullptr;
  if (fn.dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl) == dnnl_success && impl) p->impl = impl;
  bool ok = fn.dnnl_primitive_create(&p->prim, pd) == dnnl_success;
  if (ok && !fn.dnnl_memory_desc_equal(p->w, p->user->get())) {
    MdRef from = weightsGrad ? p->w : p->user->get(), to = weightsGrad ? p->user->get() : p->w;
    ok = fn.dnnl_reorder_primitive_desc_create(&p->reorderPd, from, api::engine(), to, api::engine(), nullptr) == dnnl_success &&
         fn.dnnl_primitive_create(&p->reorder, p->reorderPd) == dnnl_success;
  }
  if (!ok) {
    destroy(p.get());
    return nullptr;
  }
  return p;
}

// The cached primitive for `prop` on g's geometry with `images` images; null when oneDNN declines.
Primitive* primitiveFor(Prop prop, const conv::Geom& g, int images) {
  conv::Geom chunk = g;
  chunk.n = images;
  const Key key = {int(prop), chunk.n, g.h, g.w, g.ci, g.oh, g.ow, g.co, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.top, g.left};
  auto found = cache.find(key);
  if (found == cache.end()) found = cache.emplace(key, build(prop, chunk)).first;
  return found->second.get();
}

// Equal chunks where a count between the threads and kChunksPerThread per thread divides n (one
// primitive then serves them all), else chunks of that size and a smaller last one.
Chunks chunking(int n) {
  const int threads = parallel::threads();
  if (threads <= 1 || n <= 1) return {n, 1};
  for (int c = threads * kChunksPerThread; c >= threads; c--) {
    if (n % c == 0) return {n / c, c};
  }
  const int step = (n + threads * kChunksPerThread - 1) / (threads * kChunksPerThread);
  return {step, (n + step - 1) / step};
}

}  // namespace

bool execute(dnnl_primitive_t prim, const Arg* args, int count) {
  dnnl_exec_arg_t exec[6];
  int made = 0;
  bool ok = count <= 6;
  for (; made < count && ok; made++) {
    exec[made].arg = args[made].id;
    ok = fn.dnnl_memory_create(&exec[made].memory, args[made].md, api::engine(), const_cast<void*>(args[made].data)) == dnnl_success;
  }
  if (!ok && made > 0) made--;
  ok = ok && fn.dnnl_primitive_execute(prim, stream(), count, exec) == dnnl_success &&
       fn.dnnl_stream_wait(stream()) == dnnl_success;
  for (int i = 0; i < made; i++) fn.dnnl_memory_destroy(exec[i].memory);
  return ok;
}

bool Plan::sameWeightsLayout() const { return last == nullptr || fn.dnnl_memory_desc_equal(full->w, last->w); }

bool planFor(Prop prop, const conv::Geom& g, Plan* plan) {
  plan->ch = chunking(g.n);
  plan->full = primitiveFor(prop, g, plan->ch.step);
  const int rest = g.n - (plan->ch.count - 1) * plan->ch.step;
  plan->last = rest == plan->ch.step ? nullptr : primitiveFor(prop, g, rest);
  if (plan->full == nullptr || (rest != plan->ch.step && plan->last == nullptr)) return false;
  lastImpl = plan->full->impl;
  return true;
}

const std::string& lastImplementation() { return lastImpl; }

const float* weightsFor(Primitive* p, const float* w, double key) {
  if (p->reorder == nullptr) return w;
  float* out = p->weights.get(p->wBytes);
  // Keys are per JS thread (each numbers its own tensors), and a tensor never moves in the heap.
  const auto self = std::this_thread::get_id();
  if (key != 0 && p->held.key == key && p->held.thread == self && p->held.from == w) return out;
  p->held.key = 0;
  const Arg args[] = {{DNNL_ARG_FROM, p->user->get(), w}, {DNNL_ARG_TO, p->w, out}};
  if (!execute(p->reorder, args, 2)) return nullptr;
  p->held = {self, key, w};
  return out;
}

float* scratchFor(int slot, size_t bytes) {
  static std::vector<Buffer> slots;
  if (slots.size() < size_t(parallel::threads())) slots.resize(parallel::threads());
  return bytes == 0 ? nullptr : slots[slot].get(bytes);
}

}  // namespace plan
}  // namespace onednn

#endif  // ONEDNN_HEADERS
