#include "worker/worker_pool.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"

namespace factd {

absl::StatusOr<std::unique_ptr<WorkerPool>> WorkerPool::Create(
    const Options& options) {
  if (options.threads == 0) {
    return absl::InvalidArgumentError("worker pool needs at least 1 thread");
  }
  if (options.queue_capacity == 0) {
    return absl::InvalidArgumentError("worker queue capacity must be >= 1");
  }
  if (options.max_queued_bytes == 0) {
    return absl::InvalidArgumentError("worker queue bytes must be >= 1");
  }
  if (options.nice < 0 || options.nice > 19) {
    return absl::InvalidArgumentError("worker nice value must be in 0..19");
  }
  std::unique_ptr<WorkerPool> pool(new WorkerPool(options));
  pool->threads_.reserve(options.threads);
  for (size_t i = 0; i < options.threads; ++i) {
    pool->threads_.emplace_back([p = pool.get()] {
      // Linux keeps a nice value per thread.
      if (p->options_.nice > 0) {
        setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), p->options_.nice);
      }
      p->WorkLoop();
    });
  }
  return pool;
}

WorkerPool::~WorkerPool() {
  if (!threads_.empty()) Drain(absl::InfiniteFuture());
}

absl::Status WorkerPool::TrySchedule(Task task, size_t bytes) {
  absl::MutexLock lock(&mu_);
  if (draining_) {
    return absl::UnavailableError("server is shutting down");
  }
  if (queue_.size() >= options_.queue_capacity) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "worker queue is full (", options_.queue_capacity,
        " documents waiting, ", running_, " running); retry with backoff"));
  }
  if (!queue_.empty() && queued_bytes_ + bytes > options_.max_queued_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "worker queue is full (", queued_bytes_, " bytes of documents waiting, at most ",
        options_.max_queued_bytes, "); retry with backoff"));
  }
  queue_.push_back({std::move(task), bytes});
  queued_bytes_ += bytes;
  return absl::OkStatus();
}

void WorkerPool::WorkLoop() {
  for (;;) {
    Task task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](WorkerPool* p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p->mu_) {
            return !p->queue_.empty() || p->draining_;
          },
          this));
      if (queue_.empty()) return;  // draining and nothing left
      task = std::move(queue_.front().task);
      queued_bytes_ -= queue_.front().bytes;
      queue_.pop_front();
      ++running_;
    }
    task(absl::OkStatus());
    absl::MutexLock lock(&mu_);
    --running_;
  }
}

bool WorkerPool::Drain(absl::Time deadline, const std::function<void()>& on_deadline) {
  std::deque<Queued> abandoned;
  bool finished;
  {
    absl::MutexLock lock(&mu_);
    draining_ = true;
    finished = mu_.AwaitWithDeadline(
        absl::Condition(
            +[](WorkerPool* p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p->mu_) {
              return p->queue_.empty() && p->running_ == 0;
            },
            this),
        deadline);
    abandoned.swap(queue_);
    queued_bytes_ = 0;
  }
  if (!finished && on_deadline) on_deadline();
  for (Queued& queued : abandoned) {
    queued.task(absl::UnavailableError(
        "server shut down before this document's turn came"));
  }
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  return finished;
}

size_t WorkerPool::queued() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

size_t WorkerPool::running() const {
  absl::MutexLock lock(&mu_);
  return running_;
}

}  // namespace factd
