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
#include <cstdint>
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

// TLS for the gRPC port. Without a certificate the port is plaintext.
struct TlsOptions {
  // PEM files: the server's certificate chain and private key.
  std::string cert_file;
  std::string key_file;
  // PEM bundle of the CAs that sign client certificates: when set, every
  // client must present a certificate they signed (mutual TLS).
  std::string client_ca_file;
  // How often the files are read again, so renewed certificates are served
  // without a restart (gRPC's file-watcher certificate provider).
  absl::Duration reload_interval = absl::Minutes(1);
  bool enabled() const { return !cert_file.empty(); }
};

// What one client connection may hold, and how long it may live (gRFC A9).
struct ConnectionLimits {
  // Streams (calls) open at once on one connection.
  uint32_t max_concurrent_streams = 32;
  // A connection with no call for this long is closed with GOAWAY.
  absl::Duration max_connection_idle = absl::Minutes(10);
  // A connection older than this is sent GOAWAY so clients reconnect (and
  // re-resolve); its calls then have max_connection_age_grace to finish.
  // InfiniteDuration: no limit.
  absl::Duration max_connection_age = absl::InfiniteDuration();
  absl::Duration max_connection_age_grace = absl::Minutes(1);
  // Keepalive enforcement: a client pinging more often than this without
  // sending data is sent GOAWAY after a few such pings.
  absl::Duration min_client_ping_interval = absl::Seconds(10);
  // Memory gRPC may use for all connections' buffers (its ResourceQuota);
  // under pressure it stops reading and cancels the streams holding most.
  size_t memory_bytes = size_t{128} << 20;
};

struct ServerOptions {
  // HOST:PORT or [IPV6]:PORT to listen on; port 0 picks a free one.
  std::string address = "127.0.0.1:50051";
  // HOST:PORT for /metrics; port 0 picks a free one; empty turns it off.
  std::string metrics_address = "127.0.0.1:9464";
  // Extraction threads, >= 1.
  size_t workers = 1;
  // Documents that may wait for a worker before RESOURCE_EXHAUSTED, and the
  // bytes they may hold.
  size_t queue_capacity = 1024;
  size_t max_queued_bytes = size_t{64} << 20;
  size_t max_document_bytes = 1 << 20;
  FactServiceOptions service;
  // Serve grpc.reflection.v1alpha.ServerReflection.
  bool reflection = true;
  TlsOptions tls;
  ConnectionLimits connections;
};

class FactServer {
 public:
  // Validates `options` (INVALID_ARGUMENT naming the option), loads the
  // extraction data, binds the ports (UNAVAILABLE "cannot listen on ADDRESS
  // (gRPC|metrics): REASON"), reads the TLS files (INVALID_ARGUMENT naming
  // the file) and starts serving; health reports SERVING once this returns.
  // Nothing is left running when it fails.
  static absl::StatusOr<std::unique_ptr<FactServer>> Start(
      const ServerOptions& options);

  // Drains (see Shutdown) with a zero grace period if still running.
  ~FactServer();

  // The gRPC address actually bound ("127.0.0.1:50051"), and the metrics
  // address ("" when off).
  const std::string& address() const { return address_; }
  const std::string& metrics_address() const { return metrics_address_; }
  const v1::ServerInfo& info() const { return info_; }

  // Health goes NOT_SERVING and new calls get UNAVAILABLE; documents already
  // admitted run until `grace` has passed. Then documents still running are
  // stopped (DEADLINE_EXCEEDED) and those still queued are answered
  // UNAVAILABLE; then the server stops. Returns true when every admitted
  // document ran within the grace period. Blocks; later calls return at
  // once.
  bool Shutdown(absl::Duration grace);

 private:
  FactServer() = default;

  ServerOptions options_;
  std::string address_;
  std::string metrics_address_;
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
