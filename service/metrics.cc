#include "service/metrics.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/support/status_code_enum.h"
#include "prometheus/text_serializer.h"

namespace factd {
namespace {

// Latency buckets from 50 µs to about 13 s, doubling.
prometheus::Histogram::BucketBoundaries LatencyBuckets() {
  prometheus::Histogram::BucketBoundaries buckets;
  for (double b = 50e-6; b < 15; b *= 2) buckets.push_back(b);
  return buckets;
}

// The canonical upper-case gRPC code name, as grpcurl prints it.
std::string CodeName(int code) {
  static const char* const kNames[] = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
      "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
  if (code >= 0 && code < static_cast<int>(std::size(kNames))) {
    return kNames[code];
  }
  return absl::StrCat(code);
}

}  // namespace

ServiceMetrics::ServiceMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      rpcs_(prometheus::BuildCounter()
                .Name("factd_rpcs_total")
                .Help("RPCs finished, by method and gRPC status code")
                .Register(*registry_)),
      rpc_seconds_(prometheus::BuildHistogram()
                       .Name("factd_rpc_duration_seconds")
                       .Help("Time from an RPC's start to its status, by method")
                       .Register(*registry_)),
      documents_(prometheus::BuildCounter()
                     .Name("factd_documents_total")
                     .Help("Documents answered, by gRPC status code")
                     .Register(*registry_)),
      document_bytes_(prometheus::BuildCounter()
                          .Name("factd_document_bytes_total")
                          .Help("Content bytes of documents extracted")
                          .Register(*registry_)
                          .Add({})),
      dropped_(prometheus::BuildCounter()
                   .Name("factd_documents_dropped_total")
                   .Help("Documents answered without running, by reason "
                         "(deadline, cancelled, queue_full, shutdown)")
                   .Register(*registry_)),
      stopped_(prometheus::BuildCounter()
                   .Name("factd_documents_stopped_total")
                   .Help("Documents stopped while being extracted, by the limit that stopped "
                         "them (deadline, cpu, shutdown, cancelled)")
                   .Register(*registry_)),
      stage_seconds_family_(
          prometheus::BuildHistogram()
              .Name("factd_stage_duration_seconds")
              .Help("Time spent per extraction stage, per document")
              .Register(*registry_)),
      queue_depth_(prometheus::BuildGauge()
                       .Name("factd_queue_depth")
                       .Help("Documents waiting for a worker thread")
                       .Register(*registry_)
                       .Add({})),
      in_flight_(prometheus::BuildGauge()
                     .Name("factd_in_flight")
                     .Help("Documents admitted and not yet answered")
                     .Register(*registry_)
                     .Add({})) {
  for (size_t i = 0; i < kStageCount; ++i) {
    stage_seconds_[i] = &stage_seconds_family_.Add(
        {{"stage", StageName(static_cast<Stage>(i))}}, LatencyBuckets());
  }
}

absl::StatusOr<std::unique_ptr<ServiceMetrics>> ServiceMetrics::Create(
    const std::optional<ListenAddress>& address) {
  std::unique_ptr<ServiceMetrics> metrics(new ServiceMetrics());
  if (!address.has_value()) return metrics;
  std::shared_ptr<prometheus::Registry> registry = metrics->registry_;
  absl::StatusOr<std::unique_ptr<MetricsHttpServer>> http =
      MetricsHttpServer::Start(*address, [registry] {
        return prometheus::TextSerializer().Serialize(registry->Collect());
      });
  if (!http.ok()) return http.status();
  metrics->http_ = *std::move(http);
  metrics->port_ = metrics->http_->port();
  return metrics;
}

void ServiceMetrics::RecordRpc(const std::string& method, int code,
                               absl::Duration elapsed) {
  rpcs_.Add({{"method", method}, {"code", CodeName(code)}}).Increment();
  rpc_seconds_.Add({{"method", method}}, LatencyBuckets())
      .Observe(absl::ToDoubleSeconds(elapsed));
}

void ServiceMetrics::RecordDocument(int code, size_t bytes,
                                    const StageTimings* timings) {
  documents_.Add({{"code", CodeName(code)}}).Increment();
  if (code != grpc::StatusCode::OK) return;
  document_bytes_.Increment(static_cast<double>(bytes));
  if (timings == nullptr) return;
  for (size_t i = 0; i < kStageCount; ++i) {
    stage_seconds_[i]->Observe(absl::ToDoubleSeconds(timings->elapsed[i]));
  }
}

void ServiceMetrics::RecordDropped(const std::string& reason) {
  dropped_.Add({{"reason", reason}}).Increment();
}

void ServiceMetrics::RecordStopped(const std::string& reason) {
  stopped_.Add({{"reason", reason}}).Increment();
}

}  // namespace factd
