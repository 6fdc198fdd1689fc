// The convolutions on oneDNN (libdnnl), the library PyTorch and TensorFlow use on x86 CPUs, at
// several times the speed of im2col + OpenBLAS sgemm (conv.h) on the models' layers (see
// docs/performance.md): its kernels keep the weights in their own blocked layout and never build
// a patch matrix. Optional twice over:
// compiled in only where oneDNN's headers were present at build (ONEDNN_HEADERS), and used only
// where the matching library opens at run time. Every call that returns false has written
// nothing that matters, and the caller runs conv.h's kernel instead.
//
// oneDNN runs single-threaded inside our pool's tasks (parallel.h), one chunk of images each,
// like OpenBLAS: no OpenMP team waits spinning on a busy machine, and a result depends only on
// the thread count, never on which thread ran what (the filter gradient's per-chunk partials are
// summed in chunk order), so a resumed run repeats an unbroken one to the bit.
#pragma once
#include <string>

#include "conv.h"

#if !defined(ANIME_GAN_NO_ONEDNN) && __has_include(<oneapi/dnnl/dnnl.h>)
#define ONEDNN_HEADERS 1
#else
#define ONEDNN_HEADERS 0
#endif

namespace onednn {

// Whether this build can use oneDNN at all (its headers were there).
bool compiled();
// The library names that match the headers' major version, colon-separated.
std::string candidates();
// Opens the first of `candidates` that fits. "" on success, otherwise why not.
std::string open(const std::string& candidates);
// Whether the convolutions go to oneDNN: opened, and not set aside with use(false).
bool ready();
// Sets oneDNN aside (false) or back (true), so one process can hold both paths to the same values.
void use(bool on);
// "oneDNN 2.6.3", and the implementation the last convolution ran on ("brgconv:avx512_core").
std::string describe();

// As conv.h's, when oneDNN takes the geometry; false (and nothing written) when it does not.
// `key` names the weights w for their lifetime (see plan::weightsFor; 0: unnamed), so that they
// are put in oneDNN's layout once however many passes use them.
bool forward(const conv::Geom& g, const float* x, const float* w, double key, float* y);
bool backpropInput(const conv::Geom& g, const float* dy, const float* w, double key, float* dx);
bool backpropFilter(const conv::Geom& g, const float* x, const float* dy, float* dw);

}  // namespace onednn
