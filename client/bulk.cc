#include "client/bulk.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "factd/v1/factd.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace factd::client {
namespace {

// factd's limit on Document.id (GetServerInfo's Limits.max_id_bytes): a
// longer id is refused here, since the server could only echo part of it.
constexpr size_t kMaxIdBytes = 256;

bool Retryable(int code) {
  return code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

// A stream that broke leaves its documents unanswered; these reasons are
// worth another try, anything else (UNIMPLEMENTED, UNAUTHENTICATED...) is
// final.
bool RetryableBreak(int code) {
  return Retryable(code) || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::ABORTED || code == grpc::StatusCode::UNKNOWN ||
         code == grpc::StatusCode::INTERNAL;
}

// The channel reconnects on our retry schedule: gRPC's own default (1 s
// growing to 120 s) would fail every retry fast while a restarting server
// is already back. Calls are balanced round robin over the addresses the
// target resolves to, skipping those whose grpc.health.v1 status is not
// SERVING (a draining replica); a name is resolved again at most once a
// second, when a connection closes (GOAWAY after --max_connection_age).
grpc::ChannelArguments ChannelArgs(const BulkOptions& options) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(
      R"({"loadBalancingConfig":[{"round_robin":{}}],"healthCheckConfig":{"serviceName":""}})");
  args.SetInt(GRPC_ARG_SERVICE_CONFIG_DISABLE_RESOLUTION, 1);
  args.SetInt(GRPC_ARG_DNS_MIN_TIME_BETWEEN_RESOLUTIONS_MS, 1000);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS,
              static_cast<int>(absl::ToInt64Milliseconds(options.initial_backoff)));
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS,
              static_cast<int>(absl::ToInt64Milliseconds(options.max_backoff)));
  return args;
}

// Hands out documents to send, keeps the retry schedule, and records each
// document's final answer exactly once.
class Coordinator {
 public:
  Coordinator(const std::vector<DocumentRef>& refs, const BulkOptions& options,
              const ResultSink& sink)
      : refs_(refs), options_(options), sink_(sink), attempts_(refs.size(), 0) {
    report_.documents = refs.size();
    for (size_t i = 0; i < refs.size(); ++i) {
      if (!refs[i].id.empty() && options.skip_ids.contains(refs[i].id)) {
        ++report_.skipped;
      } else {
        ready_.push_back(i);
      }
    }
    remaining_ = ready_.size();
  }

  // Waits up to `wait` for a document to send. False when none is ready.
  bool Next(absl::Duration wait, size_t* index) {
    absl::MutexLock lock(&mu_);
    const absl::Time until = absl::Now() + wait;
    for (;;) {
      PromoteDue();
      if (!ready_.empty()) {
        *index = ready_.front();
        ready_.pop_front();
        return true;
      }
      if (remaining_ == 0) return false;
      absl::Time wake = until;
      if (!delayed_.empty()) wake = std::min(wake, delayed_.begin()->first);
      if (absl::Now() >= until) return false;
      changed_.WaitWithDeadline(&mu_, wake);
    }
  }

  // Loads document `index` for sending; records the answer itself (and
  // returns false) when it cannot be loaded, is skipped, or repeats an id.
  bool Load(size_t index, v1::Document* document) {
    absl::StatusOr<v1::Document> loaded = LoadDocument(refs_[index]);
    absl::MutexLock lock(&mu_);
    if (!loaded.ok()) {
      FinalLocked(index, refs_[index].id, loaded.status().raw_code(),
                  std::string(loaded.status().message()), nullptr);
      return false;
    }
    if (loaded->id().size() > kMaxIdBytes) {
      FinalLocked(index, loaded->id().substr(0, kMaxIdBytes), grpc::StatusCode::INVALID_ARGUMENT,
                  absl::StrCat("id is ", loaded->id().size(), " bytes, over the limit of ",
                               kMaxIdBytes, " (Limits.max_id_bytes)"),
                  nullptr);
      return false;
    }
    if (refs_[index].jsonl && options_.skip_ids.contains(loaded->id())) {
      ++report_.skipped;
      --remaining_;
      changed_.SignalAll();
      return false;
    }
    auto [it, inserted] = owner_of_id_.emplace(loaded->id(), index);
    if (!inserted && it->second != index) {
      FinalLocked(index, loaded->id(), grpc::StatusCode::INVALID_ARGUMENT,
                  absl::StrCat("id \"", loaded->id(), "\" repeats the id of an earlier input document"),
                  nullptr);
      return false;
    }
    *document = *std::move(loaded);
    return true;
  }

  void Final(size_t index, const v1::ExtractResponse& response, absl::Duration latency) {
    absl::MutexLock lock(&mu_);
    if (response.has_error()) {
      FinalLocked(index, response.document_id(), response.error().code(),
                  response.error().message(), nullptr);
    } else {
      FinalLocked(index, response.document_id(), 0, "", &response);
      report_.latencies_ms.push_back(absl::ToDoubleMilliseconds(latency));
    }
  }

  // Schedules another try after a retryable failure, or records the failure
  // as final when the attempts are used up.
  void Retry(size_t index, const std::string& id, int code, const std::string& message) {
    absl::MutexLock lock(&mu_);
    if (++attempts_[index] >= options_.max_attempts) {
      FinalLocked(index, id, code,
                  absl::StrCat(message, " (gave up after ", attempts_[index], " attempts)"),
                  nullptr);
      return;
    }
    ++report_.retries;
    delayed_.emplace(absl::Now() + Backoff(attempts_[index]), index);
    changed_.SignalAll();
  }

  bool AllDone() {
    absl::MutexLock lock(&mu_);
    return remaining_ == 0;
  }

  void SetLanes(size_t lanes) {
    absl::MutexLock lock(&mu_);
    live_lanes_ = lanes;
  }

  // A lane stopped for good. When it was the last, every document not yet
  // answered (none is in flight: lanes hand theirs back before they stop)
  // ends with `code` and `message`.
  void LaneGaveUp(int code, const std::string& message) {
    absl::MutexLock lock(&mu_);
    if (--live_lanes_ > 0) return;
    std::vector<size_t> left(ready_.begin(), ready_.end());
    for (const auto& [at, index] : delayed_) left.push_back(index);
    ready_.clear();
    delayed_.clear();
    for (size_t index : left) {
      // A JSONL line never sent may not even parse: that is its answer.
      if (refs_[index].jsonl) {
        if (absl::StatusOr<v1::Document> loaded = LoadDocument(refs_[index]); !loaded.ok()) {
          FinalLocked(index, "", loaded.status().raw_code(), std::string(loaded.status().message()),
                      nullptr);
          continue;
        }
      }
      FinalLocked(index, refs_[index].id, code, message, nullptr);
    }
  }

  // Waits until every document is answered or `wait` passes.
  bool WaitAllDone(absl::Duration wait) {
    absl::MutexLock lock(&mu_);
    auto done = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return remaining_ == 0; };
    mu_.AwaitWithTimeout(absl::Condition(&done), wait);
    return remaining_ == 0;
  }

  BulkReport Report() {
    absl::MutexLock lock(&mu_);
    return report_;
  }

  absl::Duration Backoff(int attempt) {
    absl::Duration backoff = options_.initial_backoff;
    for (int i = 1; i < attempt && backoff < options_.max_backoff; ++i) backoff *= 2;
    backoff = std::min(backoff, options_.max_backoff);
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return backoff * jitter(random_);
  }

 private:
  void PromoteDue() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const absl::Time now = absl::Now();
    while (!delayed_.empty() && delayed_.begin()->first <= now) {
      ready_.push_back(delayed_.begin()->second);
      delayed_.erase(delayed_.begin());
    }
  }

  // The id of document `index` for its answer: its own id (read from its
  // JSONL line if need be), or FILE:LINE for a line without a usable one.
  std::string IdOf(size_t index, const std::string& known) const {
    if (!known.empty()) return known;
    const DocumentRef& ref = refs_[index];
    if (!ref.id.empty()) return ref.id;
    if (absl::StatusOr<v1::Document> loaded = LoadDocument(ref); loaded.ok()) return loaded->id();
    return absl::StrCat(ref.path, ":", ref.line);
  }

  void FinalLocked(size_t index, const std::string& id, int code,
                   const std::string& message, const v1::ExtractResponse* response)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    v1::ExtractResponse error;
    if (response == nullptr) {
      error.set_document_id(IdOf(index, id));
      error.mutable_error()->set_code(code);
      error.mutable_error()->set_message(message);
      response = &error;
      ++report_.failed;
      ++report_.errors_by_code[StatusCodeName(code)];
    } else {
      ++report_.succeeded;
    }
    sink_(*response);
    --remaining_;
    changed_.SignalAll();
  }

  const std::vector<DocumentRef>& refs_;
  const BulkOptions& options_;
  const ResultSink& sink_;
  absl::Mutex mu_;
  absl::CondVar changed_;
  std::deque<size_t> ready_ ABSL_GUARDED_BY(mu_);
  std::multimap<absl::Time, size_t> delayed_ ABSL_GUARDED_BY(mu_);
  std::vector<int> attempts_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, size_t> owner_of_id_ ABSL_GUARDED_BY(mu_);
  size_t remaining_ ABSL_GUARDED_BY(mu_) = 0;
  // Lanes still trying to reach their target.
  size_t live_lanes_ ABSL_GUARDED_BY(mu_) = 0;
  BulkReport report_ ABSL_GUARDED_BY(mu_);
  std::mt19937 random_ ABSL_GUARDED_BY(mu_){std::random_device{}()};
};

// One stream at a time on a target's channel: feeds it while documents
// remain, ends it after stream_lifetime so the next is balanced anew, and
// reopens it with backoff when it breaks (its unanswered documents go back
// to the coordinator, to be sent on another stream).
class Lane {
 public:
  static constexpr absl::Duration kConnectTimeout = absl::Seconds(1);

  Lane(const std::string& target, std::shared_ptr<grpc::Channel> channel, Coordinator* coordinator,
       const BulkOptions& options)
      : target_(target),
        channel_(std::move(channel)),
        stub_(v1::FactService::NewStub(channel_)),
        coordinator_(coordinator),
        options_(options),
        window_(static_cast<double>(options.window)) {}

  // Feeds streams until every document is answered. A target that fails
  // max_attempts streams in a row, answering nothing, is given up; when
  // every target is given up the coordinator fails what is left.
  void Run(absl::Duration stagger) {
    // Streams start one after another, so that their picks of a replica
    // spread over time rather than all landing on the first one ready.
    absl::SleepFor(stagger);
    int failures = 0;
    while (!coordinator_->AllDone()) {
      const StreamOutcome outcome = RunStream();
      if (outcome.ok || outcome.answered > 0) {
        failures = 0;
        continue;
      }
      if (coordinator_->AllDone()) break;
      if (++failures >= options_.max_attempts) {
        coordinator_->LaneGaveUp(
            outcome.code, absl::StrCat(target_, ": ", outcome.message, " (gave up after ",
                                       failures, " attempts to open a stream)"));
        return;
      }
      absl::SleepFor(coordinator_->Backoff(failures));
    }
  }

 private:
  struct Sent {
    size_t index;
    absl::Time at;
  };

  struct StreamOutcome {
    bool ok = false;      // the stream ended cleanly
    size_t answered = 0;  // documents answered on it
    int code = 0;
    std::string message;
  };

  // One stream's life: how it ended and how much it got done.
  StreamOutcome RunStream() {
    // A stream opened on a channel that is not connected fails at once;
    // wait for the connection instead, so a retry is not spent on it.
    if (!channel_->WaitForConnected(absl::ToChronoTime(absl::Now() + kConnectTimeout))) {
      return {false, 0, grpc::StatusCode::UNAVAILABLE,
              absl::StrCat("cannot connect within ", absl::FormatDuration(kConnectTimeout))};
    }
    grpc::ClientContext context;
    auto stream = stub_->ExtractStream(&context);
    {
      absl::MutexLock lock(&mu_);
      broken_ = false;
      answered_ = 0;
    }
    std::thread reader([&] { ReadAll(stream.get()); });

    bool timed_out = false;
    std::uniform_real_distribution<double> jitter(0.75, 1.25);
    const absl::Time retire = absl::Now() + options_.stream_lifetime * jitter(random_);
    for (;;) {
      if (absl::Now() >= retire) break;  // let a new stream pick a replica
      {
        absl::MutexLock lock(&mu_);
        auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          return broken_ || in_flight_.size() < static_cast<size_t>(window_);
        };
        mu_.AwaitWithTimeout(absl::Condition(&room), absl::Milliseconds(50));
        if (broken_) break;
        if (!in_flight_.empty()) {
          absl::Time oldest = absl::InfiniteFuture();
          for (const auto& [id, sent] : in_flight_) oldest = std::min(oldest, sent.at);
          if (absl::Now() - oldest > options_.deadline) {
            timed_out = true;
            break;
          }
        }
        if (in_flight_.size() >= static_cast<size_t>(window_)) continue;
      }
      if (coordinator_->AllDone()) break;
      size_t index;
      if (!coordinator_->Next(absl::Milliseconds(50), &index)) continue;
      v1::ExtractRequest request;
      if (!coordinator_->Load(index, request.mutable_document())) continue;
      *request.mutable_options() = options_.extract;
      const std::string id = request.document().id();
      {
        absl::MutexLock lock(&mu_);
        in_flight_[id] = {index, absl::Now()};
      }
      if (!stream->Write(request)) break;  // the reader sees why
    }
    if (timed_out) {
      context.TryCancel();
    } else {
      stream->WritesDone();
    }
    reader.join();
    grpc::Status status = stream->Finish();
    int code = status.error_code();
    std::string message = status.error_message();
    if (timed_out) {
      code = grpc::StatusCode::DEADLINE_EXCEEDED;
      message = absl::StrCat("no answer within ", absl::FormatDuration(options_.deadline));
    } else if (status.ok()) {
      code = grpc::StatusCode::UNAVAILABLE;
      message = "stream ended before this document was answered";
    }
    absl::flat_hash_map<std::string, Sent> unanswered;
    {
      absl::MutexLock lock(&mu_);
      unanswered.swap(in_flight_);
    }
    for (const auto& [id, sent] : unanswered) {
      if (RetryableBreak(code)) {
        coordinator_->Retry(sent.index, id, code, message);
      } else {
        v1::ExtractResponse response;
        response.set_document_id(id);
        response.mutable_error()->set_code(code);
        response.mutable_error()->set_message(message);
        coordinator_->Final(sent.index, response, absl::ZeroDuration());
      }
    }
    absl::MutexLock lock(&mu_);
    return {status.ok() && !timed_out, answered_, code, message};
  }

  void ReadAll(grpc::ClientReaderWriter<v1::ExtractRequest, v1::ExtractResponse>* stream) {
    v1::ExtractResponse response;
    while (stream->Read(&response)) {
      Sent sent;
      {
        absl::MutexLock lock(&mu_);
        auto it = in_flight_.find(response.document_id());
        if (it == in_flight_.end()) continue;  // not ours (cannot happen)
        sent = it->second;
        in_flight_.erase(it);
        ++answered_;
        if (response.has_error() &&
            response.error().code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
          window_ = std::max(1.0, window_ / 2);  // back off the server
        } else if (!response.has_error()) {
          window_ = std::min<double>(options_.window, window_ + 1.0 / window_);
        }
      }
      if (response.has_error() && Retryable(response.error().code())) {
        coordinator_->Retry(sent.index, response.document_id(), response.error().code(),
                            response.error().message());
      } else {
        coordinator_->Final(sent.index, response, absl::Now() - sent.at);
      }
    }
    absl::MutexLock lock(&mu_);
    broken_ = true;
  }

  const std::string target_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::FactService::Stub> stub_;
  Coordinator* const coordinator_;
  const BulkOptions& options_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Sent> in_flight_ ABSL_GUARDED_BY(mu_);
  // Documents this lane may have in flight; AIMD between 1 and options.window.
  double window_ ABSL_GUARDED_BY(mu_);
  // The reader saw the end of the stream.
  bool broken_ ABSL_GUARDED_BY(mu_) = false;
  // Answers read on the current stream.
  size_t answered_ ABSL_GUARDED_BY(mu_) = 0;
  std::mt19937 random_{std::random_device{}()};
};

void DrawProgress(const BulkReport& report, absl::Duration elapsed) {
  const size_t done = report.succeeded + report.failed + report.skipped;
  const double seconds = std::max(1e-3, absl::ToDoubleSeconds(elapsed));
  const double rate = (report.succeeded + report.failed) / seconds;
  const size_t total = std::max<size_t>(1, report.documents);
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * done / total);
  std::string bar(filled, '=');
  bar.resize(kWidth, ' ');
  const double eta = rate > 0 ? (report.documents - done) / rate : 0;
  std::fprintf(stderr, "\r[%s] %zu/%zu  %.1f docs/s  errors %zu  ETA %.0fs ", bar.c_str(),
               done, report.documents, rate, report.failed, eta);
  std::fflush(stderr);
}

double Percentile(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[static_cast<size_t>(p * (sorted.size() - 1))];
}

}  // namespace

std::string StatusCodeName(int code) {
  static const char* const kNames[] = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
      "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
  if (code >= 0 && code < static_cast<int>(std::size(kNames))) return kNames[code];
  return absl::StrCat("CODE_", code);
}

BulkReport SubmitAll(const std::vector<DocumentRef>& refs, const BulkOptions& options,
                     const ResultSink& sink) {
  const absl::Time start = absl::Now();
  Coordinator coordinator(refs, options, sink);
  std::vector<std::unique_ptr<Lane>> lanes;
  std::vector<std::thread> threads;
  const int streams =
      options.streams > 0 ? options.streams
                          : std::max(8, 4 * static_cast<int>(std::thread::hardware_concurrency()));
  coordinator.SetLanes(options.targets.size() * static_cast<size_t>(streams));
  for (const std::string& target : options.targets) {
    std::shared_ptr<grpc::Channel> channel = MakeChannel(target, options.channel, ChannelArgs(options)).value();
    for (int s = 0; s < streams; ++s) {
      lanes.push_back(std::make_unique<Lane>(target, channel, &coordinator, options));
      const absl::Duration stagger = options.stream_lifetime * s / streams;
      threads.emplace_back([lane = lanes.back().get(), stagger] { lane->Run(stagger); });
    }
  }
  while (!coordinator.WaitAllDone(absl::Milliseconds(200))) {
    if (options.progress) DrawProgress(coordinator.Report(), absl::Now() - start);
  }
  for (std::thread& thread : threads) thread.join();
  BulkReport report = coordinator.Report();
  report.elapsed = absl::Now() - start;
  if (options.progress) {
    DrawProgress(report, report.elapsed);
    std::fputc('\n', stderr);
  }
  return report;
}

std::string FormatReport(const BulkReport& report) {
  std::vector<double> sorted = report.latencies_ms;
  std::sort(sorted.begin(), sorted.end());
  const double seconds = std::max(1e-6, absl::ToDoubleSeconds(report.elapsed));
  std::string out = absl::StrFormat(
      "documents: %zu  succeeded: %zu  failed: %zu  skipped: %zu  retries: %zu\n",
      report.documents, report.succeeded, report.failed, report.skipped, report.retries);
  for (const auto& [code, count] : report.errors_by_code) {
    absl::StrAppendFormat(&out, "  errors %s: %zu\n", code, count);
  }
  absl::StrAppendFormat(&out, "elapsed: %.3fs  throughput: %.1f docs/s\n", seconds,
                        (report.succeeded + report.failed) / seconds);
  absl::StrAppendFormat(&out, "latency ms: p50 %.2f  p95 %.2f  p99 %.2f\n",
                        Percentile(sorted, 0.50), Percentile(sorted, 0.95),
                        Percentile(sorted, 0.99));
  return out;
}

}  // namespace factd::client
