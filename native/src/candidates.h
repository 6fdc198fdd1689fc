// Library names to try, in order, from a colon-separated list ("libopenblas.so.0:libopenblas.so"):
// every loader that opens a system library at run time (OpenBLAS, libjpeg, oneDNN) walks the same
// list shape, so the splitting lives here once. Empty entries are skipped.
#pragma once

#include <string>
#include <vector>

inline std::vector<std::string> libraryCandidates(const std::string& list) {
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(':', start);
    if (end == std::string::npos) end = list.size();
    if (end > start) names.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return names;
}
