// Server reflection, checked with a real reflection client: `buf curl` from
// the npm package @bufbuild/buf (installed by scripts/setup.sh), which
// behaves like grpcurl.
#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"

namespace factd {
namespace {

using ::factd::testing::CommandResult;
using ::factd::testing::FactdProcess;
using ::factd::testing::IsOk;
using ::factd::testing::RunCommand;
using ::testing::HasSubstr;
using ::testing::Not;

CommandResult BufCurl(const FactdProcess& /*server*/, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {testing::BufBinary(), "curl", "--protocol", "grpc",
                                   "--http2-prior-knowledge"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

std::string Url(const FactdProcess& server, const std::string& method = "") {
  return "http://" + server.address() + (method.empty() ? "" : "/" + method);
}

class ReflectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(RunCommand({testing::BufBinary(), "--version"}).exit_code, 0)
        << "buf is missing at " << testing::BufBinary() << "; run scripts/setup.sh";
  }
};

TEST_F(ReflectionTest, ListsTheFactServiceAndHealth) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const CommandResult result = BufCurl(**server, {"--list-services", Url(**server)});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("factd.v1.FactService"));
  EXPECT_THAT(result.out, HasSubstr("grpc.health.v1.Health"));
}

TEST_F(ReflectionTest, ListsTheMethods) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const CommandResult result =
      BufCurl(**server, {"--list-methods", Url(**server)});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* method : {"Extract", "ExtractBatch", "ExtractStream", "GetServerInfo"}) {
    EXPECT_THAT(result.out, HasSubstr(std::string("factd.v1.FactService/") + method));
  }
}

TEST_F(ReflectionTest, CallsExtractFromJson) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const std::string content = absl::Base64Escape(
      "Vietnam and the UN step up cooperation\n"
      "The ambassador met the Under-Secretary-General this week in New York.");
  const CommandResult result = BufCurl(
      **server, {"-d", R"({"document":{"id":"en-1","content":")" + content + R"("}})",
                 Url(**server, "factd.v1.FactService/Extract")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr(R"("documentId": "en-1")"));
  EXPECT_THAT(result.out, HasSubstr(R"("code": "en")"));
  EXPECT_THAT(result.out, HasSubstr(R"("headline": "Vietnam and the UN step up cooperation")"));
}

TEST_F(ReflectionTest, ErrorsReachTheClientWithTheirMessage) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const CommandResult result = BufCurl(
      **server, {"-d", R"({"document":{"id":"bad","content":"/w=="}})",
                 Url(**server, "factd.v1.FactService/Extract")});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("invalid_argument"));
  EXPECT_THAT(result.err, HasSubstr("byte offset 0"));
}

TEST_F(ReflectionTest, CallsHealthCheck) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const CommandResult result =
      BufCurl(**server, {"-d", R"({"service":"factd.v1.FactService"})",
                         Url(**server, "grpc.health.v1.Health/Check")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr(R"("status": "SERVING")"));
}

TEST_F(ReflectionTest, CanBeTurnedOff) {
  auto server = FactdProcess::Start({"--reflection=false"});
  ASSERT_THAT(server, IsOk());
  const CommandResult result = BufCurl(**server, {"--list-services", Url(**server)});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.out, Not(HasSubstr("factd.v1.FactService")));
}

}  // namespace
}  // namespace factd
