#include "service/server.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/impl/server_builder_plugin.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "service/health_service.h"
#include "service/metrics.h"

namespace factd {
namespace {

// Room for the request envelope around the content (ids, options, framing).
constexpr size_t kEnvelopeBytes = 64 << 10;

// "127.0.0.1:50051" -> "127.0.0.1"; "[::1]:0" -> "[::1]".
std::string HostOf(const std::string& address) {
  const size_t colon = address.rfind(':');
  return colon == std::string::npos ? address : address.substr(0, colon);
}

absl::Status Validate(const ServerOptions& options) {
  const FactServiceOptions& service = options.service;
  if (options.address.find(':') == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "address \"", options.address, "\" must be HOST:PORT"));
  }
  if (service.max_batch == 0) {
    return absl::InvalidArgumentError("max_batch must be >= 1");
  }
  if (service.stream_window == 0) {
    return absl::InvalidArgumentError("stream_window must be >= 1");
  }
  if (service.max_batch_bytes < options.max_document_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_batch_bytes (", service.max_batch_bytes,
        ") must be at least max_document_bytes (", options.max_document_bytes,
        ")"));
  }
  if (service.max_batch_bytes + kEnvelopeBytes > (size_t{1} << 31) - 1) {
    return absl::InvalidArgumentError("max_batch_bytes must be below 2 GiB");
  }
  return absl::OkStatus();
}

// Linking gRPC's reflection library registers its plugin for every server
// (a static initializer), so turning reflection off means taking the plugin
// out of the builder again.
class WithoutReflection final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(
      std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    plugins->erase(std::remove_if(plugins->begin(), plugins->end(),
                                  [](const auto& plugin) {
                                    return plugin->name() == "proto_server_reflection";
                                  }),
                   plugins->end());
  }
};

}  // namespace

const char* FactdVersion() { return FACTD_VERSION; }

absl::StatusOr<std::unique_ptr<FactServer>> FactServer::Start(
    const ServerOptions& requested) {
  ServerOptions options = requested;
  if (options.workers == 0) {
    options.workers = std::max(1u, std::thread::hardware_concurrency());
  }
  if (absl::Status valid = Validate(options); !valid.ok()) return valid;

  std::unique_ptr<FactServer> server(new FactServer());
  server->options_ = options;

  absl::StatusOr<std::unique_ptr<Extractor>> extractor =
      Extractor::Create({options.max_document_bytes});
  if (!extractor.ok()) return extractor.status();
  server->extractor_ = *std::move(extractor);

  absl::StatusOr<std::unique_ptr<WorkerPool>> pool =
      WorkerPool::Create({options.workers, options.queue_capacity});
  if (!pool.ok()) return pool.status();
  server->pool_ = *std::move(pool);

  const std::string metrics_address =
      options.metrics_port < 0
          ? ""
          : absl::StrCat(HostOf(options.address), ":", options.metrics_port);
  absl::StatusOr<std::unique_ptr<ServiceMetrics>> metrics =
      ServiceMetrics::Create(metrics_address);
  if (!metrics.ok()) return metrics.status();
  server->metrics_ = *std::move(metrics);

  v1::ServerInfo& info = server->info_;
  info.set_version(FactdVersion());
  for (const std::string& language : Extractor::Languages()) {
    info.add_languages(language);
  }
  for (const std::string& kind : Extractor::FactKinds()) {
    info.add_fact_kinds(kind);
  }
  v1::Limits* limits = info.mutable_limits();
  limits->set_max_document_bytes(options.max_document_bytes);
  limits->set_max_batch(static_cast<uint32_t>(options.service.max_batch));
  limits->set_max_batch_bytes(options.service.max_batch_bytes);
  limits->set_queue_capacity(static_cast<uint32_t>(options.queue_capacity));
  limits->set_workers(static_cast<uint32_t>(options.workers));
  limits->set_stream_window(static_cast<uint32_t>(options.service.stream_window));

  server->service_ = std::make_unique<FactServiceImpl>(
      server->extractor_.get(), server->pool_.get(), server->metrics_.get(),
      options.service, info);
  server->health_ = std::make_unique<HealthService>(
      std::vector<std::string>{v1::FactService::service_full_name()});

  if (options.reflection) {
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  }
  grpc::ServerBuilder builder;
  if (!options.reflection) builder.SetOption(std::make_unique<WithoutReflection>());
  int port = 0;
  builder.AddListeningPort(options.address, grpc::InsecureServerCredentials(),
                           &port);
  // Requests up to a full batch get through to our own checks, which say
  // which limit was passed; anything larger is cut off by gRPC.
  builder.SetMaxReceiveMessageSize(
      static_cast<int>(options.service.max_batch_bytes + kEnvelopeBytes));
  builder.RegisterService(server->service_.get());
  builder.RegisterService(server->health_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.address));
  }
  server->address_ = absl::StrCat(HostOf(options.address), ":", port);
  server->health_->SetServing(true);
  return server;
}

FactServer::~FactServer() { Shutdown(absl::ZeroDuration()); }

int FactServer::metrics_port() const { return metrics_->port(); }

bool FactServer::Shutdown(absl::Duration grace) {
  if (shut_down_) return drained_;
  shut_down_ = true;
  const absl::Time deadline = absl::Now() + grace;
  health_->SetServing(false);
  service_->StartDraining();
  drained_ = pool_->Drain(deadline);
  // Streams finish once their documents are answered; watchers are ended
  // here; anything still open at the deadline is cancelled by gRPC.
  health_->Shutdown();
  // The last responses still need a moment to be written.
  server_->Shutdown(absl::ToChronoTime(
      std::max(deadline, absl::Now() + absl::Milliseconds(500))));
  server_->Wait();
  return drained_;
}

}  // namespace factd
