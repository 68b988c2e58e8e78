// What one client can make factd hold is bounded: ids and the other
// envelope fields have length limits and are never echoed in full, a
// message that announces more than the memory quota is refused while it
// arrives, a flood of large documents leaves memory bounded and health
// answering, and idle connections are closed.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "factd/v1/factd.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/raw_http2.h"

namespace factd {
namespace {

using ::factd::testing::FactdProcess;
using ::factd::testing::IsOk;
using ::factd::testing::WaitFor;
using ::testing::HasSubstr;

v1::ExtractRequest Request(const std::string& id, const std::string& content) {
  v1::ExtractRequest request;
  request.mutable_document()->set_id(id);
  request.mutable_document()->set_content(content);
  return request;
}

TEST(FactdLimits, EnvelopeFieldsOverTheirLimitsAreRefusedWithoutBeingEchoed) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  auto stub = v1::FactService::NewStub((*server)->Channel());
  v1::ExtractRequest long_hint = Request("h", "text");
  long_hint.mutable_document()->set_language_hint(std::string(100, 'x'));
  v1::ExtractRequest long_url = Request("u", "text");
  long_url.mutable_document()->set_source_url("https://example.com/" + std::string(5000, 'p'));
  struct Case {
    v1::ExtractRequest request;
    std::string says;
  };
  for (const Case& c : {Case{Request(std::string(1 << 20, 'i'), "text"), "over the limit of 256 bytes"},
                        Case{long_hint, "language_hint is 100 bytes"},
                        Case{long_url, "source_url is 5020 bytes"}}) {
    grpc::ClientContext context;
    v1::ExtractResponse response;
    const grpc::Status status = stub->Extract(&context, c.request, &response);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr(c.says));
    EXPECT_LT(status.error_message().size(), 400u);
  }
}

TEST(FactdLimits, StreamAnswersAnOverlongIdWithItsFirstBytesOnly) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  auto stub = v1::FactService::NewStub((*server)->Channel());
  grpc::ClientContext context;
  auto stream = stub->ExtractStream(&context);
  const std::string id(1 << 20, 'i');
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(stream->Write(Request(id + std::to_string(i), "text")));
  stream->WritesDone();
  v1::ExtractResponse response;
  int answers = 0;
  while (stream->Read(&response)) {
    ++answers;
    EXPECT_EQ(response.document_id(), id.substr(0, 256));
    EXPECT_EQ(response.error().code(), grpc::INVALID_ARGUMENT);
  }
  EXPECT_THAT(stream->Finish(), IsOk());
  EXPECT_EQ(answers, 20);
}

// gRPC 1.51 checks a message's size only once it has all arrived; the
// memory quota is what stops a message that announces 2 GiB: the stream is
// cancelled once the quota is used, long before the body is in, and the
// server goes on serving.
TEST(FactdLimits, AMessageAnnouncingTwoGibibytesIsRefusedWhileItArrives) {
  auto server = FactdProcess::Start({"--max_memory_bytes=67108864"});
  ASSERT_THAT(server, IsOk());
  const std::string& address = (*server)->address();
  const int port = std::stoi(address.substr(address.rfind(':') + 1));
  const testing::RawCallOutcome outcome =
      testing::SendAnnouncedMessage(port, 0x7fffffff, size_t{1} << 30);
  EXPECT_TRUE(outcome.refused) << outcome.how;
  EXPECT_LT(outcome.sent, size_t{256} << 20) << outcome.how;
  EXPECT_LT(testing::PeakResidentKb((*server)->pid()), 300 * 1024);
  auto stub = v1::FactService::NewStub((*server)->Channel());
  grpc::ClientContext context;
  v1::ExtractResponse response;
  EXPECT_THAT(stub->Extract(&context, Request("after", "Le Vietnam et l'ONU."), &response), IsOk());
}

// Calls of an open-loop load: started at a fixed rate whatever the server
// answers, as independent clients would, each with its own deadline.
class OpenLoopLoad {
 public:
  static constexpr absl::Duration kDeadline = absl::Seconds(3);

  OpenLoopLoad(std::vector<std::shared_ptr<grpc::Channel>> channels, std::string document)
      : channels_(std::move(channels)), document_(std::move(document)) {
    for (const auto& channel : channels_) stubs_.push_back(v1::FactService::NewStub(channel));
  }

  // Starts `rate` calls a second for `duration`, then waits for every answer.
  void Run(double rate, absl::Duration duration) {
    const absl::Time start = absl::Now();
    int64_t started = 0;
    while (absl::Now() - start < duration) {
      const int64_t due = static_cast<int64_t>(rate * absl::ToDoubleSeconds(absl::Now() - start));
      for (; started < due; ++started) Start(started);
      absl::MutexLock lock(&mu_);
      // Wakes at the next call's time, or when an answer comes.
      mu_.AwaitWithTimeout(absl::Condition(+[](bool* b) { return *b; }, &never_), absl::Milliseconds(1));
    }
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](OpenLoopLoad* l) ABSL_EXCLUSIVE_LOCKS_REQUIRED(l->mu_) { return l->outstanding_ == 0; },
        this));
  }

  std::map<int, int> codes() {
    absl::MutexLock lock(&mu_);
    return codes_;
  }

 private:
  struct Call {
    grpc::ClientContext context;
    v1::ExtractRequest request;
    v1::ExtractResponse response;
  };

  void Start(int64_t n) {
    auto* call = new Call;
    call->context.set_deadline(absl::ToChronoTime(absl::Now() + kDeadline));
    call->request = Request(absl::StrCat("load-", n), document_);
    {
      absl::MutexLock lock(&mu_);
      ++outstanding_;
    }
    stubs_[n % stubs_.size()]->async()->Extract(
        &call->context, &call->request, &call->response, [this, call](grpc::Status status) {
          absl::MutexLock lock(&mu_);
          ++codes_[status.error_code()];
          --outstanding_;
          delete call;
        });
  }

  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<v1::FactService::Stub>> stubs_;
  const std::string document_;
  absl::Mutex mu_;
  bool never_ = false;
  int64_t outstanding_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<int, int> codes_ ABSL_GUARDED_BY(mu_);
};

// Ten times more 23 KB documents than two workers can take, from more
// connections than the queue holds streams for: every call is answered
// (done, refused at once, or past its deadline), memory stays bounded, and
// health checks are answered within a second throughout.
TEST(FactdLimits, TenfoldOverloadKeepsMemoryBoundedAndHealthAnswering) {
  auto server = FactdProcess::Start({"--workers=2"});
  ASSERT_THAT(server, IsOk());
  std::string document;
  const std::string seed = testing::ReadFile(testing::SeedsDir() + "/004_6de5c664f59d8edc.txt");
  while (document.size() < 23000) document += seed;
  document.resize(23000);
  while ((static_cast<unsigned char>(document.back()) & 0xC0) == 0x80) document.pop_back();

  // The capacity, measured: a few documents one after the other.
  auto stub = v1::FactService::NewStub((*server)->Channel());
  const absl::Time measure = absl::Now();
  constexpr int kProbes = 20;
  for (int i = 0; i < kProbes; ++i) {
    grpc::ClientContext context;
    v1::ExtractResponse response;
    ASSERT_THAT(stub->Extract(&context, Request(absl::StrCat("probe", i), document), &response), IsOk());
  }
  const double capacity = 2 * kProbes / absl::ToDoubleSeconds(absl::Now() - measure);

  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int c = 0; c < 40; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("factd.test.connection", c);  // a connection of its own
    channels.push_back(grpc::CreateCustomChannel((*server)->address(),
                                                 grpc::InsecureChannelCredentials(), args));
  }
  OpenLoopLoad load(channels, document);
  absl::Notification flood_over;
  absl::Duration slowest_health;
  long peak_rss_kb = 0;
  int checks = 0;
  std::thread watcher([&] {
    auto health = grpc::health::v1::Health::NewStub((*server)->Channel());
    do {
      const absl::Time start = absl::Now();
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(start + absl::Seconds(10)));
      grpc::health::v1::HealthCheckResponse response;
      EXPECT_THAT(health->Check(&context, {}, &response), IsOk());
      slowest_health = std::max(slowest_health, absl::Now() - start);
      peak_rss_kb = std::max(peak_rss_kb, testing::ResidentKb((*server)->pid()));
      ++checks;
    } while (!flood_over.WaitForNotificationWithTimeout(absl::Milliseconds(50)));
  });
  load.Run(10 * capacity, absl::Seconds(3));
  flood_over.Notify();
  watcher.join();
  peak_rss_kb = std::max(peak_rss_kb, testing::PeakResidentKb((*server)->pid()));
  std::map<int, int> codes = load.codes();
  int total = 0;
  for (const auto& [code, n] : codes) total += n;
  SCOPED_TRACE(absl::StrCat("capacity ", capacity, " docs/s; ", total, " calls: ", codes[0], " OK, ",
                            codes[grpc::RESOURCE_EXHAUSTED], " refused, ",
                            codes[grpc::DEADLINE_EXCEEDED], " past deadline; peak RSS ", peak_rss_kb,
                            " kB; slowest of ", checks, " health checks ",
                            absl::FormatDuration(slowest_health)));
  EXPECT_GT(codes[grpc::OK], 0);
  EXPECT_GT(codes[grpc::RESOURCE_EXHAUSTED] + codes[grpc::DEADLINE_EXCEEDED], 0)
      << "the load was no overload";
  EXPECT_EQ(codes[grpc::OK] + codes[grpc::RESOURCE_EXHAUSTED] + codes[grpc::DEADLINE_EXCEEDED], total);
  EXPECT_LT(peak_rss_kb, 300 * 1024);
  EXPECT_LT(slowest_health, absl::Seconds(1));
}

TEST(FactdLimits, IdleConnectionsAreClosed) {
  auto server = FactdProcess::Start({"--max_connection_idle=300ms"});
  ASSERT_THAT(server, IsOk());
  auto channel = (*server)->Channel();
  ASSERT_TRUE(channel->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(10))));
  // The server's GOAWAY sends the channel back to IDLE.
  EXPECT_TRUE(WaitFor([&] { return channel->GetState(false) == GRPC_CHANNEL_IDLE; }));
}

}  // namespace
}  // namespace factd
