// FactServiceImpl: the gRPC face of factd.v1.FactService on the callback API.
// It only speaks gRPC: it checks each request's envelope, hands documents to
// the WorkerPool, and answers from the pool's completions. No reaction ever
// blocks: a full queue is answered with RESOURCE_EXHAUSTED at once.
//
//   factd::FactServiceImpl service(extractor, pool, metrics, options, info);
//   builder.RegisterService(&service);
//   ...
//   service.StartDraining();  // new calls UNAVAILABLE; streams wind down
//
// Thread-safe. The extractor, pool and metrics must outlive the gRPC server.
#ifndef FACTD_SERVICE_FACT_SERVICE_H_
#define FACTD_SERVICE_FACT_SERVICE_H_

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "factd/v1/factd.grpc.pb.h"
#include "service/metrics.h"
#include "worker/extractor.h"
#include "worker/worker_pool.h"

namespace factd {

struct FactServiceOptions {
  // Most documents in one ExtractBatch call.
  size_t max_batch = 256;
  // Most content bytes, summed, in one ExtractBatch call.
  size_t max_batch_bytes = 16 << 20;
  // Documents one ExtractStream holds (queued, running, or answered but not
  // yet written) before it stops reading from the client.
  size_t stream_window = 64;
  // CPU time one document may use on its worker thread; past it the
  // document is answered DEADLINE_EXCEEDED.
  absl::Duration max_document_cpu = absl::Seconds(10);
  // Ids one ExtractStream remembers as answered (to refuse their reuse);
  // beyond this the oldest are forgotten, so a long stream's memory stays
  // bounded.
  size_t max_remembered_ids = 16384;
  // Fault injection for tests of overload, deadlines and shutdown, zero or
  // empty in production: each document spends this long on its worker
  // thread before extraction, and waits while this file exists. Both
  // count against the document's budget (deadline, CPU aside, shutdown).
  absl::Duration debug_delay_per_document = absl::ZeroDuration();
  std::string debug_hold_file;
};

class FactServiceImpl final : public v1::FactService::CallbackService {
 public:
  FactServiceImpl(const Extractor* extractor, WorkerPool* pool,
                  ServiceMetrics* metrics, const FactServiceOptions& options,
                  v1::ServerInfo info);

  // From now on new calls are answered UNAVAILABLE; open streams answer
  // documents they read from now on in-band UNAVAILABLE and finish with
  // UNAVAILABLE once their admitted documents are answered. Non-blocking.
  void StartDraining();
  // Documents being extracted stop at their next budget check and are
  // answered DEADLINE_EXCEEDED (a shutdown's grace period is over).
  // Non-blocking.
  void StopRunning() { stop_running_.store(true, std::memory_order_relaxed); }

  grpc::ServerUnaryReactor* Extract(grpc::CallbackServerContext* context,
                                    const v1::ExtractRequest* request,
                                    v1::ExtractResponse* response) override;
  grpc::ServerUnaryReactor* ExtractBatch(
      grpc::CallbackServerContext* context,
      const v1::ExtractBatchRequest* request,
      v1::ExtractBatchResponse* response) override;
  grpc::ServerBidiReactor<v1::ExtractRequest, v1::ExtractResponse>*
  ExtractStream(grpc::CallbackServerContext* context) override;
  grpc::ServerUnaryReactor* GetServerInfo(
      grpc::CallbackServerContext* context,
      const v1::GetServerInfoRequest* request,
      v1::ServerInfo* response) override;

 private:
  class BatchCall;
  class StreamReactor;

  // One document on its way through the pool. `done` is called exactly
  // once, on a worker thread, with the summary or the reason there is none.
  struct Job {
    const v1::Document* document;
    v1::ExtractOptions options;
    grpc::CallbackServerContext* context;  // deadline and cancellation
    // Owns *document when the call does not (streams reuse their buffer).
    std::unique_ptr<v1::ExtractRequest> owned;
    absl::AnyInvocable<void(absl::StatusOr<v1::DocumentSummary>)> done;
  };

  // Checks the envelope and admits `job` to the pool. On error (bad
  // envelope, queue full, draining) `job.done` is not called and the status
  // says why.
  absl::Status Schedule(Job job);
  // Runs on a worker thread.
  void Run(Job& job, absl::Status admitted);
  // The debug delay and hold file, on the worker thread, within `budget`.
  void DebugHold(Budget* budget) const;

  bool draining() const { return draining_.load(std::memory_order_acquire); }
  void Unregister(StreamReactor* stream);

  const Extractor* const extractor_;
  WorkerPool* const pool_;
  ServiceMetrics* const metrics_;
  const FactServiceOptions options_;
  const v1::ServerInfo info_;
  std::atomic<bool> draining_{false};
  std::atomic<bool> stop_running_{false};

  absl::Mutex streams_mu_;
  // Open ExtractStream calls, told when draining starts; each removes
  // itself in OnDone.
  absl::flat_hash_set<StreamReactor*> streams_ ABSL_GUARDED_BY(streams_mu_);
};

}  // namespace factd

#endif  // FACTD_SERVICE_FACT_SERVICE_H_
