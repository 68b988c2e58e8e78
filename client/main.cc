// factctl: the command-line client of factd.
//
//   factctl extract FILE|-          one document; prints its summary as JSON
//   factctl submit PATH...          files, directories, JSONL; streams them
//   factctl info                    the server's version, languages, limits
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "cli/cli.h"
#include "client/bulk.h"
#include "client/channel.h"
#include "client/eval.h"
#include "client/input.h"
#include "factd/v1/factd.grpc.pb.h"
#include "google/protobuf/util/json_util.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051",
          "factd to call, as a gRPC target: HOST:PORT, dns:///HOST:PORT (every address the name "
          "resolves to, followed as it changes), dns://DNS_SERVER/HOST:PORT, ipv4:A:P,B:P, "
          "unix:PATH. Each target is one channel balanced round robin over its healthy "
          "replicas. Several targets: repeat --target or separate plain HOST:PORT targets by "
          "commas.");
ABSL_FLAG(int, streams, 0,
          "submit: streams open at once on each target's channel (0: 4 per core of this "
          "machine, at least 8), so that every replica behind a name gets work; each stream "
          "ends after a second and a new one picks the next replica.");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA bundle that signs the server's certificate: connect with TLS.");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM client certificate chain, for servers that require one (mutual TLS).");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, tls_server_name, "",
          "The name the server's certificate must hold, when it is not the target's host.");
ABSL_FLAG(int64_t, max_receive_bytes, 64 << 20,
          "Largest answer accepted, in bytes (a summary of a large document can be "
          "larger than gRPC's default of 4 MiB).");
ABSL_FLAG(absl::Duration, deadline, absl::Seconds(60),
          "extract/info: the call's deadline. submit: the longest wait for "
          "one document's answer after it is sent.");
ABSL_FLAG(std::string, out, "",
          "submit: write one JSON line per document (its ExtractResponse: "
          "documentId and summary or error) to this file instead of stdout.");
ABSL_FLAG(bool, resume, false,
          "submit: skip documents whose latest line in --out holds a summary, "
          "send again those whose latest line is an error, and append to --out "
          "(a later line for an id supersedes an earlier one).");
ABSL_FLAG(int, window, 32, "submit: documents in flight per stream, at most.");
ABSL_FLAG(int, max_attempts, 8,
          "submit: tries per document on UNAVAILABLE or RESOURCE_EXHAUSTED, "
          "with exponential backoff.");
ABSL_FLAG(std::string, extensions, ".txt",
          "submit: comma-separated file name endings taken from directories "
          "(*.jsonl files are always read as JSONL).");
ABSL_FLAG(std::string, offset_unit, "UTF8_BYTE",
          "Span unit: UTF8_BYTE, CODE_POINT or UTF16_CODE_UNIT.");
ABSL_FLAG(std::string, language_hint, "", "extract: the document's language, if known.");
ABSL_FLAG(std::string, published_at, "",
          "extract: when the document was published (RFC 3339, e.g. 2025-03-08T09:00:00Z): dates "
          "without a year and 'yesterday' are read from it.");
ABSL_FLAG(std::string, id, "", "extract: the document id to send (default: the file name).");
ABSL_FLAG(std::string, gold, "",
          "eval: directory of gold files (NAME.gold.json beside NAME.txt).");
ABSL_FLAG(double, min_f1, 0,
          "eval: exit 1 unless every fact kind reaches this F1 over all documents.");
ABSL_FLAG(bool, details, false, "eval: list each document's missing and spurious facts.");
ABSL_FLAG(std::string, kinds, "",
          "eval: comma-separated fact kinds to score (default: every kind the gold "
          "files write): quantities, percentages, money, dates, entities, events, "
          "sources, dateline.");
ABSL_FLAG(bool, progress, true,
          "submit: draw a progress line on stderr when it is a terminal.");

namespace {

using factd::v1::FactService;

constexpr char kUsage[] =
    "factctl: client of the factd fact-extraction service.\n"
    "Usage:\n"
    "  factctl extract FILE|-   extract one document, print its summary as JSON\n"
    "  factctl submit PATH...   stream files, directories (recursive) and JSONL\n"
    "                           files ({\"id\",\"content\",\"language_hint\",\n"
    "                           \"published_at\",\"source_url\"} per line)\n"
    "  factctl info             print the server's info\n"
    "  factctl eval --gold DIR  extract DIR's documents and score them against\n"
    "                           their gold: P/R/F1 per fact kind and language\n"
    "Exit status: 0 success (and --help, --version); 1 a call or some documents\n"
    "failed; 2 usage error.";

// Every --target value in argv (repeated flags add up, each may hold a
// comma-separated list); the flag's default when there is none.
std::vector<std::string> TargetsFromArgv(int argc, char** argv) {
  std::vector<std::string> targets;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--") break;
    std::string value;
    if (absl::StartsWith(arg, "--target=") || absl::StartsWith(arg, "-target=")) {
      value = std::string(arg.substr(arg.find('=') + 1));
    } else if ((arg == "--target" || arg == "-target") && i + 1 < argc) {
      value = argv[++i];
    } else {
      continue;
    }
    // A target with a scheme is one gRPC name, commas included
    // ("ipv4:127.0.0.2:50051,127.0.0.3:50051").
    if (absl::StrContains(value, ":/") || absl::StartsWith(value, "ipv4:") ||
        absl::StartsWith(value, "ipv6:") || absl::StartsWith(value, "unix:") ||
        absl::StartsWith(value, "dns:")) {
      targets.push_back(value);
      continue;
    }
    for (absl::string_view t : absl::StrSplit(value, ',', absl::SkipEmpty())) {
      targets.emplace_back(t);
    }
  }
  if (targets.empty()) {
    for (absl::string_view t : absl::StrSplit(absl::GetFlag(FLAGS_target), ',', absl::SkipEmpty())) {
      targets.emplace_back(t);
    }
  }
  return targets;
}

factd::client::ChannelOptions ChannelOptionsFromFlags() {
  factd::client::ChannelOptions options;
  options.tls_ca_file = absl::GetFlag(FLAGS_tls_ca);
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls_server_name = absl::GetFlag(FLAGS_tls_server_name);
  options.max_receive_bytes = static_cast<int>(
      std::clamp<int64_t>(absl::GetFlag(FLAGS_max_receive_bytes), 1, (int64_t{1} << 31) - 1));
  return options;
}

// The targets of this run, from the command line.
std::vector<std::string>& Targets() {
  static auto* const kTargets = new std::vector<std::string>();
  return *kTargets;
}

int Fail(const std::string& message, int code = 1) {
  std::fprintf(stderr, "factctl: %s\n", message.c_str());
  return code;
}

std::string ToJson(const google::protobuf::Message& message, bool pretty) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  options.preserve_proto_field_names = false;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  if (pretty && !json.empty() && json.back() == '\n') json.pop_back();
  return json;
}

bool ParseOffsetUnit(const std::string& name, factd::v1::ExtractOptions* options) {
  factd::v1::OffsetUnit unit;
  if (!factd::v1::OffsetUnit_Parse(name, &unit)) return false;
  options->set_offset_unit(unit);
  return true;
}

std::unique_ptr<FactService::Stub> Connect(const std::string& target) {
  return FactService::NewStub(factd::client::MakeChannel(target, ChannelOptionsFromFlags()).value());
}

int Extract(const std::vector<std::string>& args, const factd::v1::ExtractOptions& options) {
  if (args.size() != 1) return Fail("extract takes one FILE or -", 2);
  absl::StatusOr<std::vector<factd::client::DocumentRef>> refs =
      factd::client::EnumerateInputs(args, {""});
  if (!refs.ok()) return Fail(std::string(refs.status().message()));
  if (refs->size() != 1 || (*refs)[0].jsonl) return Fail("extract takes one plain text file", 2);
  factd::client::DocumentRef ref = (*refs)[0];
  ref.published_at = absl::GetFlag(FLAGS_published_at);
  if (!absl::GetFlag(FLAGS_id).empty()) ref.id = absl::GetFlag(FLAGS_id);
  absl::StatusOr<factd::v1::Document> document = factd::client::LoadDocument(ref);
  if (!document.ok()) return Fail(std::string(document.status().message()));
  document->set_language_hint(absl::GetFlag(FLAGS_language_hint));

  factd::v1::ExtractRequest request;
  *request.mutable_document() = *std::move(document);
  *request.mutable_options() = options;
  factd::v1::ExtractResponse response;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_deadline)));
  const grpc::Status status = Connect(Targets().front())->Extract(&context, request, &response);
  if (!status.ok()) {
    return Fail(factd::client::StatusCodeName(status.error_code()) + ": " + status.error_message());
  }
  std::printf("%s\n", ToJson(response.summary(), /*pretty=*/true).c_str());
  return 0;
}

int Info() {
  factd::v1::ServerInfo info;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_deadline)));
  const grpc::Status status = Connect(Targets().front())
                                  ->GetServerInfo(&context, factd::v1::GetServerInfoRequest(), &info);
  if (!status.ok()) {
    return Fail(factd::client::StatusCodeName(status.error_code()) + ": " + status.error_message());
  }
  std::printf("%s\n", ToJson(info, /*pretty=*/true).c_str());
  return 0;
}

// Ids whose latest line in a previous run's output holds a summary: those
// are done; an id whose latest line is an error is sent again.
absl::flat_hash_set<std::string> AnsweredIds(const std::string& path) {
  absl::flat_hash_map<std::string, bool> latest;  // id -> has a summary
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    factd::v1::ExtractResponse response;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    if (google::protobuf::util::JsonStringToMessage(line, &response, options).ok() &&
        !response.document_id().empty()) {
      latest[response.document_id()] = response.has_summary();
    }
  }
  absl::flat_hash_set<std::string> ids;
  for (const auto& [id, answered] : latest) {
    if (answered) ids.insert(id);
  }
  return ids;
}

int Submit(const std::vector<std::string>& args, const factd::v1::ExtractOptions& extract) {
  if (args.empty()) return Fail("submit takes at least one PATH", 2);
  const std::string out_path = absl::GetFlag(FLAGS_out);
  if (absl::GetFlag(FLAGS_resume) && out_path.empty()) return Fail("--resume needs --out", 2);
  if (absl::GetFlag(FLAGS_window) < 1 || absl::GetFlag(FLAGS_max_attempts) < 1) {
    return Fail("--window and --max_attempts must be >= 1", 2);
  }
  const std::vector<std::string> extensions =
      absl::StrSplit(absl::GetFlag(FLAGS_extensions), ',', absl::SkipEmpty());
  absl::StatusOr<std::vector<factd::client::DocumentRef>> refs =
      factd::client::EnumerateInputs(args, extensions);
  if (!refs.ok()) return Fail(std::string(refs.status().message()));

  factd::client::BulkOptions options;
  options.targets = Targets();
  options.channel = ChannelOptionsFromFlags();
  options.window = static_cast<size_t>(absl::GetFlag(FLAGS_window));
  options.streams = absl::GetFlag(FLAGS_streams);
  options.max_attempts = absl::GetFlag(FLAGS_max_attempts);
  options.deadline = absl::GetFlag(FLAGS_deadline);
  options.extract = extract;
  options.progress = absl::GetFlag(FLAGS_progress) && isatty(STDERR_FILENO);

  std::ofstream out_file;
  if (!out_path.empty()) {
    if (absl::GetFlag(FLAGS_resume)) options.skip_ids = AnsweredIds(out_path);
    out_file.open(out_path, absl::GetFlag(FLAGS_resume) ? std::ios::app : std::ios::trunc);
    if (!out_file) return Fail("cannot write " + out_path);
  }
  std::ostream& out = out_path.empty() ? std::cout : out_file;
  const factd::client::ResultSink sink = [&out](const factd::v1::ExtractResponse& response) {
    out << ToJson(response, /*pretty=*/false) << '\n';
    out.flush();
  };

  const factd::client::BulkReport report = factd::client::SubmitAll(*refs, options, sink);
  std::fprintf(stderr, "%s", factd::client::FormatReport(report).c_str());
  if (!out) return Fail("writing the output failed");
  return report.failed == 0 ? 0 : 1;
}

int Eval(const factd::v1::ExtractOptions& extract) {
  const std::string dir = absl::GetFlag(FLAGS_gold);
  if (dir.empty()) return Fail("eval needs --gold DIR", 2);
  absl::StatusOr<std::vector<factd::client::GoldDocument>> gold = factd::client::LoadGold(dir);
  if (!gold.ok()) return Fail(std::string(gold.status().message()));
  if (gold->empty()) return Fail("no *.gold.json under " + dir);
  std::vector<factd::client::DocumentRef> refs;
  for (const auto& doc : *gold) {
    factd::client::DocumentRef ref{doc.text_path, doc.id};
    ref.published_at = doc.published_at;
    refs.push_back(std::move(ref));
  }

  factd::client::BulkOptions options;
  options.targets = Targets();
  options.channel = ChannelOptionsFromFlags();
  options.deadline = absl::GetFlag(FLAGS_deadline);
  options.extract = extract;
  std::map<std::string, factd::v1::DocumentSummary> summaries;
  std::string errors;
  const factd::client::BulkReport report = factd::client::SubmitAll(
      refs, options, [&](const factd::v1::ExtractResponse& response) {
        if (response.has_summary()) {
          summaries[response.document_id()] = response.summary();
        } else {
          errors += response.document_id() + ": " + response.error().message() + "\n";
        }
      });
  std::fprintf(stderr, "%s", errors.c_str());
  const std::vector<std::string> kinds =
      absl::StrSplit(absl::GetFlag(FLAGS_kinds), ',', absl::SkipEmpty());
  for (const std::string& kind : kinds) {
    const auto& all = factd::client::EvalKinds();
    if (std::find(all.begin(), all.end(), kind) == all.end()) {
      return Fail("--kinds: unknown kind \"" + kind + "\"", 2);
    }
  }
  const factd::client::EvalReport scores = factd::client::Score(*gold, summaries, kinds);
  std::printf("%s", factd::client::FormatEval(scores, absl::GetFlag(FLAGS_details)).c_str());
  const double min_f1 = absl::GetFlag(FLAGS_min_f1);
  if (!factd::client::MeetsMinF1(scores, min_f1) || report.failed > 0) {
    std::fprintf(stderr, "factctl: F1 below %.3f for some kind, or documents unanswered\n", min_f1);
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const factd::cli::Program program{"factctl", "client/main.cc", kUsage, FACTD_VERSION};
  std::vector<std::string> targets = TargetsFromArgv(argc, argv);
  std::vector<char*> positional = factd::cli::ParseCommandLine(argc, argv, program);
  if (targets.empty()) targets = TargetsFromArgv(0, nullptr);
  if (targets.empty()) factd::cli::UsageError(program, "--target is empty");
  Targets() = targets;
  if (positional.size() < 2) factd::cli::UsageError(program, std::string("a command is required\n") + kUsage);
  if (absl::Status usable = factd::client::MakeChannel(targets.front(), ChannelOptionsFromFlags()).status();
      !usable.ok()) {
    factd::cli::UsageError(program, std::string(usable.message()));
  }
  const std::string command = positional[1];
  const std::vector<std::string> args(positional.begin() + 2, positional.end());

  factd::v1::ExtractOptions extract;
  if (!ParseOffsetUnit(absl::GetFlag(FLAGS_offset_unit), &extract)) {
    return Fail("--offset_unit must be UTF8_BYTE, CODE_POINT or UTF16_CODE_UNIT", 2);
  }
  if (command == "extract") return Extract(args, extract);
  if (command == "submit") return Submit(args, extract);
  if (command == "eval") return args.empty() ? Eval(extract) : Fail("eval takes no arguments", 2);
  if (command == "info") return args.empty() ? Info() : Fail("info takes no arguments", 2);
  return Fail("unknown command \"" + command + "\"\n" + kUsage, 2);
}
