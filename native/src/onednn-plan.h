// How a convolution call is cut into oneDNN primitive runs: the batch in chunks of images, one
// cached primitive per chunk size, the weights reordered into the layout it chose, and a
// scratchpad per pool thread. Only included where ONEDNN_HEADERS is 1; callers hold the lock
// (onednn.cc) around everything here but execute() and scratchFor()'s buffers, which are per slot.
#pragma once
#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "conv.h"
#include "onednn-api.h"
#include "parallel.h"

namespace onednn {
namespace plan {

using api::MdRef;
using api::Prop;

// A 64-byte-aligned buffer that only grows.
class Buffer {
 public:
  Buffer() = default;
  Buffer(Buffer&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
  }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { std::free(data_); }
  float* get(size_t bytes) {
    if (bytes > size_) {
      std::free(data_);
      size_ = (bytes + 63) / 64 * 64;
      data_ = std::aligned_alloc(64, size_);
    }
    return static_cast<float*>(data_);
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

// One convolution primitive for one chunk size, with the layouts it chose.
struct Primitive {
  dnnl_primitive_desc_t pd = nullptr;
  dnnl_primitive_t prim = nullptr;
  // Owned by pd: the activations (src or diff_src), the weights (or their gradient) in oneDNN's
  // layout, the output side (dst or diff_dst), and the scratchpad.
  MdRef a = nullptr, w = nullptr, b = nullptr, scratch = nullptr;
  size_t wBytes = 0, scratchBytes = 0;
  // The caller's [kh, kw, ci, co] weights, and the reorder between them and w (none when equal):
  // into w for the forward and backward-data passes, out of w for the weights' gradient.
  std::unique_ptr<api::Md> user;
  dnnl_primitive_desc_t reorderPd = nullptr;
  dnnl_primitive_t reorder = nullptr;
  std::string impl;
  // The last weights reordered for it, and whose: a step runs the same weights through a layer
  // several times (real and generated batches, then their gradients), and reorders them once.
  Buffer weights;
  struct {
    std::thread::id thread;
    double key = 0;
    const float* from = nullptr;
  } held;
};

struct Arg {
  int id;
  MdRef md;
  const void* data;
};

// Runs prim on this thread's stream with `count` (≤ 6) arguments.
bool execute(dnnl_primitive_t prim, const Arg* args, int count);

// Consecutive chunks of `step` images, the last one possibly smaller.
struct Chunks {
  int step, count;
};

// The primitives for every chunk: `full` for chunks of ch.step images, `last` for a smaller last.
struct Plan {
  Chunks ch;
  Primitive* full;
  Primitive* last;
  Primitive* of(int chunk) const { return chunk == ch.count - 1 && last ? last : full; }
  bool sameWeightsLayout() const;
};

// false when oneDNN declines g (nothing to run); the implementation it picked is kept for describe().
bool planFor(Prop prop, const conv::Geom& g, Plan* plan);
const std::string& lastImplementation();

// The weights in p's layout: w itself, or reordered into p's buffer, unless that already holds
// the weights `key` names (a number the calling thread gives one weights tensor for its
// lifetime; 0: none); null when the reorder failed.
const float* weightsFor(Primitive* p, const float* w, double key);

// Pool slot `slot`'s scratchpad of at least `bytes`; sized for every slot before a job starts.
float* scratchFor(int slot, size_t bytes);

// Runs body(chunk, slot) → bool over the plan's chunks on the pool; false when any failed.
template <typename Fn>
bool eachChunk(const Plan& plan, Fn body) {
  scratchFor(0, 0);
  std::atomic<bool> ok{true};
  parallel::forEach(plan.ch.count, [&](int chunk, int slot) {
    api::threadInit();
    if (!body(chunk, slot)) ok = false;
  });
  return ok;
}

}  // namespace plan
}  // namespace onednn
