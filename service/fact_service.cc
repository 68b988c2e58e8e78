#include "service/fact_service.h"

#include <unistd.h>

#include <chrono>
#include <deque>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "service/status_util.h"
#include "worker/budget.h"

namespace factd {
namespace {

int CodeOf(const absl::Status& status) { return static_cast<int>(status.code()); }

// Fills a batch or stream result from the outcome of one document.
void FillResponse(const std::string& id,
                  absl::StatusOr<v1::DocumentSummary> result,
                  v1::ExtractResponse* response) {
  response->set_document_id(id);
  if (result.ok()) {
    *response->mutable_summary() = *std::move(result);
  } else {
    ToProtoStatus(result.status(), response->mutable_error());
  }
}

bool DeadlinePassed(const grpc::CallbackServerContext* context) {
  return std::chrono::system_clock::now() > context->deadline();
}

}  // namespace

FactServiceImpl::FactServiceImpl(const Extractor* extractor, WorkerPool* pool,
                                 ServiceMetrics* metrics,
                                 const FactServiceOptions& options,
                                 v1::ServerInfo info)
    : extractor_(extractor),
      pool_(pool),
      metrics_(metrics),
      options_(options),
      info_(std::move(info)) {}

absl::Status FactServiceImpl::Schedule(Job job) {
  absl::Status admitted =
      draining() ? absl::UnavailableError(
                       "server is shutting down; send this document elsewhere")
                 : extractor_->CheckEnvelope(*job.document);
  if (admitted.ok()) {
    metrics_->AddInFlight(1);
    const size_t bytes = job.document->ByteSizeLong();
    admitted = pool_->TrySchedule(
        [this, job = std::move(job)](absl::Status run) mutable {
          Run(job, std::move(run));
        },
        bytes);
    metrics_->SetQueueDepth(pool_->queued());
    if (!admitted.ok()) {
      metrics_->AddInFlight(-1);
      metrics_->RecordDropped(absl::IsResourceExhausted(admitted) ? "queue_full"
                                                                  : "shutdown");
    }
  }
  if (!admitted.ok()) metrics_->RecordDocument(CodeOf(admitted), 0, nullptr);
  return admitted;
}

void FactServiceImpl::Run(Job& job, absl::Status admitted) {
  metrics_->SetQueueDepth(pool_->queued());
  absl::StatusOr<v1::DocumentSummary> result;
  StageTimings timings;
  bool ran = false;
  const std::string& id = job.document->id();
  if (!admitted.ok()) {
    result = std::move(admitted);
    metrics_->RecordDropped("shutdown");
  } else if (DeadlinePassed(job.context)) {
    // Checked first: gRPC also marks a call whose deadline passed cancelled.
    result = absl::DeadlineExceededError(absl::StrCat(
        "document ", QuoteId(id), ": the deadline passed while it waited in the queue"));
    metrics_->RecordDropped("deadline");
  } else if (job.context->IsCancelled()) {
    result = absl::CancelledError(absl::StrCat(
        "document ", QuoteId(id), ": the call was cancelled before it ran"));
    metrics_->RecordDropped("cancelled");
  } else {
    grpc::CallbackServerContext* context = job.context;
    Budget budget({absl::FromChrono(context->deadline()), options_.max_document_cpu,
                   &stop_running_, [context] { return context->IsCancelled(); }});
    DebugHold(&budget);
    result = extractor_->Extract(*job.document, job.options, &timings, &budget);
    ran = true;
    if (budget.CheckNow()) metrics_->RecordStopped(budget.reason());
  }
  metrics_->RecordDocument(CodeOf(result.status()), job.document->content().size(),
                           ran ? &timings : nullptr);
  metrics_->AddInFlight(-1);
  job.done(std::move(result));
}

void FactServiceImpl::DebugHold(Budget* budget) const {
  const absl::Time until = absl::Now() + options_.debug_delay_per_document;
  const auto held = [&] {
    if (absl::Now() < until) return true;
    return !options_.debug_hold_file.empty() && access(options_.debug_hold_file.c_str(), F_OK) == 0;
  };
  while (held() && !budget->CheckNow()) absl::SleepFor(absl::Milliseconds(2));
}

// ---------------------------------------------------------------- Extract

grpc::ServerUnaryReactor* FactServiceImpl::Extract(
    grpc::CallbackServerContext* context, const v1::ExtractRequest* request,
    v1::ExtractResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  auto finish = [this, reactor, start](const absl::Status& status) {
    metrics_->RecordRpc("Extract", CodeOf(status), absl::Now() - start);
    reactor->Finish(ToGrpcStatus(status));
  };
  absl::Status admitted = Schedule(
      {&request->document(), request->options(), context, nullptr,
       [response, finish](absl::StatusOr<v1::DocumentSummary> result) {
         if (result.ok()) {
           response->set_document_id(result->document_id());
           *response->mutable_summary() = *std::move(result);
         }
         finish(result.status());
       }});
  if (!admitted.ok()) finish(admitted);
  return reactor;
}

// ----------------------------------------------------------- ExtractBatch

// Collects the results of one batch; the last document to complete
// finishes the call and deletes this.
class FactServiceImpl::BatchCall {
 public:
  // `pending` counts the documents scheduled plus one held by the caller
  // while it schedules them (released with Release()).
  BatchCall(FactServiceImpl* service, grpc::ServerUnaryReactor* reactor,
            v1::ExtractBatchResponse* response, size_t pending)
      : service_(service),
        reactor_(reactor),
        response_(response),
        start_(absl::Now()),
        pending_(pending) {}

  // Each index is completed at most once, so slots need no lock.
  void Complete(int index, absl::StatusOr<v1::DocumentSummary> result) {
    v1::ExtractResponse* slot = response_->mutable_results(index);
    FillResponse(slot->document_id(), std::move(result), slot);
    Release();
  }

  void Release() {
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    service_->metrics_->RecordRpc("ExtractBatch", 0, absl::Now() - start_);
    reactor_->Finish(grpc::Status::OK);
    delete this;
  }

 private:
  FactServiceImpl* const service_;
  grpc::ServerUnaryReactor* const reactor_;
  v1::ExtractBatchResponse* const response_;
  const absl::Time start_;
  std::atomic<size_t> pending_;
};

grpc::ServerUnaryReactor* FactServiceImpl::ExtractBatch(
    grpc::CallbackServerContext* context,
    const v1::ExtractBatchRequest* request,
    v1::ExtractBatchResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  const int count = request->documents_size();
  size_t bytes = 0;
  for (const v1::Document& document : request->documents()) {
    bytes += document.content().size();
  }
  absl::Status usable;
  if (draining()) {
    usable = absl::UnavailableError("server is shutting down; send this batch elsewhere");
  } else if (count == 0) {
    usable = absl::InvalidArgumentError("documents is empty: a batch needs at least one document");
  } else if (static_cast<size_t>(count) > options_.max_batch) {
    usable = absl::InvalidArgumentError(absl::StrCat(
        "batch has ", count, " documents, over max_batch ", options_.max_batch,
        "; split it or use ExtractStream"));
  } else if (bytes > options_.max_batch_bytes) {
    usable = absl::InvalidArgumentError(absl::StrCat(
        "batch content is ", bytes, " bytes, over max_batch_bytes ",
        options_.max_batch_bytes, "; split it or use ExtractStream"));
  }
  if (!usable.ok()) {
    metrics_->RecordRpc("ExtractBatch", CodeOf(usable), absl::Now() - start);
    reactor->Finish(ToGrpcStatus(usable));
    return reactor;
  }

  for (const v1::Document& document : request->documents()) {
    response->add_results()->set_document_id(document.id().substr(0, kMaxIdBytes));
  }
  auto* call = new BatchCall(this, reactor, response, count + 1);
  absl::flat_hash_map<std::string_view, int> first_index;
  for (int i = 0; i < count; ++i) {
    const v1::Document& document = request->documents(i);
    absl::Status admitted;
    if (!document.id().empty()) {
      auto [it, inserted] = first_index.emplace(document.id(), i);
      if (!inserted) {
        admitted = absl::InvalidArgumentError(absl::StrCat(
            "documents[", i, "]: id ", QuoteId(document.id()),
            " is already used by documents[", it->second, "] of this batch"));
        metrics_->RecordDocument(CodeOf(admitted), 0, nullptr);
      }
    }
    if (admitted.ok()) {
      admitted = Schedule(
          {&document, request->options(), context, nullptr,
           [call, i](absl::StatusOr<v1::DocumentSummary> result) {
             call->Complete(i, std::move(result));
           }});
    }
    if (!admitted.ok()) {
      if (document.id().empty()) {
        admitted = absl::Status(admitted.code(),
                                absl::StrCat("documents[", i, "]: ", admitted.message()));
      }
      ToProtoStatus(admitted, response->mutable_results(i)->mutable_error());
      call->Release();
    }
  }
  call->Release();
  return reactor;
}

// ---------------------------------------------------------- ExtractStream

// One ExtractStream call. Reads a document, admits it, and reads the next
// only while fewer than stream_window documents are held (admitted and
// unanswered, or answered and not yet written): a client that stops reading
// stops being read from, and gRPC flow control pushes back on it.
class FactServiceImpl::StreamReactor final
    : public grpc::ServerBidiReactor<v1::ExtractRequest, v1::ExtractResponse> {
 public:
  StreamReactor(FactServiceImpl* service, grpc::CallbackServerContext* context)
      : service_(service), context_(context), start_(absl::Now()) {
    absl::MutexLock lock(&mu_);
    draining_ = service_->draining();
    MaybeRead();
    MaybeFinish();
  }

  void OnServerDraining() {
    absl::MutexLock lock(&mu_);
    draining_ = true;
    MaybeFinish();
  }

  void OnReadDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    reading_ = false;
    if (!ok) {
      reads_done_ = true;
    } else {
      Admit(std::move(request_));
    }
    MaybeRead();
    MaybeFinish();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) Abandon();
    MaybeWrite();
    MaybeRead();
    MaybeFinish();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    Abandon();
    MaybeFinish();
  }

  // After Unregister no drain notice can arrive; worker completions hold
  // their own references.
  void OnDone() override {
    service_->Unregister(this);
    Unref();
  }

 private:
  // gRPC holds one reference until OnDone; each admitted document holds one
  // until its completion has left the lock, so a worker thread never runs
  // inside a deleted reactor.
  void Ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Unref() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  void Admit(std::unique_ptr<v1::ExtractRequest> request)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    // An id over the limit is refused below; only its first bytes are kept
    // (and echoed), so a huge id costs nothing here.
    const std::string id = request->document().id().substr(0, kMaxIdBytes);
    absl::Status admitted;
    if (draining_) {
      admitted = absl::UnavailableError(
          "server is shutting down; send this document elsewhere");
    } else if (!id.empty() && in_flight_ids_.contains(id)) {
      admitted = absl::InvalidArgumentError(absl::StrCat(
          "document id ", QuoteId(id), " is already in flight on this stream"));
    } else if (!id.empty() && answered_ids_.contains(id)) {
      admitted = absl::InvalidArgumentError(absl::StrCat(
          "document id ", QuoteId(id), " was already answered on this stream"));
    }
    if (!admitted.ok()) {
      service_->metrics_->RecordDocument(CodeOf(admitted), 0, nullptr);
    } else {
      const v1::Document* document = &request->document();
      v1::ExtractOptions options = request->options();
      admitted = service_->Schedule(
          {document, std::move(options), context_, std::move(request),
           [this, id](absl::StatusOr<v1::DocumentSummary> result) {
             Completed(id, std::move(result));
           }});
      if (admitted.ok()) {
        in_flight_ids_.insert(id);
        Ref();
        return;
      }
    }
    v1::ExtractResponse response;
    FillResponse(id, admitted, &response);
    pending_.push_back(std::move(response));
    MaybeWrite();
  }

  // A worker finished (or dropped) document `id`.
  void Completed(const std::string& id,
                 absl::StatusOr<v1::DocumentSummary> result) {
    {
      absl::MutexLock lock(&mu_);
      Record(id, std::move(result));
    }
    Unref();
  }

  void Record(const std::string& id, absl::StatusOr<v1::DocumentSummary> result)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    in_flight_ids_.erase(id);
    if (result.ok()) Remember(id);
    if (!abandoned_) {
      v1::ExtractResponse response;
      FillResponse(id, std::move(result), &response);
      pending_.push_back(std::move(response));
      MaybeWrite();
      MaybeRead();
    }
    MaybeFinish();
  }

  // Remembers `id` as answered, forgetting the oldest beyond the limit.
  void Remember(const std::string& id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!answered_ids_.insert(id).second) return;
    answered_order_.push_back(id);
    if (answered_order_.size() > service_->options_.max_remembered_ids) {
      answered_ids_.erase(answered_order_.front());
      answered_order_.pop_front();
    }
  }

  // The client is gone: nothing more will be written or read.
  void Abandon() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    abandoned_ = true;
    pending_.clear();
  }

  size_t held() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return in_flight_ids_.size() + pending_.size() + (writing_ ? 1 : 0);
  }

  void MaybeRead() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (reading_ || reads_done_ || draining_ || abandoned_ || finished_) return;
    if (held() >= service_->options_.stream_window) return;
    request_ = std::make_unique<v1::ExtractRequest>();
    reading_ = true;
    StartRead(request_.get());
  }

  void MaybeWrite() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_ || pending_.empty() || finished_ || abandoned_) return;
    current_ = std::move(pending_.front());
    pending_.pop_front();
    writing_ = true;
    StartWrite(&current_);
  }

  // Finishes once no more input will be taken and every admitted document
  // is answered and written. Completions reference `this`, so the call
  // never finishes with documents in flight.
  void MaybeFinish() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    const bool input_over = reads_done_ || draining_ || abandoned_;
    if (!input_over || !in_flight_ids_.empty() || writing_ || !pending_.empty()) {
      return;
    }
    finished_ = true;
    absl::Status status;
    if (abandoned_) {
      status = absl::CancelledError("stream abandoned by the client");
    } else if (!reads_done_) {
      status = absl::UnavailableError(
          "server is shutting down; every document read was answered, send "
          "the rest elsewhere");
    }
    service_->metrics_->RecordRpc("ExtractStream", CodeOf(status),
                                  absl::Now() - start_);
    Finish(ToGrpcStatus(status));
  }

  FactServiceImpl* const service_;
  grpc::CallbackServerContext* const context_;
  const absl::Time start_;
  std::atomic<int> refs_{1};
  absl::Mutex mu_;
  // The read buffer; handed to the document's Job once read.
  std::unique_ptr<v1::ExtractRequest> request_ ABSL_GUARDED_BY(mu_);
  v1::ExtractResponse current_ ABSL_GUARDED_BY(mu_);  // being written
  std::deque<v1::ExtractResponse> pending_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> in_flight_ids_ ABSL_GUARDED_BY(mu_);
  // Ids answered with a summary (the last max_remembered_ids of them, in
  // answer order); ids answered with an error may be resent.
  absl::flat_hash_set<std::string> answered_ids_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> answered_order_ ABSL_GUARDED_BY(mu_);
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  bool abandoned_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

grpc::ServerBidiReactor<v1::ExtractRequest, v1::ExtractResponse>*
FactServiceImpl::ExtractStream(grpc::CallbackServerContext* context) {
  absl::MutexLock lock(&streams_mu_);
  auto* stream = new StreamReactor(this, context);
  streams_.insert(stream);
  return stream;
}

void FactServiceImpl::StartDraining() {
  draining_.store(true, std::memory_order_release);
  absl::MutexLock lock(&streams_mu_);
  for (StreamReactor* stream : streams_) stream->OnServerDraining();
}

void FactServiceImpl::Unregister(StreamReactor* stream) {
  absl::MutexLock lock(&streams_mu_);
  streams_.erase(stream);
}

// ---------------------------------------------------------- GetServerInfo

grpc::ServerUnaryReactor* FactServiceImpl::GetServerInfo(
    grpc::CallbackServerContext* context,
    const v1::GetServerInfoRequest* /*request*/, v1::ServerInfo* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status;
  if (draining()) {
    status = absl::UnavailableError("server is shutting down; ask another replica");
  } else {
    *response = info_;
  }
  metrics_->RecordRpc("GetServerInfo", CodeOf(status), absl::ZeroDuration());
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace factd
