// Test helpers that run the real binaries: a factd server on a free
// loopback port, and one-shot commands (factctl, buf curl) whose output and
// exit status the tests inspect.
//
//   auto server = factd::testing::FactdProcess::Start({"--workers=1"}).value();
//   auto stub = factd::v1::FactService::NewStub(server->Channel());
//   factd::testing::CommandResult r = factd::testing::RunCommand({FACTCTL_BINARY, "info",
//       "--target=" + server->address()});
//
// Not thread-safe; one FactdProcess per test.
#ifndef FACTD_TESTS_TESTING_PROCESS_H_
#define FACTD_TESTS_TESTING_PROCESS_H_

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/status.h"
#include "gmock/gmock.h"

namespace factd::testing {

// The binaries under test; set by CMake.
std::string FactdBinary();
std::string FactctlBinary();
std::string BufBinary();
std::string SeedsDir();
std::string TestDataDir();

// A factd child process listening on 127.0.0.1 with a port it chose.
class FactdProcess {
 public:
  // Starts factd with `flags` (besides --address and --metrics_port, which
  // this sets) and waits for its "listening on" line. INTERNAL when it
  // exits or prints something else first.
  static absl::StatusOr<std::unique_ptr<FactdProcess>> Start(
      const std::vector<std::string>& flags);
  // Kills the process (SIGKILL) if it still runs.
  ~FactdProcess();

  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }
  int metrics_port() const { return metrics_port_; }
  // The metrics host without brackets ("127.0.0.1", "::1").
  const std::string& metrics_host() const { return metrics_host_; }
  std::shared_ptr<grpc::Channel> Channel() const;

  // Sends `signal` to the process.
  void Signal(int signal);
  // Waits up to `timeout` for the process to exit; its exit status (as
  // returned by WEXITSTATUS, or 128 + signal), or DEADLINE_EXCEEDED.
  absl::StatusOr<int> Wait(absl::Duration timeout);
  // What the process wrote on stderr so far.
  std::string Stderr() const;

 private:
  FactdProcess() = default;
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string address_;
  int metrics_port_ = 0;
  std::string metrics_host_ = "127.0.0.1";
  std::string stderr_path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` to completion with stdin from `stdin_path` (/dev/null when
// empty), capturing stdout and stderr.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& stdin_path = "");

// GET http://HOST:port/path (127.0.0.1 unless `host` says otherwise, "::1"
// for IPv6); the response body, or an error.
absl::StatusOr<std::string> HttpGet(int port, const std::string& path,
                                    const std::string& host = "127.0.0.1");

// The value of the series "name{labels}" in factd's /metrics, 0 when it is
// not there yet, -1 when the endpoint does not answer.
double Metric(const FactdProcess& server, const std::string& series);

// Calls `condition` every few milliseconds until it holds or `timeout`
// passes; whether it held. Tests wait on conditions, never on sleeps.
bool WaitFor(const std::function<bool()>& condition, absl::Duration timeout = absl::Seconds(30));

// Resident memory of process `pid` now (VmRSS) and at its peak (VmHWM), in
// kB; -1 when it cannot be read.
long ResidentKb(pid_t pid);
long PeakResidentKb(pid_t pid);

// A file whose existence holds every document of a factd started with
// --debug_hold_file=path() on its worker (see FactServiceOptions); removed
// by Release() or when this goes.
class HoldFile {
 public:
  HoldFile();
  ~HoldFile();
  const std::string& path() const { return path_; }
  std::string Flag() const { return "--debug_hold_file=" + path_; }
  void Release();

 private:
  std::string path_;
};

// The seed articles with the language and headline a reader gives them.
struct SeedExpectation {
  std::string id;  // file name without ".txt"
  std::string language;
  std::string headline;  // "" for 002, which opens with its lead sentence
};
const std::vector<SeedExpectation>& SeedExpectations();

// Reads a whole file.
std::string ReadFile(const std::string& path);

// A fresh empty directory under the test's temporary directory.
std::string MakeTempDir(const std::string& name);

inline std::string Describe(const absl::Status& s) { return s.ToString(); }
template <typename T>
std::string Describe(const absl::StatusOr<T>& s) { return s.status().ToString(); }
inline std::string Describe(const grpc::Status& s) {
  return std::to_string(s.error_code()) + ": " + s.error_message();
}

// Matches an OK absl::Status, absl::StatusOr or grpc::Status.
MATCHER(IsOk, "is OK") {
  if (arg.ok()) return true;
  *result_listener << "status is " << Describe(arg);
  return false;
}

}  // namespace factd::testing

#endif  // FACTD_TESTS_TESTING_PROCESS_H_
