#include "service/health_service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace factd {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// One Watch stream. Only the latest status is worth sending, so a status
// that arrives while a write is under way replaces any earlier pending one.
class HealthService::Watcher final
    : public grpc::ServerWriteReactor<HealthCheckResponse> {
 public:
  Watcher(HealthService* owner, bool known) : owner_(owner), known_(known) {}

  // Queues `status` for the client (SERVICE_UNKNOWN for unknown services).
  void Push(ServingStatus status) {
    absl::MutexLock lock(&mu_);
    pending_ = known_ ? status : HealthCheckResponse::SERVICE_UNKNOWN;
    has_pending_ = true;
    MaybeWrite();
  }

  // Sends what is pending, then finishes the stream.
  void End() {
    absl::MutexLock lock(&mu_);
    ending_ = true;
    MaybeFinish();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) ending_ = true;  // the client is gone
    MaybeWrite();
    MaybeFinish();
  }

  void OnCancel() override { End(); }

  void OnDone() override {
    owner_->Unregister(this);
    delete this;
  }

 private:
  void MaybeWrite() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_ || !has_pending_ || finished_) return;
    response_.set_status(pending_);
    has_pending_ = false;
    writing_ = true;
    StartWrite(&response_);
  }

  void MaybeFinish() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!ending_ || writing_ || finished_) return;
    finished_ = true;
    Finish(grpc::Status::OK);
  }

  HealthService* const owner_;
  const bool known_;
  absl::Mutex mu_;
  HealthCheckResponse response_ ABSL_GUARDED_BY(mu_);
  ServingStatus pending_ ABSL_GUARDED_BY(mu_) = HealthCheckResponse::UNKNOWN;
  bool has_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool ending_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

HealthService::HealthService(std::vector<std::string> services)
    : services_(std::move(services)), status_(HealthCheckResponse::NOT_SERVING) {}

HealthService::~HealthService() { Shutdown(); }

bool HealthService::Known(const std::string& service) const {
  return service.empty() ||
         std::find(services_.begin(), services_.end(), service) !=
             services_.end();
}

void HealthService::SetServing(bool serving) {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  status_ = serving ? HealthCheckResponse::SERVING
                    : HealthCheckResponse::NOT_SERVING;
  for (Watcher* watcher : watchers_) watcher->Push(status_);
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  shut_down_ = true;
  status_ = HealthCheckResponse::NOT_SERVING;
  for (Watcher* watcher : watchers_) {
    watcher->Push(status_);
    watcher->End();
  }
}

void HealthService::Unregister(Watcher* watcher) {
  absl::MutexLock lock(&mu_);
  watchers_.erase(watcher);
}

grpc::ServerUnaryReactor* HealthService::Check(
    grpc::CallbackServerContext* context, const HealthCheckRequest* request,
    HealthCheckResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (!Known(request->service())) {
    reactor->Finish(grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("unknown service \"", request->service(), "\"")));
    return reactor;
  }
  {
    absl::MutexLock lock(&mu_);
    response->set_status(status_);
  }
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerWriteReactor<HealthCheckResponse>* HealthService::Watch(
    grpc::CallbackServerContext* /*context*/,
    const HealthCheckRequest* request) {
  auto* watcher = new Watcher(this, Known(request->service()));
  absl::MutexLock lock(&mu_);
  watchers_.insert(watcher);
  watcher->Push(status_);
  if (shut_down_) watcher->End();
  return watcher;
}

}  // namespace factd
