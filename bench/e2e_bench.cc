// End to end: the seeds sent repeatedly through a real factd server on
// loopback (in this process, over gRPC), by unary Extract from several
// concurrent callers and by one ExtractStream. Prints docs/s and latency
// percentiles for each.
//
//   build/bench/e2e_bench --documents=5000 --callers=8
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "factd/v1/factd.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "service/server.h"

ABSL_FLAG(int, documents, 5000, "Documents per mode.");
ABSL_FLAG(int, callers, 8, "Concurrent unary callers.");
ABSL_FLAG(int, workers, 0, "Server worker threads (0: one per core).");

namespace {

std::vector<std::string> LoadSeeds() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(FACTD_SEEDS_DIR)) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> seeds;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    seeds.push_back(content.str());
  }
  return seeds;
}

factd::v1::ExtractRequest Request(const std::vector<std::string>& seeds, int i) {
  factd::v1::ExtractRequest request;
  request.mutable_document()->set_id(absl::StrCat("doc-", i));
  request.mutable_document()->set_content(seeds[i % seeds.size()]);
  return request;
}

void Print(const std::string& mode, int documents, int errors, absl::Duration elapsed,
           std::vector<double> latencies_ms) {
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto at = [&](double p) {
    return latencies_ms.empty() ? 0.0
                                : latencies_ms[static_cast<size_t>(p * (latencies_ms.size() - 1))];
  };
  std::printf("%-22s %7d docs  %5d errors  %9.1f docs/s  p50 %7.3f ms  p95 %7.3f ms  p99 %7.3f ms\n",
              mode.c_str(), documents, errors, documents / absl::ToDoubleSeconds(elapsed),
              at(0.50), at(0.95), at(0.99));
}

void Unary(factd::v1::FactService::Stub* stub, const std::vector<std::string>& seeds,
           int documents, int callers) {
  absl::Mutex mu;
  std::vector<double> latencies;
  int errors = 0;
  std::vector<std::thread> threads;
  const absl::Time start = absl::Now();
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([&, c] {
      std::vector<double> mine;
      int my_errors = 0;
      for (int i = c; i < documents; i += callers) {
        factd::v1::ExtractResponse response;
        grpc::ClientContext context;
        const absl::Time sent = absl::Now();
        if (!stub->Extract(&context, Request(seeds, i), &response).ok()) ++my_errors;
        mine.push_back(absl::ToDoubleMilliseconds(absl::Now() - sent));
      }
      absl::MutexLock lock(&mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
      errors += my_errors;
    });
  }
  for (std::thread& t : threads) t.join();
  Print(absl::StrCat("unary x", callers), documents, errors, absl::Now() - start, latencies);
}

void Stream(factd::v1::FactService::Stub* stub, const std::vector<std::string>& seeds,
            int documents) {
  grpc::ClientContext context;
  auto stream = stub->ExtractStream(&context);
  absl::Mutex mu;
  std::map<std::string, absl::Time> sent;
  std::vector<double> latencies;
  int errors = 0;
  const absl::Time start = absl::Now();
  std::thread reader([&] {
    factd::v1::ExtractResponse response;
    while (stream->Read(&response)) {
      absl::MutexLock lock(&mu);
      latencies.push_back(absl::ToDoubleMilliseconds(absl::Now() - sent[response.document_id()]));
      errors += response.has_error();
    }
  });
  for (int i = 0; i < documents; ++i) {
    factd::v1::ExtractRequest request = Request(seeds, i);
    {
      absl::MutexLock lock(&mu);
      sent[request.document().id()] = absl::Now();
    }
    stream->Write(request);
  }
  stream->WritesDone();
  reader.join();
  const grpc::Status status = stream->Finish();
  if (!status.ok()) std::fprintf(stderr, "stream: %s\n", status.error_message().c_str());
  Print("stream", documents, errors, absl::Now() - start, latencies);
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  factd::ServerOptions options;
  options.address = "127.0.0.1:0";
  options.metrics_address = "";
  options.workers = static_cast<size_t>(absl::GetFlag(FLAGS_workers));
  auto server = factd::FactServer::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
    return 1;
  }
  const std::vector<std::string> seeds = LoadSeeds();
  auto stub = factd::v1::FactService::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  std::printf("factd %s, %u workers, seeds of %zu documents, %d documents per mode\n",
              factd::FactdVersion(), (*server)->info().limits().workers(), seeds.size(),
              absl::GetFlag(FLAGS_documents));
  Unary(stub.get(), seeds, absl::GetFlag(FLAGS_documents), 1);
  Unary(stub.get(), seeds, absl::GetFlag(FLAGS_documents), absl::GetFlag(FLAGS_callers));
  Stream(stub.get(), seeds, absl::GetFlag(FLAGS_documents));
  (*server)->Shutdown(absl::Seconds(5));
  return 0;
}
