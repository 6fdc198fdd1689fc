// The part of oneDNN's C API the convolutions use, resolved with dlsym from the library opened at
// run time, so the addon links nothing of oneDNN and loads where it is missing. The headers fix
// the types, which differ between majors: 2.x fills memory and op descriptors the caller owns,
// 3.x hands out opaque memory descriptors and creates primitive descriptors in one call. Only
// included where ONEDNN_HEADERS is 1 (see onednn.h).
#pragma once
#include <oneapi/dnnl/dnnl.h>

#include <string>

namespace onednn {
namespace api {

#if DNNL_VERSION_MAJOR >= 3
using MdRef = const_dnnl_memory_desc_t;
#define ONEDNN_VERSIONED(X)                                                           \
  X(dnnl_memory_desc_create_with_tag)                                                 \
  X(dnnl_memory_desc_destroy) X(dnnl_convolution_forward_primitive_desc_create)       \
  X(dnnl_convolution_backward_data_primitive_desc_create)                             \
  X(dnnl_convolution_backward_weights_primitive_desc_create)
#else
using MdRef = const dnnl_memory_desc_t*;
#define ONEDNN_VERSIONED(X)                                                                     \
  X(dnnl_memory_desc_init_by_tag)                                                               \
  X(dnnl_dilated_convolution_forward_desc_init) X(dnnl_dilated_convolution_backward_data_desc_init) \
  X(dnnl_dilated_convolution_backward_weights_desc_init) X(dnnl_primitive_desc_create)
#endif

#define ONEDNN_COMMON(X)                                                                        \
  X(dnnl_version) X(dnnl_engine_create) X(dnnl_stream_create) X(dnnl_stream_wait) X(dnnl_stream_destroy) \
  X(dnnl_primitive_attr_create) X(dnnl_primitive_attr_destroy)                                  \
  X(dnnl_primitive_attr_set_scratchpad_mode) X(dnnl_primitive_desc_destroy)                      \
  X(dnnl_primitive_desc_query) X(dnnl_primitive_desc_query_md) X(dnnl_primitive_create)          \
  X(dnnl_primitive_destroy) X(dnnl_primitive_execute) X(dnnl_reorder_primitive_desc_create)      \
  X(dnnl_memory_create) X(dnnl_memory_destroy) X(dnnl_memory_desc_equal) X(dnnl_memory_desc_get_size)

struct Functions {
#define ONEDNN_FIELD(name) decltype(&::name) name = nullptr;
  ONEDNN_COMMON(ONEDNN_FIELD)
  ONEDNN_VERSIONED(ONEDNN_FIELD)
#undef ONEDNN_FIELD
};

extern Functions fn;

// A float32 memory descriptor of the given dims (oneDNN's order: n, c, h, w or o, i, h, w) laid
// out as `tag` (format_tag_any lets the primitive choose).
class Md {
 public:
  Md(int64_t a, int64_t b, int64_t c, int64_t d, dnnl_format_tag_t tag);
  ~Md();
  Md(const Md&) = delete;
  Md& operator=(const Md&) = delete;
  MdRef get() const;
  bool ok() const { return ok_; }

 private:
#if DNNL_VERSION_MAJOR >= 3
  dnnl_memory_desc_t md_ = nullptr;
#else
  dnnl_memory_desc_t md_{};
#endif
  bool ok_ = false;
};

enum class Prop { Forward, BackwardData, BackwardWeights };

struct ConvShape {
  dnnl_dims_t strides, dilates, padL, padR;
};

// Forward: (src, weights, dst); BackwardData: (diff_src, weights, diff_dst); BackwardWeights:
// (src, diff_weights, diff_dst). hint: the forward primitive descriptor the backward ones need.
// nullptr where oneDNN has no implementation for it.
dnnl_primitive_desc_t convolution(Prop prop, const Md& a, const Md& w, const Md& b, const ConvShape& s,
                                  const_dnnl_primitive_attr_t attr, const_dnnl_primitive_desc_t hint);

// Opens the first of `candidates` (colon-separated) whose major version is the headers' and
// whose threading runtime can be held to one thread per caller. "" or why not.
std::string open(const std::string& candidates);
bool ready();
dnnl_engine_t engine();
// "2.6.3"
std::string version();

// Once per thread, before it calls oneDNN: one OpenMP thread, so that each of our pool's threads
// runs its own chunk of images with no OpenMP team of its own.
void threadInit();

}  // namespace api
}  // namespace onednn
