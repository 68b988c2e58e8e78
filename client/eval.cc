#include "client/eval.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"

namespace factd::client {
namespace {

constexpr char kGoldSuffix[] = ".gold.json";

std::string Number(double v) { return absl::StrFormat("%.6g", v); }

// The normalized key of each fact of `kind`, as FACTS.md compares them.
std::vector<std::string> Keys(const v1::DocumentSummary& s, const std::string& kind) {
  std::vector<std::string> keys;
  if (kind == "quantities") {
    for (const auto& q : s.quantities()) {
      keys.push_back(absl::StrCat(Number(q.value()), " ", v1::Qualifier_Name(q.qualifier()),
                                  " ", q.unit()));
    }
  } else if (kind == "percentages") {
    for (const auto& p : s.percentages()) keys.push_back(Number(p.value()));
  } else if (kind == "money") {
    for (const auto& m : s.money()) keys.push_back(absl::StrCat(Number(m.amount()), " ", m.currency()));
  } else if (kind == "dates") {
    for (const auto& d : s.dates()) {
      keys.push_back(d.end().empty() ? d.value() : absl::StrCat(d.value(), "/", d.end()));
    }
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace

const std::vector<std::string>& EvalKinds() {
  static const auto* const kKinds =
      new std::vector<std::string>{"quantities", "percentages", "money", "dates"};
  return *kKinds;
}

absl::StatusOr<std::vector<GoldDocument>> LoadGold(const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return absl::NotFoundError(absl::StrCat(dir, " is not a directory"));
  }
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && absl::EndsWith(entry.path().string(), kGoldSuffix)) {
      paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<GoldDocument> gold;
  for (const auto& path : paths) {
    GoldDocument doc;
    const std::string relative = std::filesystem::relative(path, dir).string();
    doc.id = relative.substr(0, relative.size() - std::string(kGoldSuffix).size());
    const std::string full = path.string();
    doc.text_path = full.substr(0, full.size() - std::string(kGoldSuffix).size()) + ".txt";
    if (!std::filesystem::exists(doc.text_path)) {
      return absl::InvalidArgumentError(absl::StrCat(full, ": no ", doc.text_path, " beside it"));
    }
    std::ifstream in(full);
    std::stringstream json;
    json << in.rdbuf();
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;  // "text" of boilerplate, notes
    const auto parsed = google::protobuf::util::JsonStringToMessage(json.str(), &doc.expected, options);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(full, ": ", parsed.message().as_string()));
    }
    gold.push_back(std::move(doc));
  }
  return gold;
}

EvalReport Score(const std::vector<GoldDocument>& gold,
                 const std::map<std::string, v1::DocumentSummary>& summaries) {
  EvalReport report;
  static const v1::DocumentSummary kEmpty;
  for (const GoldDocument& doc : gold) {
    auto it = summaries.find(doc.id);
    if (it == summaries.end()) report.unanswered.push_back(doc.id);
    const v1::DocumentSummary& actual = it == summaries.end() ? kEmpty : it->second;
    const std::string language =
        doc.expected.language().code().empty() ? "und" : doc.expected.language().code();
    for (const std::string& kind : EvalKinds()) {
      const std::vector<std::string> want = Keys(doc.expected, kind);
      const std::vector<std::string> got = Keys(actual, kind);
      std::vector<std::string> both, only_want, only_got;
      std::set_intersection(want.begin(), want.end(), got.begin(), got.end(),
                            std::back_inserter(both));
      std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                          std::back_inserter(only_want));
      std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                          std::back_inserter(only_got));
      for (const std::string& lang : {language, std::string("all")}) {
        Counts& c = report.counts[kind][lang];
        c.gold += want.size();
        c.predicted += got.size();
        c.matched += both.size();
      }
      for (const auto& k : only_want) report.missing[doc.id].push_back(absl::StrCat(kind, ": ", k));
      for (const auto& k : only_got) report.spurious[doc.id].push_back(absl::StrCat(kind, ": ", k));
    }
  }
  return report;
}

std::string FormatEval(const EvalReport& report, bool details) {
  std::string out = absl::StrFormat("%-12s %-5s %6s %6s %6s %7s %7s %7s\n", "kind", "lang",
                                    "gold", "pred", "match", "P", "R", "F1");
  for (const std::string& kind : EvalKinds()) {
    auto it = report.counts.find(kind);
    if (it == report.counts.end()) continue;
    for (const auto& [language, c] : it->second) {
      if (language == "all") continue;
      absl::StrAppendFormat(&out, "%-12s %-5s %6zu %6zu %6zu %7.3f %7.3f %7.3f\n", kind, language,
                            c.gold, c.predicted, c.matched, c.Precision(), c.Recall(), c.F1());
    }
    const Counts& all = it->second.at("all");
    absl::StrAppendFormat(&out, "%-12s %-5s %6zu %6zu %6zu %7.3f %7.3f %7.3f\n", kind, "ALL",
                          all.gold, all.predicted, all.matched, all.Precision(), all.Recall(),
                          all.F1());
  }
  for (const std::string& id : report.unanswered) {
    absl::StrAppend(&out, "no summary for ", id, "\n");
  }
  if (details) {
    for (const auto& [id, keys] : report.missing) {
      for (const auto& k : keys) absl::StrAppend(&out, "missing  ", id, "  ", k, "\n");
    }
    for (const auto& [id, keys] : report.spurious) {
      for (const auto& k : keys) absl::StrAppend(&out, "spurious ", id, "  ", k, "\n");
    }
  }
  return out;
}

bool MeetsMinF1(const EvalReport& report, double min_f1) {
  for (const auto& [kind, by_language] : report.counts) {
    const Counts& all = by_language.at("all");
    if ((all.gold > 0 || all.predicted > 0) && all.F1() < min_f1) return false;
  }
  return report.unanswered.empty();
}

}  // namespace factd::client
