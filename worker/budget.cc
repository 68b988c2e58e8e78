#include "worker/budget.h"

#include <time.h>

#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"

namespace factd {

Budget::Budget() = default;

Budget::Budget(Limits limits)
    : limits_(std::move(limits)),
      limited_(limits_.deadline != absl::InfiniteFuture() ||
               limits_.cpu != absl::InfiniteDuration() || limits_.stop != nullptr ||
               limits_.cancelled != nullptr),
      cpu_start_(limits_.cpu != absl::InfiniteDuration() ? ThreadCpuTime()
                                                         : absl::ZeroDuration()) {}

absl::Duration Budget::ThreadCpuTime() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return absl::DurationFromTimespec(now);
}

bool Budget::CheckNow() {
  if (spent_ || !limited_) return spent_;
  // The deadline before cancellation: gRPC marks a call whose deadline
  // passed cancelled too.
  if (limits_.stop != nullptr && limits_.stop->load(std::memory_order_relaxed)) {
    reason_ = "shutdown";
  } else if (limits_.deadline != absl::InfiniteFuture() && absl::Now() >= limits_.deadline) {
    reason_ = "deadline";
  } else if (limits_.cancelled && limits_.cancelled()) {
    reason_ = "cancelled";
  } else if (limits_.cpu != absl::InfiniteDuration() &&
             ThreadCpuTime() - cpu_start_ >= limits_.cpu) {
    reason_ = "cpu";
  } else {
    return false;
  }
  spent_ = true;
  return true;
}

absl::Status Budget::status() const {
  if (!spent_) return absl::OkStatus();
  const std::string_view reason = reason_;
  if (reason == "cancelled") {
    return absl::CancelledError("the call was cancelled while the document was being processed");
  }
  if (reason == "shutdown") {
    return absl::DeadlineExceededError(
        "the server's shutdown grace period ended while the document was being processed");
  }
  if (reason == "cpu") {
    return absl::DeadlineExceededError(absl::StrCat(
        "the document used its CPU budget of ", absl::FormatDuration(limits_.cpu),
        " (max_document_seconds) before extraction finished"));
  }
  return absl::DeadlineExceededError(
      "the call's deadline passed while the document was being processed");
}

}  // namespace factd
