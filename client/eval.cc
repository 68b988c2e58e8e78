#include "client/eval.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "unicode/translit.h"
#include "unicode/unistr.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace factd::client {
namespace {

constexpr char kGoldSuffix[] = ".gold.json";

std::string Number(double v) { return absl::StrFormat("%.6g", v); }

// Case and diacritics folded: "Đặng Hoàng Giang" -> "dang hoang giang".
std::string Fold(const std::string& name) {
  thread_local std::unique_ptr<icu::Transliterator> fold = [] {
    UErrorCode status = U_ZERO_ERROR;
    return std::unique_ptr<icu::Transliterator>(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
  }();
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(name);
  if (fold != nullptr) fold->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string EventKey(const std::string& type, std::vector<std::string> names) {
  for (auto& n : names) n = Fold(n);
  std::sort(names.begin(), names.end());
  return absl::StrCat(type, " ", absl::StrJoin(names, "+"));
}

const google::protobuf::Value* Get(const google::protobuf::Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? nullptr : &it->second;
}

std::string StringOf(const google::protobuf::Struct& s, const std::string& name) {
  const google::protobuf::Value* v = Get(s, name);
  return v == nullptr ? "" : v->string_value();
}

// A headline compared with its white space made single; one key per
// document, "(none)" for none, so the F1 of "headline" is the share of
// documents whose headline is right.
std::string HeadlineKey(const std::string& headline) {
  std::vector<std::string> words = absl::StrSplit(headline, absl::ByAnyChar(" \t\n\r"), absl::SkipEmpty());
  return words.empty() ? "(none)" : absl::StrJoin(words, " ");
}

// Keys of the structure kinds written in a gold file (their shapes differ
// from the summary's: entities by name, events by participant names).
void StructureGoldKeys(const google::protobuf::Struct& gold,
                       std::map<std::string, std::vector<std::string>>* keys) {
  if (const auto* entities = Get(gold, "entities")) {
    for (const auto& e : entities->list_value().values()) {
      const auto& f = e.struct_value();
      (*keys)["entities"].push_back(absl::StrCat(StringOf(f, "type"), " ", Fold(StringOf(f, "name"))));
    }
  }
  if (const auto* events = Get(gold, "events")) {
    for (const auto& e : events->list_value().values()) {
      const auto& f = e.struct_value();
      std::vector<std::string> names;
      if (const auto* p = Get(f, "participants")) {
        for (const auto& n : p->list_value().values()) names.push_back(n.string_value());
      }
      (*keys)["events"].push_back(EventKey(StringOf(f, "type"), names));
    }
  }
  if (const auto* sources = Get(gold, "sources")) {
    for (const auto& n : sources->list_value().values()) (*keys)["sources"].push_back(n.string_value());
  }
  if (const auto* dateline = Get(gold, "dateline")) {
    const auto& f = dateline->struct_value();
    (*keys)["dateline"].push_back(absl::StrCat(StringOf(f, "place"), "|", StringOf(f, "date")));
  }
  if (const auto* headline = Get(gold, "headline")) {
    (*keys)["headline"].push_back(HeadlineKey(headline->string_value()));
  }
}

}  // namespace

const std::vector<std::string>& EvalKinds() {
  static const auto* const kKinds = new std::vector<std::string>{
      "quantities", "units", "percentages", "money", "dates", "entities", "events", "sources",
      "dateline", "headline"};
  return *kKinds;
}

std::map<std::string, std::vector<std::string>> SummaryKeys(const v1::DocumentSummary& s) {
  std::map<std::string, std::vector<std::string>> keys;
  // Quantities score by value and qualifier (as the issue tracker's
  // held-out sets do); "units" also asks for the counted noun.
  for (const auto& q : s.quantities()) {
    keys["quantities"].push_back(absl::StrCat(Number(q.value()), " ", v1::Qualifier_Name(q.qualifier())));
    keys["units"].push_back(
        absl::StrCat(Number(q.value()), " ", v1::Qualifier_Name(q.qualifier()), " ", q.unit()));
  }
  for (const auto& p : s.percentages()) keys["percentages"].push_back(Number(p.value()));
  for (const auto& m : s.money()) {
    keys["money"].push_back(absl::StrCat(Number(m.amount()), " ", m.currency()));
  }
  for (const auto& d : s.dates()) {
    keys["dates"].push_back(d.end().empty() ? d.value() : absl::StrCat(d.value(), "/", d.end()));
  }
  std::map<std::string, std::string> names;
  for (const auto& e : s.entities()) {
    names[e.id()] = e.name();
    keys["entities"].push_back(absl::StrCat(v1::EntityType_Name(e.type()), " ", Fold(e.name())));
  }
  for (const auto& e : s.events()) {
    std::vector<std::string> participants;
    for (const auto& id : e.participant_ids()) participants.push_back(names[id]);
    keys["events"].push_back(EventKey(v1::EventType_Name(e.type()), participants));
  }
  for (const auto& source : s.sources()) keys["sources"].push_back(source);
  if (s.has_dateline()) {
    keys["dateline"].push_back(absl::StrCat(s.dateline().place(), "|", s.dateline().date()));
  }
  keys["headline"].push_back(HeadlineKey(s.headline()));
  return keys;
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
    google::protobuf::Struct parsed;
    if (const auto status = google::protobuf::util::JsonStringToMessage(json.str(), &parsed);
        !status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(full, ": ", status.message().as_string()));
    }
    // The number kinds share the summary's JSON shape; read them as one.
    google::protobuf::Struct numbers;
    for (const char* field : {"language", "quantities", "percentages", "money", "dates"}) {
      if (const auto* v = Get(parsed, field)) (*numbers.mutable_fields())[field] = *v;
    }
    std::string numbers_json;
    (void)google::protobuf::util::MessageToJsonString(numbers, &numbers_json);
    v1::DocumentSummary expected;
    if (const auto status = google::protobuf::util::JsonStringToMessage(numbers_json, &expected);
        !status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(full, ": ", status.message().as_string()));
    }
    doc.language = expected.language().code().empty() ? "und" : expected.language().code();
    if (const auto* published = Get(parsed, "publishedAt")) doc.published_at = published->string_value();
    doc.keys = SummaryKeys(expected);
    doc.keys.erase("headline");  // the gold's own, below
    StructureGoldKeys(parsed, &doc.keys);
    for (const std::string& kind : EvalKinds()) {
      if (Get(parsed, kind == "units" ? "quantities" : kind) != nullptr) doc.keys[kind];  // written, maybe empty
    }
    for (auto it = doc.keys.begin(); it != doc.keys.end();) {
      const std::string field = it->first == "units" ? "quantities" : it->first;
      it = Get(parsed, field) == nullptr ? doc.keys.erase(it) : std::next(it);
    }
    gold.push_back(std::move(doc));
  }
  return gold;
}

EvalReport Score(const std::vector<GoldDocument>& gold,
                 const std::map<std::string, v1::DocumentSummary>& summaries,
                 const std::vector<std::string>& kinds) {
  EvalReport report;
  for (const GoldDocument& doc : gold) {
    auto it = summaries.find(doc.id);
    if (it == summaries.end()) report.unanswered.push_back(doc.id);
    const auto actual =
        it == summaries.end() ? std::map<std::string, std::vector<std::string>>() : SummaryKeys(it->second);
    const std::string& language = doc.language;
    for (const std::string& kind : EvalKinds()) {
      if (doc.keys.count(kind) == 0) continue;
      if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) continue;
      const auto key_list = [](const auto& keys, const std::string& kind) {
        auto found = keys.find(kind);
        std::vector<std::string> out =
            found == keys.end() ? std::vector<std::string>() : found->second;
        std::sort(out.begin(), out.end());
        return out;
      };
      const std::vector<std::string> want = key_list(doc.keys, kind);
      const std::vector<std::string> got = key_list(actual, kind);
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
