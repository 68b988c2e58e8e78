// FactServer: a running factd — the gRPC server with FactService, Health and
// (optionally) reflection, the worker pool behind it, and the metrics
// endpoint.
//
//   auto server = factd::FactServer::Start(options).value();
//   std::cout << "listening on " << server->address() << "\n";
//   ...                                   // until SIGTERM
//   server->Shutdown(absl::Seconds(10));  // drains, then stops
//
// Thread-safe.
#ifndef FACTD_SERVICE_SERVER_H_
#define FACTD_SERVICE_SERVER_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/fact_service.h"

namespace grpc {
class Server;
}

namespace factd {

class HealthService;
class ServiceMetrics;

struct ServerOptions {
  // HOST:PORT to listen on; port 0 picks a free one.
  std::string address = "127.0.0.1:50051";
  // Extraction threads; 0 means one per hardware core.
  size_t workers = 0;
  // Documents that may wait for a worker before RESOURCE_EXHAUSTED.
  size_t queue_capacity = 1024;
  size_t max_document_bytes = 1 << 20;
  FactServiceOptions service;
  // Serve grpc.reflection.v1alpha.ServerReflection.
  bool reflection = true;
  // Port for /metrics on the host of `address`: 0 picks a free one, a
  // negative value turns the endpoint off.
  int metrics_port = 9464;
};

class FactServer {
 public:
  // Validates `options` (INVALID_ARGUMENT), loads the extraction data, binds
  // the ports (UNAVAILABLE when one cannot be bound) and starts serving;
  // health reports SERVING once this returns.
  static absl::StatusOr<std::unique_ptr<FactServer>> Start(
      const ServerOptions& options);

  // Drains (see Shutdown) with a zero grace period if still running.
  ~FactServer();

  // HOST:PORT actually bound, and the metrics port (0 when off).
  const std::string& address() const { return address_; }
  int metrics_port() const;
  const v1::ServerInfo& info() const { return info_; }

  // Health goes NOT_SERVING and new calls get UNAVAILABLE; documents already
  // admitted run until `grace` has passed, those still queued then are
  // answered UNAVAILABLE; then the server stops. Returns true when every
  // admitted document ran. Blocks; later calls return at once.
  bool Shutdown(absl::Duration grace);

 private:
  FactServer() = default;

  ServerOptions options_;
  std::string address_;
  v1::ServerInfo info_;
  std::unique_ptr<ServiceMetrics> metrics_;
  std::unique_ptr<Extractor> extractor_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<FactServiceImpl> service_;
  std::unique_ptr<HealthService> health_;
  std::unique_ptr<grpc::Server> server_;
  bool shut_down_ = false;
  bool drained_ = true;
};

// The version of this build ("0.1.0").
const char* FactdVersion();

}  // namespace factd

#endif  // FACTD_SERVICE_SERVER_H_
