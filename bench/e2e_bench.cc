// End to end: documents through a real factd process on loopback, measured
// against Extract alone in this process, all in one run so the figures are
// ratios on the same machine at the same time:
//   - Extract alone: MB of documents per CPU-second of one thread;
//   - a stream through factd with 1 worker, then 2: docs/s, and MB per
//     server CPU-second (factd's own user+system time from /proc) with its
//     ratio to Extract alone; the ratio of 2 workers to 1;
//   - unary Extract: the peak with several callers, then an open-loop load
//     at half that rate, with p50 and p99 (and their ratio).
//
//   build/bench/e2e_bench [--corpus=DIR] [--documents=3000]
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
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
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "factd/v1/factd.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "worker/extractor.h"

ABSL_FLAG(std::string, corpus, FACTD_SEEDS_DIR, "Directory of .txt documents (recursive).");
ABSL_FLAG(int, documents, 3000, "Documents per measurement.");
ABSL_FLAG(int, callers, 8, "Concurrent unary callers for the peak.");

namespace {

std::vector<std::string> LoadCorpus(const std::string& dir) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> docs;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    docs.push_back(content.str());
  }
  return docs;
}

double ThreadCpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

// User + system CPU seconds of process `pid` so far.
double ProcessCpuSeconds(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::vector<std::string> fields = absl::StrSplit(stat.substr(stat.rfind(')') + 2), ' ');
  return (std::stod(fields[11]) + std::stod(fields[12])) / sysconf(_SC_CLK_TCK);
}

// A factd child process with `workers` workers on a free loopback port.
struct Factd {
  pid_t pid = -1;
  std::string address;

  explicit Factd(int workers) {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid = fork();
    if (pid == 0) {
      dup2(fds[1], 1);
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, 2);
      const std::string w = absl::StrCat("--workers=", workers);
      execl(FACTD_BINARY, "factd", "--address=127.0.0.1:0", "--metrics_port=-1", w.c_str(),
            "--queue_capacity=100000", "--max_queued_bytes=1073741824", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    FILE* out = fdopen(fds[0], "r");
    char line[256];
    if (std::fgets(line, sizeof line, out) != nullptr) {
      address = std::string(line).substr(std::string("listening on ").size());
      while (!address.empty() && address.back() == '\n') address.pop_back();
    }
  }
  ~Factd() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
};

factd::v1::ExtractRequest Request(const std::vector<std::string>& docs, int i) {
  factd::v1::ExtractRequest request;
  request.mutable_document()->set_id(absl::StrCat("doc-", i));
  request.mutable_document()->set_content(docs[i % docs.size()]);
  return request;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * (v.size() - 1))];
}

struct StreamResult {
  double docs_per_s = 0;
  double mb_per_server_cpu_s = 0;
  int errors = 0;
};

StreamResult Stream(const std::vector<std::string>& docs, int documents, int workers) {
  Factd factd(workers);
  auto stub = factd::v1::FactService::NewStub(
      grpc::CreateChannel(factd.address, grpc::InsecureChannelCredentials()));
  // Warm up: the first documents load lazily built state.
  for (int i = 0; i < 20; ++i) {
    factd::v1::ExtractResponse response;
    grpc::ClientContext context;
    stub->Extract(&context, Request(docs, i), &response);
  }
  grpc::ClientContext context;
  auto stream = stub->ExtractStream(&context);
  std::atomic<int> errors{0};
  const double cpu_before = ProcessCpuSeconds(factd.pid);
  const absl::Time start = absl::Now();
  std::thread reader([&] {
    factd::v1::ExtractResponse response;
    while (stream->Read(&response)) errors += response.has_error();
  });
  double bytes = 0;
  for (int i = 0; i < documents; ++i) {
    factd::v1::ExtractRequest request = Request(docs, i);
    bytes += request.document().content().size();
    stream->Write(request);
  }
  stream->WritesDone();
  reader.join();
  stream->Finish();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const double cpu = ProcessCpuSeconds(factd.pid) - cpu_before;
  return {documents / seconds, bytes / 1e6 / cpu, errors.load()};
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::vector<std::string> docs = LoadCorpus(absl::GetFlag(FLAGS_corpus));
  const int documents = absl::GetFlag(FLAGS_documents);
  double corpus_bytes = 0;
  for (const std::string& d : docs) corpus_bytes += d.size();
  std::printf("corpus %s: %zu documents, %.1f KB on average; %d documents per measurement; %u cores\n",
              absl::GetFlag(FLAGS_corpus).c_str(), docs.size(), corpus_bytes / docs.size() / 1e3,
              documents, std::thread::hardware_concurrency());

  // Extract alone, one thread.
  auto extractor = factd::Extractor::Create({}).value();
  for (int i = 0; i < 20; ++i) (void)extractor->Extract(Request(docs, i).document(), {});
  double bytes = 0;
  const double cpu_start = ThreadCpuSeconds();
  for (int i = 0; i < documents; ++i) {
    const factd::v1::Document document = Request(docs, i).document();
    bytes += document.content().size();
    (void)extractor->Extract(document, {});
  }
  const double extract_rate = bytes / 1e6 / (ThreadCpuSeconds() - cpu_start);
  std::printf("Extract alone                %8.2f MB per CPU-second\n", extract_rate);

  const StreamResult one = Stream(docs, documents, 1);
  const StreamResult two = Stream(docs, documents, 2);
  for (const auto& [workers, r] : {std::pair<int, StreamResult>{1, one}, {2, two}}) {
    std::printf("stream, %d worker%s           %8.1f docs/s  %6.2f MB per server CPU-second (%.2fx Extract alone)  %d errors\n",
                workers, workers == 1 ? " " : "s", r.docs_per_s, r.mb_per_server_cpu_s,
                r.mb_per_server_cpu_s / extract_rate, r.errors);
  }
  std::printf("2 workers / 1 worker         %8.2fx stream throughput\n", two.docs_per_s / one.docs_per_s);

  // Unary: the peak with several callers, then half of it, paced.
  Factd factd(2);
  auto stub = factd::v1::FactService::NewStub(
      grpc::CreateChannel(factd.address, grpc::InsecureChannelCredentials()));
  const int callers = absl::GetFlag(FLAGS_callers);
  const auto run = [&](int count, double rate_per_s, std::vector<double>* latencies) {
    absl::Mutex mu;
    std::vector<std::thread> threads;
    const absl::Time start = absl::Now();
    for (int c = 0; c < callers; ++c) {
      threads.emplace_back([&, c] {
        std::vector<double> mine;
        for (int i = c; i < count; i += callers) {
          if (rate_per_s > 0) {
            const absl::Time due = start + absl::Seconds(i / rate_per_s);
            if (due > absl::Now()) absl::SleepFor(due - absl::Now());
          }
          factd::v1::ExtractResponse response;
          grpc::ClientContext context;
          const absl::Time sent = absl::Now();
          stub->Extract(&context, Request(docs, i), &response);
          mine.push_back(absl::ToDoubleMilliseconds(absl::Now() - sent));
        }
        absl::MutexLock lock(&mu);
        latencies->insert(latencies->end(), mine.begin(), mine.end());
      });
    }
    for (std::thread& t : threads) t.join();
    return count / absl::ToDoubleSeconds(absl::Now() - start);
  };
  std::vector<double> peak_latencies;
  const double peak = run(documents, 0, &peak_latencies);
  std::vector<double> half_latencies;
  run(documents, peak / 2, &half_latencies);
  const double p50 = Percentile(half_latencies, 0.5);
  const double p99 = Percentile(half_latencies, 0.99);
  std::printf("unary peak (%d callers)      %8.1f docs/s\n", callers, peak);
  std::printf("unary at half the peak       p50 %.3f ms  p99 %.3f ms  (p99 %.2fx p50)\n", p50, p99, p99 / p50);
  return 0;
}
