// factd: the fact-extraction gRPC server. Parses flags, starts the server,
// and drains it on SIGTERM or SIGINT.
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/cli.h"
#include "service/server.h"

namespace {

int DefaultWorkers() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

}  // namespace

ABSL_FLAG(std::string, address, "127.0.0.1:50051",
          "HOST:PORT or [IPV6]:PORT to serve gRPC on. Port 0 picks a free port; the "
          "chosen address is printed on stdout as 'listening on HOST:PORT' before "
          "anything else.");
ABSL_FLAG(std::string, metrics_address, "127.0.0.1",
          "Where Prometheus metrics are served (/metrics): HOST, or HOST:PORT which then "
          "overrides --metrics_port. Loopback unless said otherwise.");
ABSL_FLAG(int, metrics_port, 9464,
          "Port for /metrics on --metrics_address. 0 picks a free port (printed as "
          "'metrics on HOST:PORT'); -1 turns metrics off.");
ABSL_FLAG(int, workers, DefaultWorkers(), "Extraction threads, >= 1 (default: one per core).");
ABSL_FLAG(int, queue_capacity, 1024,
          "Documents that may wait for a worker thread, >= 1. When full, new "
          "documents are answered RESOURCE_EXHAUSTED at once.");
ABSL_FLAG(int64_t, max_queued_bytes, int64_t{64} << 20,
          "Bytes of documents that may wait for a worker, >= 1; past them new "
          "documents are answered RESOURCE_EXHAUSTED at once.");
ABSL_FLAG(int64_t, max_document_bytes, 1 << 20,
          "Largest document content accepted, in bytes; larger documents get "
          "INVALID_ARGUMENT.");
ABSL_FLAG(double, max_document_seconds, 10,
          "CPU seconds one document may use; past them it is stopped and answered "
          "DEADLINE_EXCEEDED.");
ABSL_FLAG(int, max_batch, 256, "Most documents in one ExtractBatch call.");
ABSL_FLAG(int64_t, max_batch_bytes, 16 << 20,
          "Most content bytes in one ExtractBatch call. gRPC's receive limit is "
          "derived from this, --max_batch and --max_document_bytes.");
ABSL_FLAG(int, stream_window, 64,
          "Documents one ExtractStream may hold (queued, running or unwritten) "
          "before the server stops reading from that client.");
ABSL_FLAG(bool, reflection, true,
          "Serve gRPC server reflection (for grpcurl and buf curl).");
ABSL_FLAG(absl::Duration, grace_period, absl::Seconds(10),
          "On SIGTERM/SIGINT: how long admitted documents may still run "
          "before the rest are answered (DEADLINE_EXCEEDED if running, "
          "UNAVAILABLE if queued) and the server exits.");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain of the server: serve gRPC over TLS (with --tls_key).");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA bundle: require every client to present a certificate signed by "
          "one of these CAs (mutual TLS).");
ABSL_FLAG(absl::Duration, tls_reload_interval, absl::Minutes(1),
          "How often the TLS files are read again, so renewed certificates are "
          "served without a restart.");
ABSL_FLAG(int, max_concurrent_streams, 32, "Calls open at once on one client connection.");
ABSL_FLAG(absl::Duration, max_connection_idle, absl::Minutes(10),
          "Close a connection with no call for this long (GOAWAY).");
ABSL_FLAG(absl::Duration, max_connection_age, absl::InfiniteDuration(),
          "Send GOAWAY to connections older than this, so clients reconnect and "
          "rebalance (gRFC A9); 'inf' for no limit.");
ABSL_FLAG(absl::Duration, max_connection_age_grace, absl::Minutes(1),
          "After --max_connection_age, how long open calls may still finish.");
ABSL_FLAG(absl::Duration, min_client_ping_interval, absl::Seconds(10),
          "Keepalive enforcement: a client pinging more often than this without "
          "data is disconnected.");
ABSL_FLAG(int64_t, max_memory_bytes, int64_t{128} << 20,
          "Memory gRPC may use for all connections' buffers (ResourceQuota); "
          "under pressure it stops reading and cancels the largest streams.");
ABSL_FLAG(absl::Duration, debug_delay_per_document, absl::ZeroDuration(),
          "Testing only: each document spends this long on its worker before "
          "extraction (within its deadline), to exercise overload and shutdown.");
ABSL_FLAG(std::string, debug_hold_file, "",
          "Testing only: each document waits on its worker while this file "
          "exists (within its deadline).");

namespace {

const factd::cli::Program& Program() {
  static const auto* const kProgram = new factd::cli::Program{
      "factd", "service/main.cc",
      "factd: extracts typed facts from multilingual news over gRPC.\n"
      "Usage: factd [--address=127.0.0.1:50051] [--workers=N] [--tls_cert=F --tls_key=F] ...\n"
      "Exit status: 0 after a clean shutdown, --help or --version; 1 when the server "
      "cannot start; 2 for a usage error.",
      factd::FactdVersion()};
  return *kProgram;
}

void Log(const std::string& message) {
  std::fprintf(stderr, "%s factd: %s\n",
               absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                absl::UTCTimeZone())
                   .c_str(),
               message.c_str());
}

// A size flag that must be at least 1.
size_t Positive(const char* name, int64_t value) {
  if (value < 1) factd::cli::UsageError(Program(), absl::StrCat("--", name, " must be >= 1"));
  return static_cast<size_t>(value);
}

// --metrics_address and --metrics_port as one HOST:PORT, or "" when off.
std::string MetricsAddress() {
  const std::string address = absl::GetFlag(FLAGS_metrics_address);
  const bool has_port = (!address.empty() && address.front() == '[') ||
                        std::count(address.begin(), address.end(), ':') == 1;
  if (has_port) return address;
  const int port = absl::GetFlag(FLAGS_metrics_port);
  if (port == -1) return "";
  if (port < 0 || port > 65535) {
    factd::cli::UsageError(Program(), "--metrics_port must be in 0..65535, or -1 for off");
  }
  const bool v6 = address.find(':') != std::string::npos;
  return v6 ? absl::StrCat("[", address, "]:", port) : absl::StrCat(address, ":", port);
}

factd::ServerOptions OptionsFromFlags() {
  factd::ServerOptions options;
  options.address = absl::GetFlag(FLAGS_address);
  options.metrics_address = MetricsAddress();
  options.workers = Positive("workers", absl::GetFlag(FLAGS_workers));
  options.queue_capacity = Positive("queue_capacity", absl::GetFlag(FLAGS_queue_capacity));
  options.max_queued_bytes = Positive("max_queued_bytes", absl::GetFlag(FLAGS_max_queued_bytes));
  options.max_document_bytes =
      Positive("max_document_bytes", absl::GetFlag(FLAGS_max_document_bytes));
  const double seconds = absl::GetFlag(FLAGS_max_document_seconds);
  if (!(seconds > 0)) factd::cli::UsageError(Program(), "--max_document_seconds must be > 0");
  options.service.max_document_cpu = absl::Seconds(seconds);
  options.service.max_batch = Positive("max_batch", absl::GetFlag(FLAGS_max_batch));
  options.service.max_batch_bytes = Positive("max_batch_bytes", absl::GetFlag(FLAGS_max_batch_bytes));
  options.service.stream_window = Positive("stream_window", absl::GetFlag(FLAGS_stream_window));
  options.service.debug_delay_per_document = absl::GetFlag(FLAGS_debug_delay_per_document);
  options.service.debug_hold_file = absl::GetFlag(FLAGS_debug_hold_file);
  options.reflection = absl::GetFlag(FLAGS_reflection);
  options.tls.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls.key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options.tls.reload_interval = absl::GetFlag(FLAGS_tls_reload_interval);
  factd::ConnectionLimits& connections = options.connections;
  connections.max_concurrent_streams = static_cast<uint32_t>(
      Positive("max_concurrent_streams", absl::GetFlag(FLAGS_max_concurrent_streams)));
  connections.max_connection_idle = absl::GetFlag(FLAGS_max_connection_idle);
  connections.max_connection_age = absl::GetFlag(FLAGS_max_connection_age);
  connections.max_connection_age_grace = absl::GetFlag(FLAGS_max_connection_age_grace);
  connections.min_client_ping_interval = absl::GetFlag(FLAGS_min_client_ping_interval);
  connections.memory_bytes = Positive("max_memory_bytes", absl::GetFlag(FLAGS_max_memory_bytes));
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<char*> positional = factd::cli::ParseCommandLine(argc, argv, Program());
  if (positional.size() > 1) {
    factd::cli::UsageError(Program(), absl::StrCat("unexpected argument \"", positional[1], "\""));
  }
  const factd::ServerOptions options = OptionsFromFlags();
  const absl::Duration grace = absl::GetFlag(FLAGS_grace_period);
  if (grace < absl::ZeroDuration()) factd::cli::UsageError(Program(), "--grace_period must be >= 0");

  // Signals are taken synchronously by this thread with sigwait; every
  // thread started from here on inherits the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto server = factd::FactServer::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "factd: %s\n", std::string(server.status().message()).c_str());
    return absl::IsInvalidArgument(server.status()) ? 2 : 1;
  }
  std::printf("listening on %s\n", (*server)->address().c_str());
  if (!(*server)->metrics_address().empty()) {
    std::printf("metrics on %s\n", (*server)->metrics_address().c_str());
  }
  std::fflush(stdout);
  const factd::v1::Limits& limits = (*server)->info().limits();
  Log(absl::StrCat("serving version ", factd::FactdVersion(), " with ",
                   limits.workers(), " workers, queue capacity ",
                   limits.queue_capacity(), options.tls.enabled() ? ", TLS" : "",
                   options.tls.client_ca_file.empty() ? "" : " with client certificates"));

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  Log(absl::StrCat("received ", signal_number == SIGTERM ? "SIGTERM" : "SIGINT",
                   "; draining for up to ", absl::FormatDuration(grace)));
  const bool drained = (*server)->Shutdown(grace);
  Log(drained ? "every admitted document was answered; stopped"
              : "grace period over; documents still running were stopped and those "
                "still queued answered UNAVAILABLE; stopped");
  return 0;
}
