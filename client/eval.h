// Scores summaries against gold files: precision, recall and F1 per fact
// kind and per language, matching facts on their normalized values (a date
// on value and end, a quantity on value, qualifier and unit, money on amount
// and currency, a percentage on value, an entity on type and canonical name
// with case and diacritics folded, an event on type and participant names,
// a source on its name, a dateline on place and date). Each gold or
// predicted fact matches at most one on the other side (multiset
// intersection per document).
//
//   factd::client::GoldSet gold = factd::client::LoadGold("seeds/").value();
//   factd::client::EvalReport r = factd::client::Score(gold, summaries);
//   std::cout << factd::client::FormatEval(r);
//
// Thread-compatible.
#ifndef FACTD_CLIENT_EVAL_H_
#define FACTD_CLIENT_EVAL_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "factd/v1/factd.pb.h"

namespace factd::client {

// One gold document: the expected summary and the text file it is for.
struct GoldDocument {
  std::string id;         // path under the gold directory without ".gold.json"
  std::string text_path;  // the sibling ".txt"
  std::string language;
  std::string published_at;  // "publishedAt" of the gold file, RFC 3339, or ""
  // Normalized keys of the expected facts, per kind the gold file writes
  // (a kind it leaves out is not scored for this document).
  std::map<std::string, std::vector<std::string>> keys;
};

// Every *.gold.json under `dir` (recursive, sorted). INVALID_ARGUMENT
// naming the file when one does not parse or has no .txt beside it.
absl::StatusOr<std::vector<GoldDocument>> LoadGold(const std::string& dir);

struct Counts {
  size_t gold = 0;
  size_t predicted = 0;
  size_t matched = 0;
  double Precision() const { return predicted == 0 ? (gold == 0 ? 1 : 0) : double(matched) / predicted; }
  double Recall() const { return gold == 0 ? (predicted == 0 ? 1 : 0) : double(matched) / gold; }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
};

// The fact kinds scored.
const std::vector<std::string>& EvalKinds();

struct EvalReport {
  // kind -> language -> counts; language "all" sums every language.
  std::map<std::string, std::map<std::string, Counts>> counts;
  // Per document, the facts only one side has, as "kind: key".
  std::map<std::string, std::vector<std::string>> missing;   // in gold only
  std::map<std::string, std::vector<std::string>> spurious;  // predicted only
  std::vector<std::string> unanswered;  // gold documents with no summary
};

// The normalized keys of a summary's facts, per kind (as gold keys are).
std::map<std::string, std::vector<std::string>> SummaryKeys(const v1::DocumentSummary& summary);

// Scores `summaries` (by gold id) against `gold`. A gold document without a
// summary counts all its facts as missed.
// Only `kinds` are scored when it is not empty.
EvalReport Score(const std::vector<GoldDocument>& gold,
                 const std::map<std::string, v1::DocumentSummary>& summaries,
                 const std::vector<std::string>& kinds = {});

// The report as a table; with `details`, each document's misses too.
std::string FormatEval(const EvalReport& report, bool details);

// Whether every kind with gold or predicted facts reaches `min_f1` overall.
bool MeetsMinF1(const EvalReport& report, double min_f1);

}  // namespace factd::client

#endif  // FACTD_CLIENT_EVAL_H_
