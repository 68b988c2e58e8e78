// BulkSubmitter: pushes many documents through FactService.ExtractStream,
// one stream per target (client-side round-robin across replicas), each with
// a bounded window of documents in flight.
//
//   factd::client::BulkOptions options;
//   options.targets = {"127.0.0.1:50051"};
//   factd::client::BulkReport report =
//       factd::client::SubmitAll(refs, options, &output_sink);
//
// Retries: a document answered UNAVAILABLE or RESOURCE_EXHAUSTED, in-band or
// because its stream broke, is resent with exponential backoff and jitter up
// to max_attempts times; a stream that breaks is reopened with backoff. A
// stream's window halves on RESOURCE_EXHAUSTED and grows back as documents
// succeed. A document not answered within `deadline` of being sent breaks
// its stream and counts as DEADLINE_EXCEEDED for that attempt.
//
// SubmitAll blocks until every document has its final answer.
#ifndef FACTD_CLIENT_BULK_H_
#define FACTD_CLIENT_BULK_H_

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/time/time.h"
#include "client/channel.h"
#include "client/input.h"
#include "factd/v1/factd.pb.h"

namespace factd::client {

struct BulkOptions {
  std::vector<std::string> targets;
  // TLS and the receive limit; MakeChannel must accept them.
  ChannelOptions channel;
  // Documents in flight per stream, at most.
  size_t window = 32;
  // Streams open at once on each target's channel; 0: 4 per core, at
  // least 8. Each stream ends after stream_lifetime (its answers still
  // read), and the next one is balanced anew, so replicas added behind a
  // name get work and replicas draining get none.
  int streams = 0;
  absl::Duration stream_lifetime = absl::Seconds(1);
  // Longest wait for one document's answer after it is sent.
  absl::Duration deadline = absl::Minutes(1);
  // Tries per document, the first included.
  int max_attempts = 8;
  absl::Duration initial_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(5);
  v1::ExtractOptions extract;
  // Ids to skip (answered with a summary in a previous run's output).
  absl::flat_hash_set<std::string> skip_ids;
  // Draw a progress line on stderr while running.
  bool progress = false;
};

struct BulkReport {
  size_t documents = 0;   // enumerated
  size_t succeeded = 0;
  size_t failed = 0;      // final answer was an error
  size_t skipped = 0;     // in skip_ids
  size_t retries = 0;     // resends after a retryable failure
  std::map<std::string, size_t> errors_by_code;  // "INVALID_ARGUMENT" -> n
  absl::Duration elapsed;
  // Send-to-answer time of each document's final, successful attempt.
  std::vector<double> latencies_ms;
};

// Called once per document with its final answer (summary or error), from
// any thread but never concurrently.
using ResultSink = std::function<void(const v1::ExtractResponse&)>;

BulkReport SubmitAll(const std::vector<DocumentRef>& refs,
                     const BulkOptions& options, const ResultSink& sink);

// The report as people read it: counts, errors by code, docs/s, latency
// percentiles.
std::string FormatReport(const BulkReport& report);

// The canonical name of a gRPC status code number ("RESOURCE_EXHAUSTED").
std::string StatusCodeName(int code);

}  // namespace factd::client

#endif  // FACTD_CLIENT_BULK_H_
