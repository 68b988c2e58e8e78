#include "service/server.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/impl/server_builder_plugin.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "service/address.h"
#include "service/health_service.h"
#include "service/metrics.h"
#include "service/tls_files.h"

namespace factd {
namespace {

// Room for one document's envelope (id, hint, url, timestamp and framing,
// all bounded by the worker's limits) and for a request's own.
constexpr size_t kDocumentEnvelopeBytes = 8 << 10;
constexpr size_t kRequestEnvelopeBytes = 64 << 10;

// The largest request gRPC accepts: a full batch or one document, with
// their envelopes.
size_t MaxReceiveBytes(const ServerOptions& options) {
  return std::max(options.max_document_bytes, options.service.max_batch_bytes) +
         options.service.max_batch * kDocumentEnvelopeBytes + kRequestEnvelopeBytes;
}

int Milliseconds(absl::Duration d) {
  if (d == absl::InfiniteDuration()) return std::numeric_limits<int>::max();
  return static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(d),
                                            std::numeric_limits<int>::max()));
}

absl::Status Validate(const ServerOptions& options) {
  const auto bad = [](auto&&... parts) {
    return absl::InvalidArgumentError(absl::StrCat(parts...));
  };
  const FactServiceOptions& service = options.service;
  const ConnectionLimits& connections = options.connections;
  if (options.workers < 1 || options.workers > 1024) {
    return bad("workers must be in 1..1024, got ", options.workers);
  }
  if (options.queue_capacity < 1) return bad("queue_capacity must be >= 1");
  if (options.max_queued_bytes < 1) return bad("max_queued_bytes must be >= 1");
  if (options.max_document_bytes < 1 || options.max_document_bytes > kMaxDocumentBytesLimit) {
    return bad("max_document_bytes must be in 1..", kMaxDocumentBytesLimit, ", got ",
               options.max_document_bytes);
  }
  if (service.max_batch < 1) return bad("max_batch must be >= 1");
  if (service.stream_window < 1) return bad("stream_window must be >= 1");
  if (service.max_remembered_ids < 1) return bad("max_remembered_ids must be >= 1");
  if (service.max_document_cpu <= absl::ZeroDuration()) {
    return bad("max_document_seconds must be > 0");
  }
  if (service.max_batch_bytes < options.max_document_bytes) {
    return bad("max_batch_bytes (", service.max_batch_bytes,
               ") must be at least max_document_bytes (", options.max_document_bytes, ")");
  }
  if (MaxReceiveBytes(options) > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return bad("max_batch_bytes and max_batch together must stay below 2 GiB a request");
  }
  if (connections.max_concurrent_streams < 1) return bad("max_concurrent_streams must be >= 1");
  for (const auto& [name, value] :
       {std::pair{"max_connection_idle", connections.max_connection_idle},
        std::pair{"max_connection_age", connections.max_connection_age},
        std::pair{"max_connection_age_grace", connections.max_connection_age_grace},
        std::pair{"min_client_ping_interval", connections.min_client_ping_interval}}) {
    if (value <= absl::ZeroDuration()) return bad(name, " must be > 0");
  }
  if (connections.memory_bytes < (size_t{16} << 20)) return bad("max_memory_bytes must be >= 16 MiB");
  const TlsOptions& tls = options.tls;
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return bad("tls_cert and tls_key go together");
  }
  if (!tls.client_ca_file.empty() && !tls.enabled()) {
    return bad("tls_client_ca needs tls_cert and tls_key");
  }
  if (tls.enabled() && tls.reload_interval < absl::Seconds(1)) {
    return bad("tls_reload_interval must be >= 1s");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const TlsOptions& tls) {
  if (!tls.enabled()) return grpc::InsecureServerCredentials();
  if (absl::Status usable = CheckTlsFiles(tls.cert_file, tls.key_file, tls.client_ca_file);
      !usable.ok()) {
    return usable;
  }
  const auto refresh = static_cast<unsigned int>(absl::ToInt64Seconds(tls.reload_interval));
  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      tls.key_file, tls.cert_file, tls.client_ca_file, refresh);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (tls.client_ca_file.empty()) {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  } else {
    options.watch_root_certs();
    options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  return grpc::experimental::TlsServerCredentials(options);
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

absl::StatusOr<std::unique_ptr<FactServer>> FactServer::Start(const ServerOptions& options) {
  if (absl::Status valid = Validate(options); !valid.ok()) return valid;
  absl::StatusOr<ListenAddress> grpc_address = ParseListenAddress(options.address, "gRPC");
  if (!grpc_address.ok()) return grpc_address.status();
  std::optional<ListenAddress> metrics_address;
  if (!options.metrics_address.empty()) {
    absl::StatusOr<ListenAddress> parsed = ParseListenAddress(options.metrics_address, "metrics");
    if (!parsed.ok()) return parsed.status();
    metrics_address = *parsed;
  }
  // Say which port is taken before gRPC or the metrics server find out in
  // their own words.
  if (absl::Status s = CheckCanListen(*grpc_address, "gRPC"); !s.ok()) return s;
  if (metrics_address.has_value()) {
    if (absl::Status s = CheckCanListen(*metrics_address, "metrics"); !s.ok()) return s;
  }
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = Credentials(options.tls);
  if (!credentials.ok()) return credentials.status();

  std::unique_ptr<FactServer> server(new FactServer());
  server->options_ = options;

  absl::StatusOr<std::unique_ptr<Extractor>> extractor =
      Extractor::Create({options.max_document_bytes});
  if (!extractor.ok()) return extractor.status();
  server->extractor_ = *std::move(extractor);

  // Extraction yields the cores to gRPC's threads, so health checks and
  // refusals are answered at once however busy the workers are.
  absl::StatusOr<std::unique_ptr<WorkerPool>> pool = WorkerPool::Create(
      {options.workers, options.queue_capacity, options.max_queued_bytes, /*nice=*/5});
  if (!pool.ok()) return pool.status();
  server->pool_ = *std::move(pool);

  absl::StatusOr<std::unique_ptr<ServiceMetrics>> metrics = ServiceMetrics::Create(metrics_address);
  if (!metrics.ok()) return metrics.status();
  server->metrics_ = *std::move(metrics);
  if (metrics_address.has_value()) {
    server->metrics_address_ = metrics_address->WithPort(server->metrics_->port());
  }

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
  limits->set_max_id_bytes(kMaxIdBytes);
  limits->set_max_document_seconds(absl::ToDoubleSeconds(options.service.max_document_cpu));

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
  builder.AddListeningPort(grpc_address->ToString(), *credentials, &port);
  // Two servers on one port would silently share its traffic.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // Requests up to a full batch get through to our own checks, which say
  // which limit was passed; anything larger is refused by gRPC.
  builder.SetMaxReceiveMessageSize(static_cast<int>(MaxReceiveBytes(options)));
  const ConnectionLimits& connections = options.connections;
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             static_cast<int>(connections.max_concurrent_streams));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                             Milliseconds(connections.max_connection_idle));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             Milliseconds(connections.max_connection_age));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             Milliseconds(connections.max_connection_age_grace));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             Milliseconds(connections.min_client_ping_interval));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  grpc::ResourceQuota quota("factd");
  quota.Resize(connections.memory_bytes);
  builder.SetResourceQuota(quota);
  builder.RegisterService(server->service_.get());
  builder.RegisterService(server->health_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", grpc_address->ToString(), " (gRPC)"));
  }
  server->address_ = grpc_address->WithPort(port);
  server->health_->SetServing(true);
  return server;
}

FactServer::~FactServer() {
  // A server whose Start failed halfway has nothing running to drain.
  if (server_ != nullptr) Shutdown(absl::ZeroDuration());
}

bool FactServer::Shutdown(absl::Duration grace) {
  if (shut_down_ || server_ == nullptr) return drained_;
  shut_down_ = true;
  const absl::Time deadline = absl::Now() + grace;
  health_->SetServing(false);
  service_->StartDraining();
  drained_ = pool_->Drain(deadline, [this] { service_->StopRunning(); });
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
