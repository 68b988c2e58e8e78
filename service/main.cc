// factd: the fact-extraction gRPC server. Parses flags, starts the server,
// and drains it on SIGTERM or SIGINT.
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "service/server.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50051",
          "HOST:PORT to serve gRPC on. Port 0 picks a free port; the chosen "
          "address is printed on stdout as 'listening on HOST:PORT' before "
          "anything else.");
ABSL_FLAG(int, workers, 0,
          "Extraction threads. 0 means one per hardware core.");
ABSL_FLAG(int, queue_capacity, 1024,
          "Documents that may wait for a worker thread. When full, new "
          "documents are answered RESOURCE_EXHAUSTED at once.");
ABSL_FLAG(int64_t, max_document_bytes, 1 << 20,
          "Largest document content accepted, in bytes; larger documents get "
          "INVALID_ARGUMENT.");
ABSL_FLAG(int, max_batch, 256, "Most documents in one ExtractBatch call.");
ABSL_FLAG(int64_t, max_batch_bytes, 32 << 20,
          "Most content bytes in one ExtractBatch call. gRPC's receive limit "
          "is set to this plus 64 KiB of envelope.");
ABSL_FLAG(int, stream_window, 64,
          "Documents one ExtractStream may hold (queued, running or unwritten) "
          "before the server stops reading from that client.");
ABSL_FLAG(bool, reflection, true,
          "Serve gRPC server reflection (for grpcurl and buf curl).");
ABSL_FLAG(int, metrics_port, 9464,
          "Port for Prometheus metrics at /metrics, on the host of --address. "
          "0 picks a free port (printed as 'metrics on HOST:PORT'); -1 turns "
          "metrics off.");
ABSL_FLAG(absl::Duration, grace_period, absl::Seconds(10),
          "On SIGTERM/SIGINT: how long admitted documents may still run "
          "before the rest are answered UNAVAILABLE and the server exits.");
ABSL_FLAG(absl::Duration, debug_delay_per_document, absl::ZeroDuration(),
          "Testing only: each document sleeps this long on its worker before "
          "extraction, to exercise overload, deadlines and shutdown.");

namespace {

void Log(const std::string& message) {
  std::fprintf(stderr, "%s factd: %s\n",
               absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                absl::UTCTimeZone())
                   .c_str(),
               message.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  // --help lists the flags of this file (absl matches on the binary's name).
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view path) {
    return absl::EndsWith(path, "service/main.cc");
  };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  absl::SetFlagsUsageConfig(usage);
  absl::SetProgramUsageMessage(
      "factd: extracts typed facts from multilingual news over gRPC.\n"
      "Usage: factd [--address=127.0.0.1:50051] [--workers=N] ...");
  absl::ParseCommandLine(argc, argv);

  // Signals are taken synchronously by this thread with sigwait; every
  // thread started from here on inherits the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  factd::ServerOptions options;
  options.address = absl::GetFlag(FLAGS_address);
  options.workers = static_cast<size_t>(std::max(0, absl::GetFlag(FLAGS_workers)));
  options.queue_capacity =
      static_cast<size_t>(std::max(0, absl::GetFlag(FLAGS_queue_capacity)));
  options.max_document_bytes =
      static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_max_document_bytes)));
  options.service.max_batch =
      static_cast<size_t>(std::max(0, absl::GetFlag(FLAGS_max_batch)));
  options.service.max_batch_bytes =
      static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_max_batch_bytes)));
  options.service.stream_window =
      static_cast<size_t>(std::max(0, absl::GetFlag(FLAGS_stream_window)));
  options.service.debug_delay_per_document =
      absl::GetFlag(FLAGS_debug_delay_per_document);
  options.reflection = absl::GetFlag(FLAGS_reflection);
  options.metrics_port = absl::GetFlag(FLAGS_metrics_port);

  auto server = factd::FactServer::Start(options);
  if (!server.ok()) {
    Log(absl::StrCat("cannot start: ", server.status().ToString()));
    return absl::IsInvalidArgument(server.status()) ? 2 : 1;
  }
  std::printf("listening on %s\n", (*server)->address().c_str());
  if ((*server)->metrics_port() > 0) {
    std::printf("metrics on %s:%d\n",
                (*server)->address().substr(0, (*server)->address().rfind(':')).c_str(),
                (*server)->metrics_port());
  }
  std::fflush(stdout);
  const factd::v1::Limits& limits = (*server)->info().limits();
  Log(absl::StrCat("serving version ", factd::FactdVersion(), " with ",
                   limits.workers(), " workers, queue capacity ",
                   limits.queue_capacity()));

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  const absl::Duration grace = absl::GetFlag(FLAGS_grace_period);
  Log(absl::StrCat("received ", signal_number == SIGTERM ? "SIGTERM" : "SIGINT",
                   "; draining for up to ", absl::FormatDuration(grace)));
  const bool drained = (*server)->Shutdown(grace);
  Log(drained ? "every admitted document was answered; stopped"
              : "grace period over; documents still queued were answered "
                "UNAVAILABLE; stopped");
  return 0;
}
