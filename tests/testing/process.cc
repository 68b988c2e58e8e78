#include "tests/testing/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

namespace factd::testing {
namespace {

// Forks and execs `argv` with the given descriptors as stdin/stdout/stderr.
pid_t Spawn(const std::vector<std::string>& argv, int in, int out, int err) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  dup2(in, 0);
  dup2(out, 1);
  dup2(err, 2);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  std::perror(("exec " + argv[0]).c_str());
  _exit(127);
}

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string TempPath(const std::string& name) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  static int counter = 0;
  return absl::StrCat(::testing::TempDir(), "/", info ? info->test_suite_name() : "x", ".",
                      info ? info->name() : "x", ".", getpid(), ".", ++counter, ".", name);
}

}  // namespace

std::string FactdBinary() { return FACTD_BINARY; }
std::string FactctlBinary() { return FACTCTL_BINARY; }
std::string BufBinary() { return FACTD_BUF_BINARY; }
std::string SeedsDir() { return FACTD_SEEDS_DIR; }
std::string TestDataDir() { return FACTD_TEST_DATA_DIR; }

absl::StatusOr<std::unique_ptr<FactdProcess>> FactdProcess::Start(
    const std::vector<std::string>& flags) {
  std::unique_ptr<FactdProcess> process(new FactdProcess());
  std::vector<std::string> argv = {FactdBinary(), "--address=127.0.0.1:0",
                                   "--metrics_port=0"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return absl::InternalError("pipe failed");
  process->stderr_path_ = TempPath("factd.stderr");
  const int err = open(process->stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int in = open("/dev/null", O_RDONLY);
  process->pid_ = Spawn(argv, in, pipe_fds[1], err);
  close(pipe_fds[1]);
  close(err);
  close(in);

  // The first lines: "listening on HOST:PORT" then "metrics on HOST:PORT"
  // (unless metrics are off).
  const bool metrics = std::find(flags.begin(), flags.end(), "--metrics_port=-1") == flags.end();
  FILE* out = fdopen(pipe_fds[0], "r");
  char line[256];
  for (int i = 0; i < (metrics ? 2 : 1); ++i) {
    if (std::fgets(line, sizeof line, out) == nullptr) {
      std::fclose(out);
      return absl::InternalError(
          absl::StrCat("factd exited before listening: ", process->Stderr()));
    }
    std::string text(line);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    const std::string port = text.substr(text.rfind(':') + 1);
    if (i == 0) {
      if (!absl::StartsWith(text, "listening on ")) {
        std::fclose(out);
        return absl::InternalError(absl::StrCat("first line was \"", text, "\""));
      }
      process->address_ = text.substr(std::string("listening on ").size());
    } else if (!absl::StartsWith(text, "metrics on ") ||
               !absl::SimpleAtoi(port, &process->metrics_port_)) {
      std::fclose(out);
      return absl::InternalError(absl::StrCat("second line was \"", text, "\""));
    } else {
      std::string host = text.substr(11, text.rfind(':') - 11);
      if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
      process->metrics_host_ = host;
    }
  }
  std::fclose(out);
  return process;
}

FactdProcess::~FactdProcess() {
  if (pid_ > 0 && !exited_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::shared_ptr<grpc::Channel> FactdProcess::Channel() const {
  return grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
}

void FactdProcess::Signal(int signal) {
  if (pid_ > 0 && !exited_) kill(pid_, signal);
}

absl::StatusOr<int> FactdProcess::Wait(absl::Duration timeout) {
  const absl::Time until = absl::Now() + timeout;
  while (absl::Now() < until) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exited_ = true;
      return ExitCodeOf(status);
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return absl::DeadlineExceededError("factd did not exit in time");
}

std::string FactdProcess::Stderr() const { return ReadFile(stderr_path_); }

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& stdin_path) {
  const std::string out_path = TempPath("out");
  const std::string err_path = TempPath("err");
  const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int in = open(stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY);
  const pid_t pid = Spawn(argv, in, out, err);
  close(out);
  close(err);
  close(in);
  int status = 0;
  waitpid(pid, &status, 0);
  return {ExitCodeOf(status), ReadFile(out_path), ReadFile(err_path)};
}

absl::StatusOr<std::string> HttpGet(int port, const std::string& path, const std::string& host) {
  const bool v6 = host.find(':') != std::string::npos;
  const int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  sockaddr_storage storage{};
  socklen_t length;
  if (v6) {
    auto* address = reinterpret_cast<sockaddr_in6*>(&storage);
    address->sin6_family = AF_INET6;
    address->sin6_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET6, host.c_str(), &address->sin6_addr);
    length = sizeof *address;
  } else {
    auto* address = reinterpret_cast<sockaddr_in*>(&storage);
    address->sin_family = AF_INET;
    address->sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &address->sin_addr);
    length = sizeof *address;
  }
  if (connect(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("cannot connect to port ", port));
  }
  const std::string request =
      absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: ", host, "\r\n\r\n");
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return absl::UnavailableError("write failed");
  }
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) response.append(buffer, n);
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  if (!absl::StartsWith(response, "HTTP/1.") || body == std::string::npos) {
    return absl::DataLossError("not an HTTP response");
  }
  return response.substr(body + 4);
}

double Metric(const FactdProcess& server, const std::string& series) {
  absl::StatusOr<std::string> body =
      HttpGet(server.metrics_port(), "/metrics", server.metrics_host());
  if (!body.ok()) return -1;
  for (absl::string_view line : absl::StrSplit(*body, '\n')) {
    if (absl::StartsWith(line, series + " ")) {
      return std::stod(std::string(line.substr(series.size() + 1)));
    }
  }
  return 0;
}

bool WaitFor(const std::function<bool()>& condition, absl::Duration timeout) {
  const absl::Time until = absl::Now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (absl::Now() >= until) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
}

namespace {
long StatusField(pid_t pid, const char* field) {
  const std::string status = ReadFile(absl::StrCat("/proc/", pid, "/status"));
  const size_t at = status.find(field);
  if (at == std::string::npos) return -1;
  return std::stol(status.substr(at + std::strlen(field)));
}
}  // namespace

long ResidentKb(pid_t pid) { return StatusField(pid, "VmRSS:"); }
long PeakResidentKb(pid_t pid) { return StatusField(pid, "VmHWM:"); }

HoldFile::HoldFile() : path_(TempPath("hold")) { std::ofstream(path_) << "hold\n"; }
HoldFile::~HoldFile() { Release(); }
void HoldFile::Release() { std::filesystem::remove(path_); }

const std::vector<SeedExpectation>& SeedExpectations() {
  static const auto* const kSeeds = new std::vector<SeedExpectation>{
      {"000_c08e39c86333cf3a", "zh", "联合国副秘书长:为女性有效参与维和行动创造有利环境"},
      {"001_42f84f4725acd7ec", "zh", "越南希望为促进安理会在维护国际和平与安全的领先作用做出贡献"},
      // 002 opens with its lead sentence (ending in a full stop): no title.
      {"002_97632951dc6b66c7", "ar", ""},
      {"003_d1d0b65307e78fd8", "vi",
       "Việt Nam khẳng định cam kết với chương trình nghị sự về phụ nữ, hòa bình và an ninh"},
      {"004_6de5c664f59d8edc", "fr",
       "Opérations de maintien de la paix : le Vietnam et l'ONU renforcent leur coopération"},
  };
  return *kSeeds;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string MakeTempDir(const std::string& name) {
  const std::string path = TempPath(name);
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path;
}

}  // namespace factd::testing
