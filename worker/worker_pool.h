// WorkerPool: a fixed set of threads behind a bounded queue. It is the
// service's admission control: TrySchedule never blocks, and a queue that
// holds queue_capacity tasks or max_queued_bytes of their documents is
// answered at once with RESOURCE_EXHAUSTED.
//
//   auto pool = factd::WorkerPool::Create({.threads = 4, .queue_capacity = 64});
//   absl::Status admitted = (*pool)->TrySchedule([](absl::Status run) {
//     if (!run.ok()) { /* answer the caller with `run` */ return; }
//     /* do the work */
//   }, document_bytes);
//
// Every admitted task is called exactly once: with OK on a worker thread when
// it runs, or with the reason it never will (UNAVAILABLE when Drain's
// deadline passed before its turn). Thread-safe.
#ifndef FACTD_WORKER_WORKER_POOL_H_
#define FACTD_WORKER_WORKER_POOL_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace factd {

class WorkerPool {
 public:
  // Called once: OK to run, or the status the work ends with unrun.
  using Task = absl::AnyInvocable<void(absl::Status)>;

  struct Options {
    // Worker threads, >= 1.
    size_t threads = 1;
    // Tasks that may wait for a thread (running ones do not count), >= 1.
    size_t queue_capacity = 64;
    // Bytes (as declared by TrySchedule's callers) that may wait, >= 1.
    size_t max_queued_bytes = size_t{64} << 20;
    // Scheduling priority (nice value, 0..19) of the worker threads: above
    // zero, the process's other threads (gRPC's, answering health checks
    // and refusals) run first when the cores are busy.
    int nice = 0;
  };

  // INVALID_ARGUMENT for zero threads, capacity or bytes, or a nice value
  // outside 0..19. Starts the threads.
  static absl::StatusOr<std::unique_ptr<WorkerPool>> Create(
      const Options& options);

  // Drains with no deadline.
  ~WorkerPool();

  // Queues `task`, which holds `bytes` of input while it waits. Never
  // blocks. RESOURCE_EXHAUSTED when the queue holds queue_capacity tasks or
  // the task's bytes would take it past max_queued_bytes (a task alone
  // larger than that is admitted into an empty queue); UNAVAILABLE once
  // Drain has begun. On error the task is not kept and not called.
  absl::Status TrySchedule(Task task, size_t bytes = 0);

  // Stops admitting and lets the threads work until the queue is empty and
  // no task runs, or until `deadline`. At the deadline, with work left, it
  // calls `on_deadline` (to make running tasks stop early), ends every task
  // still queued with UNAVAILABLE, and joins the threads once their current
  // tasks return. Returns true when everything ran before the deadline.
  // Blocks; call once.
  bool Drain(absl::Time deadline, const std::function<void()>& on_deadline = nullptr);

  // Tasks waiting for a thread, and tasks running now.
  size_t queued() const;
  size_t running() const;
  const Options& options() const { return options_; }

 private:
  struct Queued {
    Task task;
    size_t bytes;
  };
  explicit WorkerPool(const Options& options) : options_(options) {}
  void WorkLoop();

  const Options options_;
  mutable absl::Mutex mu_;
  std::deque<Queued> queue_ ABSL_GUARDED_BY(mu_);
  size_t queued_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  size_t running_ ABSL_GUARDED_BY(mu_) = 0;
  // Set by Drain: admission refused; threads exit once the queue is empty.
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace factd

#endif  // FACTD_WORKER_WORKER_POOL_H_
