// The factd binary's start: flags checked with one clear line and exit 2,
// ports that cannot be had refused with one line and exit 1 (never a
// crash), both ports on IPv6, metrics on loopback that idle connections
// cannot stop.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"

namespace factd {
namespace {

using ::factd::testing::CommandResult;
using ::factd::testing::FactdProcess;
using ::factd::testing::IsOk;
using ::factd::testing::RunCommand;
using ::testing::HasSubstr;

CommandResult Factd(std::vector<std::string> args) {
  args.insert(args.begin(), testing::FactdBinary());
  return RunCommand(args);
}

bool HasIpv6Loopback() {
  const int fd = socket(AF_INET6, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_loopback;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

TEST(FactdBinary, HelpDocumentsEveryFlagAndExitsZero) {
  const CommandResult result = Factd({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* flag :
       {"--address", "--workers", "--queue_capacity", "--max_queued_bytes", "--max_document_bytes",
        "--max_document_seconds", "--max_batch", "--reflection", "--metrics_address",
        "--metrics_port", "--grace_period", "--tls_cert", "--tls_key", "--tls_client_ca",
        "--max_concurrent_streams", "--max_connection_idle", "--max_connection_age",
        "--max_connection_age_grace", "--max_memory_bytes"}) {
    EXPECT_THAT(result.out, HasSubstr(flag));
  }
}

TEST(FactdBinary, VersionPrintsTheVersion) {
  const CommandResult result = Factd({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(absl::StartsWith(result.out, "factd 0.")) << result.out;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1);
}

// Each bad flag: exit 2, one line on stderr that names it, no crash.
TEST(FactdBinary, UsageErrorsExitTwoWithOneLine) {
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const Case cases[] = {
      {{"--bogus"}, "unknown flag --bogus"},
      {{"--workers=abc"}, "--workers"},
      {{"--workers=0"}, "--workers must be >= 1"},
      {{"--workers=-3"}, "--workers must be >= 1"},
      {{"--queue_capacity=0"}, "--queue_capacity must be >= 1"},
      {{"--max_document_bytes=0"}, "--max_document_bytes must be >= 1"},
      {{"--max_document_seconds=0"}, "--max_document_seconds must be > 0"},
      {{"--metrics_port=70000"}, "--metrics_port must be in 0..65535"},
      {{"--address=127.0.0.1:99999"}, "port outside 0..65535"},
      {{"--address=127.0.0.1:-1"}, "port outside 0..65535"},
      {{"--address=nohost"}, "has no port"},
      {{"--address=[::1:5"}, "unclosed '['"},
      {{"--tls_cert=/nonexistent.pem"}, "tls_cert and tls_key go together"},
      {{"--tls_client_ca=/x.pem"}, "tls_client_ca needs tls_cert"},
      {{"--tls_cert=/nonexistent.pem", "--tls_key=/nonexistent.key"}, "tls_cert /nonexistent.pem"},
      {{"--max_batch_bytes=10", "--max_document_bytes=100"}, "must be at least max_document_bytes"},
      {{"stray-argument"}, "unexpected argument"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    if (!absl::StrContains(absl::StrJoin(args, " "), "metrics_port")) args.push_back("--metrics_port=-1");
    const CommandResult result = Factd(args);
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_THAT(result.err, HasSubstr(c.says));
    EXPECT_TRUE(absl::StartsWith(result.err, "factd: ")) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

TEST(FactdBinary, TakenMetricsPortFailsWithOneLine) {
  auto first = FactdProcess::Start({});
  ASSERT_THAT(first, IsOk());
  const std::string port = absl::StrCat((*first)->metrics_port());
  const CommandResult second = Factd({"--address=127.0.0.1:0", "--metrics_port=" + port});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_EQ(second.err, "factd: cannot listen on 127.0.0.1:" + port +
                            " (metrics): address already in use\n");
}

// gRPC's SO_REUSEPORT is off: a second server on the same address fails
// instead of taking half the traffic.
TEST(FactdBinary, SecondServerOnTheSamePortFails) {
  auto first = FactdProcess::Start({});
  ASSERT_THAT(first, IsOk());
  const CommandResult second = Factd({"--address=" + (*first)->address(), "--metrics_port=-1"});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_EQ(second.err, "factd: cannot listen on " + (*first)->address() +
                            " (gRPC): address already in use\n");
}

TEST(FactdBinary, ServesGrpcAndMetricsOnIpv6) {
  if (!HasIpv6Loopback()) GTEST_SKIP() << "no IPv6 loopback here";
  auto server = FactdProcess::Start({"--address=[::1]:0", "--metrics_address=::1"});
  ASSERT_THAT(server, IsOk());
  EXPECT_TRUE(absl::StartsWith((*server)->address(), "[::1]:"));
  EXPECT_EQ((*server)->metrics_host(), "::1");
  auto health = grpc::health::v1::Health::NewStub((*server)->Channel());
  grpc::health::v1::HealthCheckResponse response;
  grpc::ClientContext context;
  ASSERT_THAT(health->Check(&context, {}, &response), IsOk());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  absl::StatusOr<std::string> metrics = testing::HttpGet((*server)->metrics_port(), "/metrics", "::1");
  ASSERT_THAT(metrics, IsOk());
  EXPECT_THAT(*metrics, HasSubstr("factd_queue_depth 0"));
}

TEST(FactdBinary, MetricsStayOnLoopbackWhenGrpcListensEverywhere) {
  auto server = FactdProcess::Start({"--address=0.0.0.0:0"});
  ASSERT_THAT(server, IsOk());
  EXPECT_EQ((*server)->metrics_host(), "127.0.0.1");
}

// Connections that send nothing hold no thread of the metrics endpoint:
// scrapes are answered while they stay open, and they are closed after
// the request timeout.
TEST(FactdBinary, MetricsAnswerWhileIdleConnectionsStayOpen) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  std::vector<int> idle;
  for (int i = 0; i < 24; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>((*server)->metrics_port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    idle.push_back(fd);
  }
  for (int scrape = 0; scrape < 3; ++scrape) {
    absl::StatusOr<std::string> metrics = testing::HttpGet((*server)->metrics_port(), "/metrics");
    ASSERT_THAT(metrics, IsOk());
    EXPECT_THAT(*metrics, HasSubstr("factd_in_flight"));
  }
  absl::StatusOr<std::string> other = testing::HttpGet((*server)->metrics_port(), "/other");
  ASSERT_THAT(other, IsOk());
  EXPECT_THAT(*other, HasSubstr("metrics are at /metrics"));
  for (int fd : idle) {
    const timeval wait{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    char byte;
    EXPECT_EQ(read(fd, &byte, 1), 0) << "an idle connection is closed";
    close(fd);
  }
}

}  // namespace
}  // namespace factd
