#include "epilogue.h"

#include <algorithm>
#include <cmath>

namespace epilogue {

void apply(float* y, size_t rows, int channels, const float* bias, int activation, float alpha) {
  const size_t count = rows * size_t(channels);
  if (bias != nullptr) {
    for (size_t r = 0; r < rows; r++) {
      float* row = y + r * channels;
      for (int c = 0; c < channels; c++) row[c] += bias[c];
    }
  }
  switch (activation) {
    case Relu:
      for (size_t i = 0; i < count; i++) y[i] = std::max(y[i], 0.f);
      break;
    case Relu6:
      for (size_t i = 0; i < count; i++) y[i] = std::min(std::max(y[i], 0.f), 6.f);
      break;
    case LeakyRelu:
      for (size_t i = 0; i < count; i++) y[i] = y[i] < 0.f ? y[i] * alpha : y[i];
      break;
    case Sigmoid:
      for (size_t i = 0; i < count; i++) y[i] = 1.f / (1.f + std::exp(-y[i]));
      break;
    case Elu:
      for (size_t i = 0; i < count; i++) y[i] = y[i] < 0.f ? std::expm1(y[i]) : y[i];
      break;
    case Tanh:
      for (size_t i = 0; i < count; i++) y[i] = std::tanh(y[i]);
      break;
    default:
      break;
  }
}

bool gradient(const float* dy, const float* y, float* dx, size_t count, int activation, float alpha) {
  switch (activation) {
    case Linear:
      for (size_t i = 0; i < count; i++) dx[i] = dy[i];
      return true;
    // z > 0 exactly when y > 0, and tfjs takes the slope at 0 from the left, as here.
    case Relu:
      for (size_t i = 0; i < count; i++) dx[i] = y[i] > 0.f ? dy[i] : 0.f;
      return true;
    case LeakyRelu:
      for (size_t i = 0; i < count; i++) dx[i] = y[i] > 0.f ? dy[i] : dy[i] * alpha;
      return true;
    case Tanh:
      for (size_t i = 0; i < count; i++) dx[i] = dy[i] * (1.f - y[i] * y[i]);
      return true;
    default:
      return false;
  }
}

}  // namespace epilogue
