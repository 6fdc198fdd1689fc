// A small pool that shares a job's tasks among threads. OpenBLAS itself runs single-threaded
// under it: its own threads spin while they wait, and on a machine busy with other work that
// made two threads slower than one (70 ms against 3 ms for one conv, on a 2-core machine).
// Tasks handed out one at a time keep a descheduled thread from holding up the rest.
#pragma once
#include <cstddef>
#include <functional>

namespace parallel {

// Threads that run tasks, the caller included; at least 1. Set once, before the first job.
void setThreads(int n);
int threads();

// Calls fn(task, slot) once for every task in [0, tasks); slot < threads() names the thread
// running it (for per-thread scratch) and no two tasks run with the same slot at once.
void forEach(int tasks, const std::function<void(int task, int slot)>& fn);

// Splits [0, rows) into ranges of at least minRows, at most a few per thread, and calls
// fn(task, begin, end) for each in parallel; returns how many tasks there were.
int forRanges(size_t rows, size_t minRows, const std::function<void(int task, size_t begin, size_t end)>& fn);

}  // namespace parallel
