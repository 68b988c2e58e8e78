// Integration tests: the real factd binary on a free loopback port, spoken
// to over gRPC.
#include <signal.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "factd/v1/factd.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"

namespace factd {
namespace {

using ::factd::testing::FactdProcess;
using ::factd::testing::IsOk;
using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::HasSubstr;

constexpr char kFrench[] =
    "L'ONU et le Vietnam renforcent leur coopération\n"
    "L'ambassadeur a rencontré le secrétaire général adjoint cette semaine à New York.";

std::unique_ptr<FactdProcess> StartServer(const std::vector<std::string>& flags = {}) {
  auto server = FactdProcess::Start(flags);
  EXPECT_THAT(server, IsOk());
  return server.ok() ? *std::move(server) : nullptr;
}

v1::ExtractRequest Request(const std::string& id, const std::string& content) {
  v1::ExtractRequest request;
  request.mutable_document()->set_id(id);
  request.mutable_document()->set_content(content);
  return request;
}

grpc::Status CallExtract(v1::FactService::Stub* stub, const v1::ExtractRequest& request,
                         v1::ExtractResponse* response,
                         absl::Duration deadline = absl::Seconds(30)) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  return stub->Extract(&context, request, response);
}

using ::factd::testing::HoldFile;
using ::factd::testing::Metric;
using ::factd::testing::WaitFor;

HealthCheckResponse::ServingStatus HealthOf(const FactdProcess& server,
                                            const std::string& service,
                                            grpc::Status* status = nullptr) {
  auto stub = Health::NewStub(server.Channel());
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  grpc::Status s = stub->Check(&context, request, &response);
  if (status != nullptr) *status = s;
  return response.status();
}

TEST(FactdServer, GetServerInfoDescribesTheServer) {
  auto server = StartServer({"--workers=2", "--queue_capacity=7", "--max_batch=3",
                             "--max_document_bytes=1000", "--stream_window=5"});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  v1::ServerInfo info;
  grpc::ClientContext context;
  ASSERT_THAT(stub->GetServerInfo(&context, {}, &info), IsOk());
  EXPECT_FALSE(info.version().empty());
  EXPECT_THAT(info.languages(), ::testing::UnorderedElementsAre("zh", "vi", "ar", "fr", "en"));
  EXPECT_THAT(info.fact_kinds(), ::testing::IsSupersetOf({"language", "headline", "body", "stats"}));
  EXPECT_EQ(info.limits().workers(), 2u);
  EXPECT_EQ(info.limits().queue_capacity(), 7u);
  EXPECT_EQ(info.limits().max_batch(), 3u);
  EXPECT_EQ(info.limits().max_document_bytes(), 1000u);
  EXPECT_EQ(info.limits().stream_window(), 5u);
}

TEST(FactdServer, ExtractReturnsTheSummary) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  v1::ExtractResponse response;
  ASSERT_THAT(CallExtract(stub.get(), Request("fr-1", kFrench), &response), IsOk());
  EXPECT_EQ(response.document_id(), "fr-1");
  EXPECT_EQ(response.summary().document_id(), "fr-1");
  EXPECT_EQ(response.summary().language().code(), "fr");
  EXPECT_EQ(response.summary().headline(), "L'ONU et le Vietnam renforcent leur coopération");
  EXPECT_EQ(response.summary().stats().paragraphs(), 1u);
  EXPECT_FALSE(response.has_error());
}

TEST(FactdServer, ExtractRefusesBadInputWithAClearMessage) {
  auto server = StartServer({"--max_document_bytes=1000", "--max_batch_bytes=2000", "--max_batch=8"});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  struct Case {
    std::string name;
    v1::ExtractRequest request;
    grpc::StatusCode code;
    std::string message;
  };
  const Case cases[] = {
      {"invalid utf-8", Request("u", "abc\xe2\x28\xa1"), grpc::INVALID_ARGUMENT,
       "not valid UTF-8: ill-formed sequence at byte offset 3"},
      {"empty", Request("e", ""), grpc::INVALID_ARGUMENT, "document \"e\": content is empty"},
      {"missing id", Request("", "text"), grpc::INVALID_ARGUMENT, "document.id is required"},
      {"oversized", Request("big", std::string(1001, 'a')), grpc::INVALID_ARGUMENT,
       "1001 bytes, over the limit of 1000 bytes"},
      {"id over 256 bytes", Request(std::string(300, 'i'), "text"), grpc::INVALID_ARGUMENT,
       "is over the limit of 256 bytes"},
      // Past the receive limit (the larger of a document and a batch, and
      // max_batch envelopes) gRPC itself refuses.
      {"past the receive limit", Request("huge", std::string(4 << 20, 'a')),
       grpc::RESOURCE_EXHAUSTED, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::ExtractResponse response;
    const grpc::Status status = CallExtract(stub.get(), c.request, &response);
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(c.message));
  }
}

TEST(FactdServer, ExtractBatchAnswersEachDocumentOnItsOwn) {
  auto server = StartServer({"--max_batch=5"});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  v1::ExtractBatchRequest request;
  auto add = [&](const std::string& id, const std::string& content) {
    v1::Document* document = request.add_documents();
    document->set_id(id);
    document->set_content(content);
  };
  add("good", kFrench);
  add("bad-utf8", "x\xff");
  add("", "no id");
  add("good", "duplicate id");
  add("empty", "");
  v1::ExtractBatchResponse response;
  grpc::ClientContext context;
  ASSERT_THAT(stub->ExtractBatch(&context, request, &response), IsOk());
  ASSERT_EQ(response.results_size(), 5);
  EXPECT_EQ(response.results(0).document_id(), "good");
  EXPECT_EQ(response.results(0).summary().language().code(), "fr");
  EXPECT_FALSE(response.results(0).has_error());
  struct Expected {
    int index;
    std::string message;
  };
  for (const Expected& e : {Expected{1, "byte offset 1"},
                            Expected{2, "documents[2]: document.id is required"},
                            Expected{3, "id \"good\" is already used by documents[0]"},
                            Expected{4, "content is empty"}}) {
    SCOPED_TRACE(e.index);
    EXPECT_FALSE(response.results(e.index).has_summary());
    EXPECT_EQ(response.results(e.index).error().code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(response.results(e.index).error().message(), HasSubstr(e.message));
  }
}

TEST(FactdServer, ExtractBatchRefusesAnUnusableBatch) {
  auto server = StartServer({"--max_batch=2"});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  v1::ExtractBatchRequest request;
  v1::ExtractBatchResponse response;
  {
    grpc::ClientContext context;
    const grpc::Status status = stub->ExtractBatch(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("documents is empty"));
  }
  for (int i = 0; i < 3; ++i) {
    v1::Document* document = request.add_documents();
    document->set_id(absl::StrCat("d", i));
    document->set_content("text");
  }
  grpc::ClientContext context;
  const grpc::Status status = stub->ExtractBatch(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("batch has 3 documents, over max_batch 2"));
}

TEST(FactdServer, ExtractStreamAnswersEveryDocumentAndGoesOnAfterErrors) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  grpc::ClientContext context;
  auto stream = stub->ExtractStream(&context);
  std::vector<v1::ExtractRequest> requests;
  for (int i = 0; i < 20; ++i) requests.push_back(Request(absl::StrCat("doc-", i), kFrench));
  requests.push_back(Request("bad", "\xc0\xaf"));
  requests.push_back(Request("", "no id"));
  requests.push_back(Request("empty", ""));
  requests.push_back(Request("after-errors", kFrench));
  for (const auto& request : requests) ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  std::map<std::string, v1::ExtractResponse> answers;
  v1::ExtractResponse response;
  int count = 0;
  while (stream->Read(&response)) {
    ++count;
    answers[response.document_id()] = response;
  }
  ASSERT_THAT(stream->Finish(), IsOk());
  EXPECT_EQ(count, static_cast<int>(requests.size()));
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(answers[absl::StrCat("doc-", i)].summary().language().code(), "fr");
  }
  EXPECT_EQ(answers["after-errors"].summary().language().code(), "fr");
  EXPECT_THAT(answers["bad"].error().message(), HasSubstr("byte offset 0"));
  EXPECT_THAT(answers[""].error().message(), HasSubstr("document.id is required"));
  EXPECT_THAT(answers["empty"].error().message(), HasSubstr("content is empty"));
}

TEST(FactdServer, ExtractStreamRefusesAnIdAlreadyAnswered) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  grpc::ClientContext context;
  auto stream = stub->ExtractStream(&context);
  v1::ExtractResponse response;
  ASSERT_TRUE(stream->Write(Request("same", kFrench)));
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_TRUE(response.has_summary());
  ASSERT_TRUE(stream->Write(Request("same", kFrench)));
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.error().code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(response.error().message(), HasSubstr("already answered"));
  stream->WritesDone();
  EXPECT_THAT(stream->Finish(), IsOk());
}

TEST(FactdServer, ExtractStreamRefusesAnIdInFlight) {
  HoldFile hold;
  auto server = StartServer({"--workers=1", hold.Flag()});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  grpc::ClientContext context;
  auto stream = stub->ExtractStream(&context);
  ASSERT_TRUE(stream->Write(Request("twice", kFrench)));
  ASSERT_TRUE(stream->Write(Request("twice", kFrench)));
  stream->WritesDone();
  v1::ExtractResponse response;
  ASSERT_TRUE(stream->Read(&response));  // the first is held on the worker
  EXPECT_THAT(response.error().message(), HasSubstr("already in flight"));
  hold.Release();
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_TRUE(response.has_summary());
  EXPECT_FALSE(stream->Read(&response));
  ASSERT_THAT(stream->Finish(), IsOk());
}

TEST(FactdServer, ExtractStreamStopsReadingFromAClientThatDoesNotRead) {
  auto server = StartServer({"--workers=2", "--stream_window=4"});
  ASSERT_NE(server, nullptr);
  // A client whose transport takes in little it has not read: 8 KiB of
  // lookahead, no window growth.
  grpc::ChannelArguments args;
  args.SetInt("grpc.http2.lookahead_bytes", 8 << 10);
  args.SetInt("grpc.http2.bdp_probe", 0);
  auto stub = v1::FactService::NewStub(grpc::CreateCustomChannel(
      server->address(), grpc::InsecureChannelCredentials(), args));
  grpc::ClientContext context;
  auto stream = stub->ExtractStream(&context);
  constexpr int kDocuments = 3000;
  std::atomic<int> written{0};
  // 24 MB in all: more than gRPC's transports buffer on the server side.
  const std::string content = std::string(kFrench) + std::string(8 << 10, ' ') + ".";
  std::thread writer([&] {
    for (int i = 0; i < kDocuments; ++i) {
      if (!stream->Write(Request(absl::StrCat("d", i), content))) return;
      ++written;
    }
    stream->WritesDone();
  });
  // Once the window is answered and nothing is running, unread answers hold
  // the server back: it extracted no more than its window plus what the
  // client's transport took in, and stopped reading.
  double extracted = 0;
  ASSERT_TRUE(WaitFor([&] {
    extracted = Metric(*server, "factd_documents_total{code=\"OK\"}");
    return extracted >= 4 && Metric(*server, "factd_in_flight") == 0;
  }));
  EXPECT_LE(extracted, 4 + (8 << 10) / 100);
  EXPECT_LT(written.load(), kDocuments);
  int answered = 0;
  v1::ExtractResponse response;
  while (stream->Read(&response)) answered += response.has_summary();
  writer.join();
  EXPECT_THAT(stream->Finish(), IsOk());
  EXPECT_EQ(answered, kDocuments);
}

// Many concurrent unary calls against one held worker and a tiny queue:
// the queue's two places are taken, everyone else is refused at once, and
// the admitted documents are answered once the worker goes on.
TEST(FactdServer, FloodGetsResourceExhaustedAndEveryAcceptedDocumentAnswered) {
  HoldFile hold;
  auto server = StartServer({"--workers=1", "--queue_capacity=2", hold.Flag()});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  constexpr int kCalls = 24;
  std::vector<std::thread> callers;
  absl::Mutex mu;
  std::map<int, int> codes;
  for (int i = 0; i < kCalls; ++i) {
    callers.emplace_back([&, i] {
      v1::ExtractResponse response;
      const grpc::Status status =
          CallExtract(stub.get(), Request(absl::StrCat("f", i), kFrench), &response);
      absl::MutexLock lock(&mu);
      ++codes[status.error_code()];
      if (status.ok()) {
        EXPECT_EQ(response.summary().language().code(), "fr");
      } else {
        EXPECT_THAT(status.error_message(), HasSubstr("queue is full"));
      }
    });
  }
  // Every call admitted (one running and up to two queued: on a loaded
  // machine the worker may not have taken the first one yet when the
  // queue fills) or refused at once; none waits elsewhere. (On failure the
  // held calls are still released and joined below.)
  double admitted = 0;
  EXPECT_TRUE(WaitFor([&] {
    admitted = Metric(*server, "factd_in_flight");
    absl::MutexLock lock(&mu);
    return codes[grpc::RESOURCE_EXHAUSTED] + admitted == kCalls;
  }));
  EXPECT_GE(admitted, 2);
  EXPECT_LE(admitted, 3);
  hold.Release();
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(codes[grpc::OK], admitted);
  EXPECT_EQ(codes[grpc::OK] + codes[grpc::RESOURCE_EXHAUSTED], kCalls);
  EXPECT_EQ(Metric(*server, "factd_documents_total{code=\"OK\"}"), codes[grpc::OK]);
  EXPECT_EQ(Metric(*server, "factd_documents_dropped_total{reason=\"queue_full\"}"),
            codes[grpc::RESOURCE_EXHAUSTED]);
}

// A call that holds the only worker while `hold` exists; the thread ends
// when it is answered. Returns once the document is running.
std::thread OccupyTheWorker(v1::FactService::Stub* stub, const FactdProcess& server) {
  std::thread slow([stub] {
    v1::ExtractResponse response;
    EXPECT_THAT(CallExtract(stub, Request("slow", kFrench), &response), IsOk());
  });
  EXPECT_TRUE(WaitFor([&] { return Metric(server, "factd_in_flight") == 1; }));
  return slow;
}

TEST(FactdServer, DocumentWhoseDeadlinePassedInTheQueueIsNotRun) {
  HoldFile hold;
  auto server = StartServer({"--workers=1", hold.Flag()});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  std::thread slow = OccupyTheWorker(stub.get(), *server);
  v1::ExtractResponse response;
  // A deadline long enough for the call to reach the queue on a loaded
  // machine; it passes while the document waits there.
  const grpc::Status status =
      CallExtract(stub.get(), Request("late", kFrench), &response, absl::Seconds(3));
  EXPECT_EQ(status.error_code(), grpc::DEADLINE_EXCEEDED);
  hold.Release();
  slow.join();
  // Dropped unrun: for the deadline, or as cancelled when the client's
  // deadline (a little before the server's copy of it) cancelled the call
  // first.
  EXPECT_TRUE(WaitFor([&] {
    return Metric(*server, "factd_documents_dropped_total{reason=\"deadline\"}") +
               Metric(*server, "factd_documents_dropped_total{reason=\"cancelled\"}") ==
           1;
  }));
  EXPECT_EQ(Metric(*server, "factd_documents_total{code=\"OK\"}"), 1);
}

TEST(FactdServer, DocumentWhoseCallWasCancelledIsNotRun) {
  HoldFile hold;
  auto server = StartServer({"--workers=1", hold.Flag()});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  std::thread slow = OccupyTheWorker(stub.get(), *server);
  grpc::ClientContext context;
  std::thread canceller([&] {
    // Once the document waits in the queue.
    EXPECT_TRUE(WaitFor([&] { return Metric(*server, "factd_queue_depth") == 1; }));
    context.TryCancel();
  });
  v1::ExtractResponse response;
  const grpc::Status status =
      stub->Extract(&context, Request("cancelled", kFrench), &response);
  EXPECT_EQ(status.error_code(), grpc::CANCELLED);
  canceller.join();
  hold.Release();
  slow.join();
  EXPECT_TRUE(WaitFor(
      [&] { return Metric(*server, "factd_documents_dropped_total{reason=\"cancelled\"}") == 1; }));
  EXPECT_EQ(Metric(*server, "factd_documents_total{code=\"OK\"}"), 1);
}

// A document already running stops at its caller's deadline: the worker is
// free again at once, not when the work would have ended.
TEST(FactdServer, RunningDocumentStopsAtItsDeadline) {
  HoldFile hold;
  auto server = StartServer({"--workers=1", hold.Flag()});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  v1::ExtractResponse response;
  // Long enough to start running on a loaded machine; it passes while the
  // document is held on the worker.
  const grpc::Status status =
      CallExtract(stub.get(), Request("held", kFrench), &response, absl::Seconds(3));
  EXPECT_EQ(status.error_code(), grpc::DEADLINE_EXCEEDED);
  // Stopped for its deadline (or as cancelled, when the client's copy of
  // the deadline, a little earlier, cancelled the call first).
  EXPECT_TRUE(WaitFor([&] {
    return Metric(*server, "factd_documents_stopped_total{reason=\"deadline\"}") +
               Metric(*server, "factd_documents_stopped_total{reason=\"cancelled\"}") ==
           1;
  }));
  EXPECT_TRUE(WaitFor([&] { return Metric(*server, "factd_in_flight") == 0; }));
  hold.Release();
  ASSERT_THAT(CallExtract(stub.get(), Request("next", kFrench), &response), IsOk());
}

TEST(FactdServer, DocumentOverItsCpuBudgetIsStopped) {
  auto server = StartServer({"--workers=1", "--max_document_seconds=0.001",
                             "--max_document_bytes=4000000"});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  std::string dense;
  while (dense.size() < (3 << 20)) {
    dense += "Đại sứ Đặng Hoàng Giang khẳng định ngày 6/3/2024 Việt Nam gửi 512 sĩ quan. ";
  }
  v1::ExtractResponse response;
  const grpc::Status status = CallExtract(stub.get(), Request("dense", dense), &response);
  EXPECT_EQ(status.error_code(), grpc::DEADLINE_EXCEEDED);
  EXPECT_THAT(status.error_message(), HasSubstr("CPU budget"));
  EXPECT_TRUE(WaitFor(
      [&] { return Metric(*server, "factd_documents_stopped_total{reason=\"cpu\"}") == 1; }));
}

TEST(FactdServer, HealthReportsServingForTheServerAndItsService) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(HealthOf(*server, ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(HealthOf(*server, "factd.v1.FactService"), HealthCheckResponse::SERVING);
  grpc::Status status;
  HealthOf(*server, "no.such.Service", &status);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
}

// SIGTERM with documents queued and running: health goes NOT_SERVING, new
// calls get UNAVAILABLE, every admitted document is answered, exit 0.
TEST(FactdServer, SigtermDrainsEveryAdmittedDocument) {
  HoldFile hold;
  auto server = StartServer({"--workers=1", "--queue_capacity=16", hold.Flag(),
                             "--grace_period=60s"});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  constexpr int kDocuments = 6;
  std::atomic<int> answered_ok{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < kDocuments; ++i) {
    callers.emplace_back([&, i] {
      v1::ExtractResponse response;
      const grpc::Status status =
          CallExtract(stub.get(), Request(absl::StrCat("in-flight-", i), kFrench), &response,
                      absl::Seconds(60));
      EXPECT_THAT(status, IsOk());
      if (status.ok() && response.summary().language().code() == "fr") ++answered_ok;
    });
  }
  // A stream with documents in flight too.
  grpc::ClientContext stream_context;
  auto stream = stub->ExtractStream(&stream_context);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(stream->Write(Request(absl::StrCat("s", i), kFrench)));
  ASSERT_TRUE(WaitFor([&] { return Metric(*server, "factd_in_flight") == kDocuments + 3; }));
  server->Signal(SIGTERM);
  ASSERT_TRUE(WaitFor([&] { return HealthOf(*server, "") == HealthCheckResponse::NOT_SERVING; }));

  v1::ExtractResponse refused;
  const grpc::Status late = CallExtract(stub.get(), Request("late", kFrench), &refused);
  EXPECT_EQ(late.error_code(), grpc::UNAVAILABLE);
  EXPECT_THAT(late.error_message(), HasSubstr("shutting down"));
  v1::ServerInfo info;
  grpc::ClientContext info_context;
  EXPECT_EQ(stub->GetServerInfo(&info_context, {}, &info).error_code(), grpc::UNAVAILABLE);

  hold.Release();
  int stream_answers = 0;
  v1::ExtractResponse response;
  while (stream->Read(&response)) stream_answers += response.has_summary();
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(answered_ok.load(), kDocuments);
  EXPECT_EQ(stream_answers, 3);
  stream->WritesDone();
  EXPECT_EQ(stream->Finish().error_code(), grpc::UNAVAILABLE);
  auto exit_code = server->Wait(absl::Seconds(60));
  ASSERT_THAT(exit_code, IsOk());
  EXPECT_EQ(*exit_code, 0);
  EXPECT_THAT(server->Stderr(), HasSubstr("every admitted document was answered"));
}

// The grace period bounds the shutdown: the document still running is
// stopped (DEADLINE_EXCEEDED), those still queued are answered UNAVAILABLE.
TEST(FactdServer, GracePeriodOverStopsTheRunningAndAnswersTheQueued) {
  HoldFile hold;
  auto server = StartServer({"--workers=1", hold.Flag(), "--grace_period=200ms"});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  absl::Mutex mu;
  std::map<int, int> codes;
  std::vector<std::thread> callers;
  for (int i = 0; i < 4; ++i) {
    callers.emplace_back([&, i] {
      v1::ExtractResponse response;
      const grpc::Status status =
          CallExtract(stub.get(), Request(absl::StrCat("q", i), kFrench), &response);
      absl::MutexLock lock(&mu);
      ++codes[status.error_code()];
    });
  }
  ASSERT_TRUE(WaitFor([&] { return Metric(*server, "factd_in_flight") == 4; }));
  server->Signal(SIGINT);
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(codes[grpc::DEADLINE_EXCEEDED], 1);
  EXPECT_EQ(codes[grpc::UNAVAILABLE], 3);
  auto exit_code = server->Wait(absl::Seconds(30));
  ASSERT_THAT(exit_code, IsOk());
  EXPECT_EQ(*exit_code, 0);
  EXPECT_THAT(server->Stderr(), HasSubstr("grace period over"));
}

TEST(FactdServer, MetricsAreServedInPrometheusFormat) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  v1::ExtractResponse response;
  ASSERT_THAT(CallExtract(stub.get(), Request("m", kFrench), &response), IsOk());
  CallExtract(stub.get(), Request("", kFrench), &response);
  absl::StatusOr<std::string> body = testing::HttpGet(server->metrics_port(), "/metrics");
  ASSERT_THAT(body, IsOk());
  for (const char* series : {
           "factd_rpcs_total{code=\"OK\",method=\"Extract\"} 1",
           "factd_rpcs_total{code=\"INVALID_ARGUMENT\",method=\"Extract\"} 1",
           "factd_documents_total{code=\"OK\"} 1",
           "factd_document_bytes_total ",
           "factd_queue_depth 0",
           "factd_in_flight 0",
           "factd_rpc_duration_seconds_bucket{method=\"Extract\",le=",
           "factd_stage_duration_seconds_bucket{stage=\"normalize\",le=",
           "factd_stage_duration_seconds_bucket{stage=\"language\",le=",
       }) {
    EXPECT_THAT(*body, HasSubstr(series));
  }
}

// Issue 4: all data loaded, resident memory stays under 150 MB.
TEST(FactdServer, ResidentMemoryStaysUnder150MB) {
  auto server = StartServer({"--workers=2"});
  ASSERT_NE(server, nullptr);
  auto stub = v1::FactService::NewStub(server->Channel());
  for (const char* seed : {"000_c08e39c86333cf3a", "001_42f84f4725acd7ec", "002_97632951dc6b66c7",
                           "003_d1d0b65307e78fd8", "004_6de5c664f59d8edc"}) {
    v1::ExtractResponse response;
    ASSERT_THAT(CallExtract(stub.get(),
                            Request(seed, testing::ReadFile(testing::SeedsDir() + "/" + seed + ".txt")),
                            &response),
                IsOk());
  }
  const std::string status = testing::ReadFile(absl::StrCat("/proc/", server->pid(), "/status"));
  const size_t at = status.find("VmHWM:");
  ASSERT_NE(at, std::string::npos);
  const long peak_kb = std::stol(status.substr(at + 6));
  EXPECT_LT(peak_kb, 150 * 1024) << "peak resident memory " << peak_kb << " kB";
}

}  // namespace
}  // namespace factd
