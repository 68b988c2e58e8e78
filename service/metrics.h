// ServiceMetrics: the Prometheus metrics of a factd server (prometheus-cpp
// registry), served in the text exposition format at /metrics by a
// MetricsHttpServer.
//
//   auto metrics = factd::ServiceMetrics::Create(address).value();
//   metrics->RecordRpc("Extract", grpc::StatusCode::OK, elapsed);
//
// Thread-safe: every method may be called from any thread.
#ifndef FACTD_SERVICE_METRICS_H_
#define FACTD_SERVICE_METRICS_H_

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "service/address.h"
#include "service/metrics_http.h"
#include "worker/extractor.h"

namespace factd {

class ServiceMetrics {
 public:
  // Serves /metrics on `address` (port 0 picks a free one); without one the
  // metrics are kept in memory only. UNAVAILABLE when it cannot be bound.
  static absl::StatusOr<std::unique_ptr<ServiceMetrics>> Create(
      const std::optional<ListenAddress>& address);

  // The port /metrics is served on, or 0 when not served.
  int port() const { return port_; }

  // One finished RPC: factd_rpcs_total{method,code} and
  // factd_rpc_duration_seconds{method}.
  void RecordRpc(const std::string& method, int code, absl::Duration elapsed);
  // One answered document: factd_documents_total{code}, and for OK ones
  // factd_document_bytes_total and the per-stage latency histogram.
  void RecordDocument(int code, size_t bytes, const StageTimings* timings);
  // A document dropped unrun: factd_documents_dropped_total{reason}.
  void RecordDropped(const std::string& reason);
  // A document stopped while running, by the limit that stopped it
  // (deadline, cpu, shutdown, cancelled): factd_documents_stopped_total.
  void RecordStopped(const std::string& reason);
  // Documents waiting for a worker (factd_queue_depth) and being extracted
  // (factd_in_flight).
  void SetQueueDepth(size_t depth) { queue_depth_.Set(double(depth)); }
  void AddInFlight(int delta) { in_flight_.Increment(delta); }

 private:
  ServiceMetrics();

  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<MetricsHttpServer> http_;
  int port_ = 0;
  prometheus::Family<prometheus::Counter>& rpcs_;
  prometheus::Family<prometheus::Histogram>& rpc_seconds_;
  prometheus::Family<prometheus::Counter>& documents_;
  prometheus::Counter& document_bytes_;
  prometheus::Family<prometheus::Counter>& dropped_;
  prometheus::Family<prometheus::Counter>& stopped_;
  prometheus::Family<prometheus::Histogram>& stage_seconds_family_;
  std::array<prometheus::Histogram*, kStageCount> stage_seconds_{};
  prometheus::Gauge& queue_depth_;
  prometheus::Gauge& in_flight_;
};

}  // namespace factd

#endif  // FACTD_SERVICE_METRICS_H_
