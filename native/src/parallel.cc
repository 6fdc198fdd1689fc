#include "parallel.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace parallel {
namespace {

using Fn = std::function<void(int, int)>;

struct Pool {
  std::mutex jobLock;  // one job at a time, whichever JS thread submits it
  std::mutex m;
  std::condition_variable wake, done;
  // Job generation in the high half, next unclaimed task in the low half: a helper that wakes
  // late can claim nothing from a job that has moved on.
  std::atomic<uint64_t> claim{0};
  std::atomic<int> completed{0};
  uint32_t generation = 0;  // guarded by m, with fn and tasks
  const Fn* fn = nullptr;
  int tasks = 0;
  int size = 1;
  bool started = false;

  void runTasks(uint32_t gen, int count, const Fn* f, int slot) {
    for (;;) {
      uint64_t v = claim.load();
      do {
        if (uint32_t(v >> 32) != gen || int(uint32_t(v)) >= count) return;
      } while (!claim.compare_exchange_weak(v, v + 1));
      (*f)(int(uint32_t(v)), slot);
      if (completed.fetch_add(1) + 1 == count) {
        std::lock_guard<std::mutex> lock(m);
        done.notify_one();
      }
    }
  }

  void helper(int slot) {
    uint32_t seen = 0;
    for (;;) {
      uint32_t gen;
      int count;
      const Fn* f;
      {
        std::unique_lock<std::mutex> lock(m);
        wake.wait(lock, [&] { return generation != seen; });
        seen = gen = generation;
        count = tasks;
        f = fn;
      }
      runTasks(gen, count, f, slot);
    }
  }
};

// Never destroyed: helpers block on it until the process ends, and static destruction at exit
// must not pull it from under them.
Pool* pool = new Pool();

}  // namespace

void setThreads(int n) {
  std::lock_guard<std::mutex> job(pool->jobLock);
  if (!pool->started) pool->size = n < 1 ? 1 : n;
}

int threads() { return pool->size; }

void forEach(int tasks, const Fn& fn) {
  if (tasks <= 0) return;
  std::lock_guard<std::mutex> job(pool->jobLock);
  if (pool->size == 1 || tasks == 1) {
    for (int t = 0; t < tasks; t++) fn(t, 0);
    return;
  }
  if (!pool->started) {
    pool->started = true;
    for (int slot = 1; slot < pool->size; slot++) std::thread([slot] { pool->helper(slot); }).detach();
  }
  uint32_t gen;
  {
    std::lock_guard<std::mutex> lock(pool->m);
    gen = ++pool->generation;
    pool->fn = &fn;
    pool->tasks = tasks;
    pool->completed.store(0);
    pool->claim.store(uint64_t(gen) << 32);
  }
  pool->wake.notify_all();
  pool->runTasks(gen, tasks, &fn, 0);
  std::unique_lock<std::mutex> lock(pool->m);
  pool->done.wait(lock, [&] { return pool->completed.load() == tasks; });
}

int forRanges(size_t rows, size_t minRows, const std::function<void(int, size_t, size_t)>& fn) {
  if (rows == 0) return 0;
  const size_t most = size_t(pool->size) * 2;
  const size_t byWork = (rows + (minRows > 0 ? minRows : 1) - 1) / (minRows > 0 ? minRows : 1);
  const int tasks = int(byWork < most ? byWork : most);
  const size_t step = (rows + tasks - 1) / tasks;
  forEach(tasks, [&](int t, int) {
    const size_t begin = size_t(t) * step;
    const size_t end = begin + step < rows ? begin + step : rows;
    if (begin < end) fn(t, begin, end);
  });
  return tasks;
}

}  // namespace parallel
