// HealthService implements grpc.health.v1.Health (Check and Watch) from the
// proto in Debian's grpc-proto package, so reflection clients such as grpcurl
// can find and call it (gRPC's built-in health service is invisible to
// reflection).
//
//   factd::HealthService health({"factd.v1.FactService"});
//   builder.RegisterService(&health);
//   health.SetServing(true);   // once ready
//   health.Shutdown();         // NOT_SERVING, then ends every Watch
//
// The empty service name means the whole server. Status starts NOT_SERVING.
// Thread-safe.
#ifndef FACTD_SERVICE_HEALTH_SERVICE_H_
#define FACTD_SERVICE_HEALTH_SERVICE_H_

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace factd {

class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  // `services`: names besides "" that Check and Watch know.
  explicit HealthService(std::vector<std::string> services);
  ~HealthService() override;

  // SERVING or NOT_SERVING for every known service; Watch streams hear it.
  void SetServing(bool serving);
  // NOT_SERVING for good; each Watch stream gets it and is then finished.
  // Call before the gRPC server's Shutdown so watchers do not hold it up.
  void Shutdown();

  grpc::ServerUnaryReactor* Check(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request,
      grpc::health::v1::HealthCheckResponse* response) override;
  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

 private:
  class Watcher;

  bool Known(const std::string& service) const;
  void Unregister(Watcher* watcher);

  const std::vector<std::string> services_;
  absl::Mutex mu_;
  ServingStatus status_ ABSL_GUARDED_BY(mu_);
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  // Live Watch streams; each removes itself in OnDone.
  absl::flat_hash_set<Watcher*> watchers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace factd

#endif  // FACTD_SERVICE_HEALTH_SERVICE_H_
