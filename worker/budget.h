// Budget bounds the work of one document: the caller's deadline (wall
// clock), an allowance of CPU time for the thread doing the work, and two
// outside signals, a stop flag another thread sets (a shutdown whose grace
// period is over) and the caller's cancellation. Every stage calls Spent()
// in its loops; the clocks are read once every kCheckEvery calls, so a check
// costs a counter increment and the whole document stops within a few
// microseconds of work after the limit.
//
//   factd::Budget budget({.deadline = absl::Now() + absl::Seconds(2),
//                         .cpu = absl::Seconds(10)});
//   for (...) { if (budget.Spent()) break; ... }
//   if (budget.Spent()) return budget.status();  // DEADLINE_EXCEEDED, why
//
// Not thread-safe: one Budget per document, used on the thread that runs it
// (the CPU clock is that thread's). The stop flag may be set from anywhere.
#ifndef FACTD_WORKER_BUDGET_H_
#define FACTD_WORKER_BUDGET_H_

#include <atomic>
#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace factd {

class Budget {
 public:
  struct Limits {
    // The caller's deadline.
    absl::Time deadline = absl::InfiniteFuture();
    // CPU time of the running thread this document may use, from the
    // Budget's construction.
    absl::Duration cpu = absl::InfiniteDuration();
    // Set by another thread to stop every running document (shutdown).
    const std::atomic<bool>* stop = nullptr;
    // Polled with the clocks: whether the caller gave up.
    std::function<bool()> cancelled = nullptr;
  };

  // How many Spent() calls share one reading of the clocks.
  static constexpr uint32_t kCheckEvery = 256;

  // Starts the CPU allowance now.
  explicit Budget(Limits limits);
  // No limits at all: Spent() is always false.
  Budget();

  // True once any limit is reached; stays true. Reads the clocks and the
  // signals every kCheckEvery calls.
  bool Spent() {
    if (spent_) return true;
    if (++calls_ < kCheckEvery) return false;
    calls_ = 0;
    return CheckNow();
  }
  // Reads the clocks and signals now.
  bool CheckNow();

  // OK while not spent; otherwise DEADLINE_EXCEEDED saying which limit
  // (the caller's deadline, the CPU budget, the end of the shutdown's grace
  // period) or CANCELLED when the caller cancelled.
  absl::Status status() const;

  // Which limit stopped the work: "deadline", "cpu", "shutdown",
  // "cancelled"; empty while not spent. For metrics.
  const char* reason() const { return reason_; }

  // CPU time the calling thread has used since it started.
  static absl::Duration ThreadCpuTime();

  // For stages whose budget is optional: false when `budget` is null.
  static bool Spent(Budget* budget) { return budget != nullptr && budget->Spent(); }

 private:
  Limits limits_;
  bool limited_ = false;
  absl::Duration cpu_start_;
  uint32_t calls_ = 0;
  bool spent_ = false;
  const char* reason_ = "";
};

}  // namespace factd

#endif  // FACTD_WORKER_BUDGET_H_
