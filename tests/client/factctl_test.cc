// factctl against the real factd binary.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "factd/v1/factd.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"

namespace factd {
namespace {

using ::factd::testing::CommandResult;
using ::factd::testing::FactdProcess;
using ::factd::testing::IsOk;
using ::factd::testing::RunCommand;
using ::testing::HasSubstr;

CommandResult Factctl(const std::vector<std::string>& args, const std::string& stdin_path = "") {
  std::vector<std::string> argv = {testing::FactctlBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, stdin_path);
}

// The JSON lines of a submit output, by document id.
std::map<std::string, v1::ExtractResponse> ParseLines(const std::string& text) {
  std::map<std::string, v1::ExtractResponse> responses;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    v1::ExtractResponse response;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &response).ok())
        << line;
    EXPECT_EQ(responses.count(response.document_id()), 0u) << "twice: " << line;
    responses[response.document_id()] = response;
  }
  return responses;
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

TEST(Factctl, SubmitsTheSeeds) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const std::string out = testing::MakeTempDir("submit") + "/out.jsonl";
  const CommandResult result = Factctl(
      {"submit", "--target=" + (*server)->address(), "--out=" + out, testing::SeedsDir()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("documents: 5  succeeded: 5  failed: 0"));
  EXPECT_THAT(result.err, HasSubstr("docs/s"));
  EXPECT_THAT(result.err, HasSubstr("p50"));
  const auto responses = ParseLines(testing::ReadFile(out));
  ASSERT_EQ(responses.size(), 5u);
  for (const testing::SeedExpectation& e : testing::SeedExpectations()) {
    SCOPED_TRACE(e.id);
    ASSERT_EQ(responses.count(e.id), 1u);
    const v1::DocumentSummary& summary = responses.at(e.id).summary();
    EXPECT_EQ(summary.language().code(), e.language);
    EXPECT_EQ(summary.headline(), e.headline);
  }
}

TEST(Factctl, ResumeSkipsDocumentsAlreadyAnswered) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const std::string dir = testing::MakeTempDir("resume");
  std::filesystem::create_directories(dir + "/in");
  for (int i = 0; i < 4; ++i) {
    WriteFile(absl::StrCat(dir, "/in/doc", i, ".txt"), "Bonjour le monde, ceci est un texte.");
  }
  const std::string out = dir + "/out.jsonl";
  const std::string target = "--target=" + (*server)->address();
  ASSERT_EQ(Factctl({"submit", target, "--out=" + out, dir + "/in/doc0.txt"}).exit_code, 0);
  const CommandResult resumed =
      Factctl({"submit", target, "--out=" + out, "--resume", dir + "/in"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_THAT(resumed.err, HasSubstr("documents: 4  succeeded: 3  failed: 0  skipped: 1"));
  EXPECT_EQ(ParseLines(testing::ReadFile(out)).size(), 4u);
}

TEST(Factctl, JsonlLinesEachGetOneAnswerEvenWhenBad) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const std::string dir = testing::MakeTempDir("jsonl");
  WriteFile(dir + "/docs.jsonl",
            R"({"id":"a","content":"Hôm nay Việt Nam cử thêm sĩ quan.","language_hint":"vi","published_at":"2024-03-06T08:00:00Z"})"
            "\n"
            R"({"id":"b","content":""})"
            "\n"
            "not json\n"
            "\n"
            R"({"content":"no id"})"
            "\n"
            R"({"id":"a","content":"again"})"
            "\n");
  const std::string out = dir + "/out.jsonl";
  const CommandResult result =
      Factctl({"submit", "--target=" + (*server)->address(), "--out=" + out, dir + "/docs.jsonl"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("documents: 5  succeeded: 1  failed: 4"));
  EXPECT_THAT(result.err, HasSubstr("INVALID_ARGUMENT: 4"));
  const std::string text = testing::ReadFile(out);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5);
  EXPECT_THAT(text, HasSubstr("content is empty"));
  EXPECT_THAT(text, HasSubstr("docs.jsonl:3"));
  EXPECT_THAT(text, HasSubstr("repeats the id"));
}

TEST(Factctl, RetriesUntilAFloodedServerAnswersEveryDocument) {
  auto server = FactdProcess::Start({"--workers=1", "--queue_capacity=1",
                                     "--debug_delay_per_document=2ms"});
  ASSERT_THAT(server, IsOk());
  const std::string dir = testing::MakeTempDir("flood");
  constexpr int kDocuments = 120;
  for (int i = 0; i < kDocuments; ++i) {
    WriteFile(absl::StrCat(dir, "/d", i, ".txt"), absl::StrCat("Document number ", i, " in English."));
  }
  const std::string out = testing::MakeTempDir("flood-out") + "/out.jsonl";
  const CommandResult result = Factctl({"submit", "--target=" + (*server)->address(),
                                        "--window=32", "--max_attempts=50", "--out=" + out, dir});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr(absl::StrCat("documents: ", kDocuments, "  succeeded: ",
                                                 kDocuments, "  failed: 0")));
  EXPECT_THAT(result.err, ::testing::Not(HasSubstr("retries: 0\n")));
  const auto responses = ParseLines(testing::ReadFile(out));
  EXPECT_EQ(responses.size(), static_cast<size_t>(kDocuments));
  for (const auto& [id, response] : responses) EXPECT_TRUE(response.has_summary()) << id;
}

TEST(Factctl, SpreadsDocumentsAcrossSeveralTargets) {
  auto first = FactdProcess::Start({});
  auto second = FactdProcess::Start({});
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  const std::string out = testing::MakeTempDir("spread") + "/out.jsonl";
  const CommandResult result = Factctl(
      {"submit", "--target=" + (*first)->address() + "," + (*second)->address(),
       "--window=1", "--out=" + out, testing::TestDataDir() + "/numbers/zh",
       testing::TestDataDir() + "/numbers/fr"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const auto* server : {first->get(), second->get()}) {
    auto body = testing::HttpGet(server->metrics_port(), "/metrics");
    ASSERT_THAT(body, IsOk());
    EXPECT_THAT(*body, HasSubstr("factd_documents_total{code=\"OK\"}"));
  }
}

TEST(Factctl, RetriesWhileTheServerIsNotUpYet) {
  // A target nobody listens on yet: submit keeps retrying, then a server
  // appears and the documents go through.
  auto probe = FactdProcess::Start({});
  ASSERT_THAT(probe, IsOk());
  const std::string address = (*probe)->address();
  probe->reset();
  const std::string port = address.substr(address.rfind(':') + 1);
  std::thread later([&] {
    absl::SleepFor(absl::Milliseconds(500));
    auto server = FactdProcess::Start({"--address=" + address});
    ASSERT_THAT(server, IsOk());
    absl::SleepFor(absl::Seconds(3));
  });
  const CommandResult result = Factctl({"submit", "--target=" + address, testing::SeedsDir()});
  later.join();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("succeeded: 5"));
}

// On a terminal, submit draws a progress line (done/total, docs/s, errors,
// ETA). script(1), from Debian's essential bsdutils, gives it a terminal.
TEST(Factctl, DrawsProgressOnATerminal) {
  auto server = FactdProcess::Start({"--workers=1", "--debug_delay_per_document=30ms"});
  ASSERT_THAT(server, IsOk());
  const std::string out = testing::MakeTempDir("progress") + "/out.jsonl";
  const std::string command = testing::FactctlBinary() + " submit --target=" +
                              (*server)->address() + " --out=" + out + " " +
                              testing::TestDataDir() + "/numbers/zh " + testing::SeedsDir();
  const CommandResult result = RunCommand({"/usr/bin/script", "-q", "-e", "-c", command, "/dev/null"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, ::testing::ContainsRegex(R"(\[=+ *\] [0-9]+/17 .*docs/s  errors 0  ETA)"));
  EXPECT_THAT(result.out, HasSubstr("[==============================] 17/17"));
  EXPECT_THAT(result.out, HasSubstr("documents: 17  succeeded: 17"));
}

TEST(Factctl, ExtractPrintsTheSummaryAsJson) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const CommandResult result =
      Factctl({"extract", "--target=" + (*server)->address(),
               testing::SeedsDir() + "/003_d1d0b65307e78fd8.txt"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  v1::DocumentSummary summary;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result.out, &summary).ok());
  EXPECT_EQ(summary.language().code(), "vi");
  EXPECT_EQ(summary.document_id(), "003_d1d0b65307e78fd8");
}

TEST(Factctl, ExtractReadsStandardInputAndReportsErrors) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const std::string dir = testing::MakeTempDir("stdin");
  WriteFile(dir + "/bad.txt", "ok\xff");
  const CommandResult result =
      Factctl({"extract", "--target=" + (*server)->address(), "-"}, dir + "/bad.txt");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(result.err, HasSubstr("byte offset 2"));
}

TEST(Factctl, InfoPrintsTheServerInfo) {
  auto server = FactdProcess::Start({"--queue_capacity=33"});
  ASSERT_THAT(server, IsOk());
  const CommandResult result = Factctl({"info", "--target=" + (*server)->address()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr(R"("queueCapacity": 33)"));
}

TEST(Factctl, UsageErrorsExitTwo) {
  EXPECT_EQ(Factctl({}).exit_code, 2);
  EXPECT_EQ(Factctl({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(Factctl({"submit"}).exit_code, 2);
  EXPECT_EQ(Factctl({"submit", "--resume", "x"}).exit_code, 2);
}

}  // namespace
}  // namespace factd

namespace factd {
namespace {

// The seeds' gold (written by reading, per FACTS.md) scored through the real
// server: every number-and-date kind at F1 >= 0.95.
TEST(FactctlEval, SeedsMeetTheF1Bar) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const CommandResult result =
      Factctl({"eval", "--target=" + (*server)->address(), "--gold=" + testing::SeedsDir(),
               "--kinds=quantities,percentages,money,dates", "--min_f1=0.95"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  for (const char* kind : {"quantities", "percentages", "money", "dates"}) {
    SCOPED_TRACE(kind);
    // "kind ALL gold pred match P R F1"
    bool found = false;
    for (absl::string_view line : absl::StrSplit(result.out, '\n')) {
      std::vector<std::string> cells = absl::StrSplit(line, ' ', absl::SkipEmpty());
      if (cells.size() == 8 && cells[0] == kind && cells[1] == "ALL") {
        found = true;
        EXPECT_GE(std::stod(cells[7]), 0.95) << line;
      }
    }
    EXPECT_TRUE(found) << result.out;
  }
  for (const char* language : {"zh", "ar", "vi", "fr"}) {
    EXPECT_THAT(result.out, HasSubstr(std::string("dates        ") + language));
  }
}

// Entities at F1 >= 0.9 and events at F1 >= 0.8 on the seeds' gold.
TEST(FactctlEval, SeedsEntitiesAndEventsMeetTheirBars) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const std::string target = "--target=" + (*server)->address();
  const std::string gold = "--gold=" + testing::SeedsDir();
  const CommandResult entities =
      Factctl({"eval", target, gold, "--kinds=entities,sources,dateline", "--min_f1=0.9"});
  EXPECT_EQ(entities.exit_code, 0) << entities.out << entities.err;
  const CommandResult events = Factctl({"eval", target, gold, "--kinds=events", "--min_f1=0.8"});
  EXPECT_EQ(events.exit_code, 0) << events.out << events.err;
}

TEST(FactctlEval, TheTestDocumentsMeetTheF1Bar) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const CommandResult result =
      Factctl({"eval", "--target=" + (*server)->address(),
               "--gold=" + testing::TestDataDir() + "/numbers", "--min_f1=0.95"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST(FactctlEval, FailsBelowTheBarAndNamesWhatWasMissed) {
  auto server = FactdProcess::Start({});
  ASSERT_THAT(server, IsOk());
  const std::string dir = testing::MakeTempDir("gold");
  WriteFile(dir + "/doc.txt", "Vietnam sent 184 officers to South Sudan in 2023.\nThey stay a year.");
  // The gold claims a fact the text does not hold.
  WriteFile(dir + "/doc.gold.json",
            R"({"documentId":"doc","language":{"code":"en"},"quantities":[)"
            R"({"value":184,"qualifier":"EXACT","unit":"officer"},)"
            R"({"value":999,"qualifier":"EXACT","unit":"officer"}],)"
            R"("dates":[{"value":"2023"}]})");
  const CommandResult result = Factctl({"eval", "--target=" + (*server)->address(),
                                        "--gold=" + dir, "--min_f1=0.9", "--details"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, HasSubstr("missing  doc  quantities: 999 EXACT officer"));
  EXPECT_THAT(result.out, HasSubstr("quantities   ALL        2      1      1   1.000   0.500   0.667"));
  EXPECT_THAT(result.out, HasSubstr("dates        ALL        1      1      1   1.000   1.000   1.000"));
}

TEST(FactctlEval, RefusesAGoldDirectoryItCannotUse) {
  EXPECT_EQ(Factctl({"eval"}).exit_code, 2);
  EXPECT_EQ(Factctl({"eval", "--gold=/nonexistent"}).exit_code, 1);
}

}  // namespace
}  // namespace factd
