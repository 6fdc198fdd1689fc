// The machine's arithmetic peak as this build can reach it, measured: what `npm run bench
// -- --profile` holds each convolution's GFLOP/s against.
#pragma once

namespace peak {

// Every pool thread (parallel.h) runs independent fused multiply-adds on registers, in this
// build's widest vectors, for about `ms` milliseconds; returns the total rate in GFLOP/s (a
// multiply-add counts 2).
double gflops(double ms);

}  // namespace peak
