#include "quiet.h"

#include <unistd.h>

#include <cstdio>
#include <mutex>

namespace quiet {
namespace {
std::mutex lock;
int saved = -1;
FILE* sink = nullptr;
}  // namespace

bool capture() {
  std::lock_guard<std::mutex> guard(lock);
  if (saved != -1) return false;
  fflush(stderr);
  sink = tmpfile();
  if (sink == nullptr) return false;
  saved = dup(2);
  if (saved == -1 || dup2(fileno(sink), 2) == -1) {
    if (saved != -1) close(saved);
    saved = -1;
    fclose(sink);
    sink = nullptr;
    return false;
  }
  return true;
}

std::string release() {
  std::lock_guard<std::mutex> guard(lock);
  if (saved == -1) return "";
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  saved = -1;
  std::string text;
  rewind(sink);
  char buffer[4096];
  size_t n;
  // Capped: the caller only sorts a few lines of warnings; a flood is cut, not kept in memory.
  while ((n = fread(buffer, 1, sizeof buffer, sink)) > 0 && text.size() < (1u << 20)) text.append(buffer, n);
  fclose(sink);
  sink = nullptr;
  return text;
}
}  // namespace quiet
