// The JavaScript face of the addon. Every kernel takes the ArrayBuffer it works in (the wasm
// backend's heap) and a Float64Array of byte offsets and sizes, so tensors are read and written
// where they lie, with no copies; every range is checked against the buffer first.
#include <node_api.h>

#include <string>
#include <vector>

#include "adam.h"
#include "blas.h"
#include "conv.h"
#include "epilogue.h"
#include "jpeg.h"
#include "matmul.h"
#include "parallel.h"
#include "norm.h"
#include "onednn.h"
#include "peak.h"
#include "quiet.h"

namespace {

constexpr size_t kMaxArgs = 24;

struct Call {
  char* base = nullptr;
  size_t bytes = 0;
  double args[kMaxArgs] = {};
  size_t count = 0;
};

napi_value fail(napi_env env, const std::string& message) {
  napi_throw_error(env, nullptr, message.c_str());
  return nullptr;
}

// (buffer: ArrayBuffer, args: Float64Array) → Call; false when the arguments are malformed.
bool readCall(napi_env env, napi_callback_info info, size_t minArgs, Call* call) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 2) return false;
  void* data = nullptr;
  if (napi_get_arraybuffer_info(env, argv[0], &data, &call->bytes) != napi_ok) return false;
  call->base = static_cast<char*>(data);
  napi_typedarray_type type;
  size_t length = 0;
  void* values = nullptr;
  if (napi_get_typedarray_info(env, argv[1], &type, &length, &values, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array || length < minArgs || length > kMaxArgs) {
    return false;
  }
  call->count = length;
  const double* src = static_cast<const double*>(values);
  for (size_t i = 0; i < length; i++) call->args[i] = src[i];
  return true;
}

// A float32 range [offset, offset + 4·count) inside the buffer, or nullptr.
float* range(const Call& call, double offset, size_t count) {
  if (offset < 0 || size_t(offset) % 4 != 0) return nullptr;
  const size_t start = size_t(offset);
  if (start > call.bytes || count > (call.bytes - start) / 4) return nullptr;
  return reinterpret_cast<float*>(call.base + start);
}

bool readGeom(const Call& call, size_t at, conv::Geom* g) {
  int* fields[] = {&g->n,  &g->h,  &g->w,  &g->ci, &g->oh, &g->ow,  &g->co,  &g->kh,
                   &g->kw, &g->sh, &g->sw, &g->dh, &g->dw, &g->top, &g->left};
  for (size_t i = 0; i < 15; i++) *fields[i] = int(call.args[at + i]);
  return g->valid();
}

napi_value undefinedValue(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

bool needBlas(napi_env env) {
  if (blas::ready()) return true;
  fail(env, "anime-gan-native: no BLAS library is open");
  return false;
}

// setThreads(n: number): how many threads the kernels may use, the caller's included. Once,
// before the first kernel; later calls are ignored.
napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t threads = 0;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &threads) != napi_ok) return fail(env, "setThreads(n: number)");
  parallel::setThreads(threads);
  return undefinedValue(env);
}

// open(candidates: string) → "" or why no BLAS library opened.
napi_value Open(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  char names[4096];
  size_t len = 0;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], names, sizeof names, &len) != napi_ok) {
    return fail(env, "open(candidates: string)");
  }
  napi_value out;
  // OpenBLAS runs single-threaded inside our pool's tasks (see parallel.h).
  std::string why = blas::open(std::string(names, len), 1);
  napi_create_string_utf8(env, why.c_str(), why.size(), &out);
  return out;
}

// openOneDnn(candidates: string) → "" or why oneDNN did not open; "" names the libraries that
// match the headers it was built with.
napi_value OpenOneDnn(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char names[4096];
  size_t len = 0;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], names, sizeof names, &len) != napi_ok) {
    return fail(env, "openOneDnn(candidates: string)");
  }
  const std::string why = onednn::open(len == 0 ? onednn::candidates() : std::string(names, len));
  napi_value out;
  napi_create_string_utf8(env, why.c_str(), why.size(), &out);
  return out;
}

// useOneDnn(on: boolean): the convolutions on oneDNN (when open) or on im2col + sgemm.
napi_value UseOneDnn(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool on = false;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 1 || napi_get_value_bool(env, argv[0], &on) != napi_ok) return fail(env, "useOneDnn(on: boolean)");
  onednn::use(on);
  return undefinedValue(env);
}

// peakGflops(ms: number) → the pool's measured FMA rate in GFLOP/s (see peak.h).
napi_value PeakGflops(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  double ms = 0;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 1 || napi_get_value_double(env, argv[0], &ms) != napi_ok || !(ms > 0) || ms > 10000) {
    return fail(env, "peakGflops(ms: number in (0, 10000])");
  }
  napi_value out;
  napi_create_double(env, peak::gflops(ms), &out);
  return out;
}

// info() → { library, config, threads, onednn } (onednn: "" when the convolutions are not on it)
napi_value Info(napi_env env, napi_callback_info) {
  napi_value out, lib, cfg, threads, dnn;
  napi_create_object(env, &out);
  std::string config = blas::config();
  const std::string described = onednn::ready() ? onednn::describe() : "";
  napi_create_string_utf8(env, blas::library().c_str(), blas::library().size(), &lib);
  napi_create_string_utf8(env, config.c_str(), config.size(), &cfg);
  napi_create_int32(env, parallel::threads(), &threads);
  napi_create_string_utf8(env, described.c_str(), described.size(), &dnn);
  napi_set_named_property(env, out, "library", lib);
  napi_set_named_property(env, out, "config", cfg);
  napi_set_named_property(env, out, "threads", threads);
  napi_set_named_property(env, out, "onednn", dnn);
  return out;
}

// gemm: [transA, transB, M, N, K, aOff, bOff, cOff, batch, aStride, bStride, cStride]
// C[i] = op(A[i]) · op(B[i]) for i < batch, strides in floats (0 repeats one matrix).
napi_value Gemm(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 12, &c)) return fail(env, "gemm(buffer, args[12])");
  if (!needBlas(env)) return nullptr;
  const bool ta = c.args[0] != 0, tb = c.args[1] != 0;
  const int M = int(c.args[2]), N = int(c.args[3]), K = int(c.args[4]), batch = int(c.args[8]);
  const size_t sa = size_t(c.args[9]), sb = size_t(c.args[10]), sc = size_t(c.args[11]);
  if (M <= 0 || N <= 0 || K <= 0 || batch <= 0) return fail(env, "gemm: empty product");
  const float* A = range(c, c.args[5], sa * (batch - 1) + size_t(M) * K);
  const float* B = range(c, c.args[6], sb * (batch - 1) + size_t(K) * N);
  float* C = range(c, c.args[7], sc * (batch - 1) + size_t(M) * N);
  if (!A || !B || !C) return fail(env, "gemm: operand outside the buffer");
  matmul::batched(ta, tb, M, N, K, A, sa, B, sb, C, sc, batch);
  return undefinedValue(env);
}

enum class ConvKind { Forward, BackpropInput, BackpropFilter };

// [aOff, bOff, outOff, geometry[15], weightsKey?]; forward: (x, w) → y, input: (dy, w) → dx,
// filter: (x, dy) → dw. weightsKey (forward and input) names w for as long as it lives, so that
// oneDNN reorders it once (0 or absent: every call).
template <ConvKind kind>
napi_value Conv(napi_env env, napi_callback_info info) {
  Call c;
  conv::Geom g{};
  if (!readCall(env, info, 18, &c) || !readGeom(c, 3, &g)) return fail(env, "conv(buffer, args[18])");
  if (!needBlas(env)) return nullptr;
  const size_t in = g.inSize(), out = g.outSize(), filter = g.filterSize();
  const double key = c.count > 18 ? c.args[18] : 0;
  switch (kind) {
    case ConvKind::Forward: {
      const float *x = range(c, c.args[0], in), *w = range(c, c.args[1], filter);
      float* y = range(c, c.args[2], out);
      if (!x || !w || !y) return fail(env, "conv2d: operand outside the buffer");
      if (!onednn::forward(g, x, w, key, y)) conv::forward(g, x, w, y);
      break;
    }
    case ConvKind::BackpropInput: {
      const float *dy = range(c, c.args[0], out), *w = range(c, c.args[1], filter);
      float* dx = range(c, c.args[2], in);
      if (!dy || !w || !dx) return fail(env, "conv2dBackpropInput: operand outside the buffer");
      if (!onednn::backpropInput(g, dy, w, key, dx)) conv::backpropInput(g, dy, w, dx);
      break;
    }
    case ConvKind::BackpropFilter: {
      const float *x = range(c, c.args[0], in), *dy = range(c, c.args[1], out);
      float* dw = range(c, c.args[2], filter);
      if (!x || !dy || !dw) return fail(env, "conv2dBackpropFilter: operand outside the buffer");
      if (!onednn::backpropFilter(g, x, dy, dw)) conv::backpropFilter(g, x, dy, dw);
      break;
    }
  }
  return undefinedValue(env);
}

// epilogue: [yOff, rows, channels, biasOff (−1: none), activation, alpha]
napi_value Epilogue(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 6, &c)) return fail(env, "epilogue(buffer, args[6])");
  const size_t rows = size_t(c.args[1]);
  const int channels = int(c.args[2]);
  float* y = range(c, c.args[0], rows * channels);
  const float* bias = c.args[3] < 0 ? nullptr : range(c, c.args[3], channels);
  if (!y || channels <= 0 || (c.args[3] >= 0 && !bias)) return fail(env, "epilogue: operand outside the buffer");
  epilogue::apply(y, rows, channels, bias, int(c.args[4]), float(c.args[5]));
  return undefinedValue(env);
}

// biasAct: [xOff, biasOff (−1: none), yOff, rows, channels, activation, alpha]; y = act(x + bias)
napi_value BiasAct(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 7, &c)) return fail(env, "biasAct(buffer, args[7])");
  const size_t rows = size_t(c.args[3]);
  const int channels = int(c.args[4]);
  const float* x = range(c, c.args[0], rows * channels);
  const float* bias = c.args[1] < 0 ? nullptr : range(c, c.args[1], channels);
  float* y = range(c, c.args[2], rows * channels);
  if (!x || !y || channels <= 0 || (c.args[1] >= 0 && !bias)) return fail(env, "biasAct: operand outside the buffer");
  epilogue::applyTo(x, y, rows, channels, bias, int(c.args[5]), float(c.args[6]));
  return undefinedValue(env);
}

// actGrad: [dyOff, yOff, dxOff, count, activation, alpha]; dx = dy · act'(z) where y = act(z)
napi_value ActGrad(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 6, &c)) return fail(env, "actGrad(buffer, args[6])");
  const size_t count = size_t(c.args[3]);
  const float *dy = range(c, c.args[0], count), *y = range(c, c.args[1], count);
  float* dx = range(c, c.args[2], count);
  if (!dy || !y || !dx) return fail(env, "actGrad: operand outside the buffer");
  if (!epilogue::gradient(dy, y, dx, count, int(c.args[4]), float(c.args[5]))) {
    return fail(env, "actGrad: activation without a gradient here");
  }
  return undefinedValue(env);
}

// adam: [pOff, mOff, vOff, gOff, pOutOff, mOutOff, vOutOff, count, beta1, keep1, beta2, keep2,
// epsilon, alpha]; one Adam update (adam.h)
napi_value Adam(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 14, &c)) return fail(env, "adam(buffer, args[14])");
  const size_t count = size_t(c.args[7]);
  float* at[7];
  for (int i = 0; i < 7; i++) {
    at[i] = range(c, c.args[i], count);
    if (!at[i]) return fail(env, "adam: operand outside the buffer");
  }
  const adam::Rates r{float(c.args[8]), float(c.args[9]), float(c.args[10]), float(c.args[11]), float(c.args[12]), float(c.args[13])};
  adam::step(at[0], at[1], at[2], at[3], at[4], at[5], at[6], count, r);
  return undefinedValue(env);
}

bool readNorm(const Call& c, size_t at, norm::Shape* s) {
  s->rows = size_t(c.args[at]);
  s->channels = int(c.args[at + 1]);
  s->epsilon = float(c.args[at + 2]);
  s->activation = int(c.args[at + 3]);
  s->alpha = float(c.args[at + 4]);
  const int a = s->activation;
  return s->rows > 0 && s->channels > 0 &&
         (a == epilogue::Linear || a == epilogue::Relu || a == epilogue::LeakyRelu);
}

// batchNormAct: [xOff, gammaOff, betaOff, yOff, meanOff, varOff, rows, channels, eps, act, alpha]
napi_value BatchNormAct(napi_env env, napi_callback_info info) {
  Call c;
  norm::Shape s{};
  if (!readCall(env, info, 11, &c) || !readNorm(c, 6, &s)) return fail(env, "batchNormAct(buffer, args[11])");
  const size_t n = s.rows * s.channels, C = s.channels;
  const float *x = range(c, c.args[0], n), *gamma = range(c, c.args[1], C), *beta = range(c, c.args[2], C);
  float *y = range(c, c.args[3], n), *mean = range(c, c.args[4], C), *var = range(c, c.args[5], C);
  if (!x || !gamma || !beta || !y || !mean || !var) return fail(env, "batchNormAct: operand outside the buffer");
  norm::forward(s, x, gamma, beta, y, mean, var);
  return undefinedValue(env);
}

// batchNormActGrad: [dyOff, xOff, yOff, gammaOff, meanOff, varOff, dxOff, dgammaOff, dbetaOff,
//                    rows, channels, eps, act, alpha]
napi_value BatchNormActGrad(napi_env env, napi_callback_info info) {
  Call c;
  norm::Shape s{};
  if (!readCall(env, info, 14, &c) || !readNorm(c, 9, &s)) return fail(env, "batchNormActGrad(buffer, args[14])");
  const size_t n = s.rows * s.channels, C = s.channels;
  const float *dy = range(c, c.args[0], n), *x = range(c, c.args[1], n), *y = range(c, c.args[2], n);
  const float *gamma = range(c, c.args[3], C), *mean = range(c, c.args[4], C), *var = range(c, c.args[5], C);
  float *dx = range(c, c.args[6], n), *dgamma = range(c, c.args[7], C), *dbeta = range(c, c.args[8], C);
  if (!dy || !x || !y || !gamma || !mean || !var || !dx || !dgamma || !dbeta) {
    return fail(env, "batchNormActGrad: operand outside the buffer");
  }
  norm::backward(s, dy, x, y, gamma, mean, var, dx, dgamma, dbeta);
  return undefinedValue(env);
}

// columnSums: [xOff, outOff, rows, columns]; out[c] = Σ_r x[r, c]
napi_value ColumnSums(napi_env env, napi_callback_info info) {
  Call c;
  if (!readCall(env, info, 4, &c)) return fail(env, "columnSums(buffer, args[4])");
  const size_t rows = size_t(c.args[2]);
  const int columns = int(c.args[3]);
  const float* x = range(c, c.args[0], rows * columns);
  float* out = range(c, c.args[1], columns);
  if (!x || !out || rows == 0 || columns <= 0) return fail(env, "columnSums: operand outside the buffer");
  norm::columnSums(x, rows, columns, out);
  return undefinedValue(env);
}

// openJpeg(candidates: string) → "" or why no libjpeg opened.
napi_value OpenJpeg(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char names[4096];
  size_t len = 0;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], names, sizeof names, &len) != napi_ok) {
    return fail(env, "openJpeg(candidates: string)");
  }
  const std::string why = jpeg::open(std::string(names, len));
  napi_value out;
  napi_create_string_utf8(env, why.c_str(), why.size(), &out);
  return out;
}

// decodeJpegFiles(paths: string[], out: Uint8Array, firstSlot: number, side: number) → Uint8Array
// of jpeg::Status, one per path; face i lands at slot firstSlot + i of out.
napi_value DecodeJpegFiles(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  uint32_t count = 0;
  int32_t first = 0, side = 0;
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (argc < 4 || napi_get_array_length(env, argv[0], &count) != napi_ok ||
      napi_get_typedarray_info(env, argv[1], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_uint8_array || napi_get_value_int32(env, argv[2], &first) != napi_ok ||
      napi_get_value_int32(env, argv[3], &side) != napi_ok || first < 0 || side <= 0) {
    return fail(env, "decodeJpegFiles(paths: string[], out: Uint8Array, firstSlot: number, side: number)");
  }
  const size_t faceBytes = size_t(side) * side * 3;
  if ((size_t(first) + count) * faceBytes > length) return fail(env, "decodeJpegFiles: out is too small");
  std::vector<std::string> paths(count);
  for (uint32_t i = 0; i < count; i++) {
    napi_value item;
    size_t n = 0;
    if (napi_get_element(env, argv[0], i, &item) != napi_ok ||
        napi_get_value_string_utf8(env, item, nullptr, 0, &n) != napi_ok) {
      return fail(env, "decodeJpegFiles: paths must be strings");
    }
    paths[i].resize(n + 1);
    napi_get_value_string_utf8(env, item, &paths[i][0], n + 1, &n);
    paths[i].resize(n);
  }
  napi_value statusBuffer, statusArray;
  void* statusData = nullptr;
  napi_create_arraybuffer(env, count, &statusData, &statusBuffer);
  jpeg::decodeFiles(paths, static_cast<uint8_t*>(data) + size_t(first) * faceBytes, side,
                    static_cast<uint8_t*>(statusData));
  napi_create_typedarray(env, napi_uint8_array, count, statusBuffer, 0, &statusArray);
  return statusArray;
}

// captureStderr() → boolean; releaseStderr() → string (see quiet.h).
napi_value CaptureStderr(napi_env env, napi_callback_info) {
  napi_value out;
  napi_get_boolean(env, quiet::capture(), &out);
  return out;
}

napi_value ReleaseStderr(napi_env env, napi_callback_info) {
  const std::string text = quiet::release();
  napi_value out;
  napi_create_string_utf8(env, text.data(), text.size(), &out);
  return out;
}

}  // namespace

NAPI_MODULE_INIT() {
  const struct {
    const char* name;
    napi_callback fn;
  } methods[] = {
      {"setThreads", SetThreads},
      {"open", Open},
      {"info", Info},
      {"openOneDnn", OpenOneDnn},
      {"useOneDnn", UseOneDnn},
      {"peakGflops", PeakGflops},
      {"gemm", Gemm},
      {"conv2d", Conv<ConvKind::Forward>},
      {"conv2dBackpropInput", Conv<ConvKind::BackpropInput>},
      {"conv2dBackpropFilter", Conv<ConvKind::BackpropFilter>},
      {"epilogue", Epilogue},
      {"biasAct", BiasAct},
      {"actGrad", ActGrad},
      {"adam", Adam},
      {"batchNormAct", BatchNormAct},
      {"batchNormActGrad", BatchNormActGrad},
      {"columnSums", ColumnSums},
      {"openJpeg", OpenJpeg},
      {"decodeJpegFiles", DecodeJpegFiles},
      {"captureStderr", CaptureStderr},
      {"releaseStderr", ReleaseStderr},
  };
  for (const auto& m : methods) {
    napi_value fn;
    napi_create_function(env, m.name, NAPI_AUTO_LENGTH, m.fn, nullptr, &fn);
    napi_set_named_property(env, exports, m.name, fn);
  }
  return exports;
}
