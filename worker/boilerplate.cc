#include "worker/boilerplate.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "unicode/unistr.h"
#include "worker/embedded_data.h"

namespace factd {
namespace {

// [begin, end) without white space (ASCII and the common Unicode spaces) at
// either end.
ByteRange TrimRange(std::string_view text, ByteRange r) {
  auto space_at = [&](size_t i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  };
  while (r.begin < r.end && space_at(r.begin)) ++r.begin;
  while (r.end > r.begin && space_at(r.end - 1)) --r.end;
  return r;
}

// Lower case, white space made single, for comparing a line with a name.
std::string FoldLine(std::string_view line) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(line.data(), line.size()));
  u.foldCase();
  std::string folded;
  u.toUTF8String(folded);
  std::vector<std::string> words = absl::StrSplit(folded, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  return absl::StrJoin(words, " ");
}

}  // namespace

bool BoilerplateFinder::TopChrome(std::string_view line) const {
  const re2::StringPiece piece(line.data(), line.size());
  if (top_->Match(piece, nullptr)) return true;
  // An outlet's name alone, or a part of a line split by a separator.
  const std::string folded = FoldLine(line);
  if (outlets_.contains(folded)) return true;
  for (absl::string_view part : absl::StrSplit(folded, absl::ByAnyChar("|-\xE2"), absl::SkipEmpty())) {
    if (outlets_.contains(absl::StripAsciiWhitespace(part))) return true;
  }
  return false;
}

absl::StatusOr<std::unique_ptr<BoilerplateFinder>> BoilerplateFinder::Create() {
  std::unique_ptr<BoilerplateFinder> finder(new BoilerplateFinder());
  absl::Status loaded = ForEachDataRow("boilerplate.tsv", 3, [&](const auto& columns) {
    Rule rule;
    if (!v1::BoilerplateKind_Parse(columns[0], &rule.kind)) {
      return absl::InvalidArgumentError("unknown kind");
    }
    if (columns[1] == "line") {
      rule.scope = Scope::kLine;
    } else if (columns[1] == "rest") {
      rule.scope = Scope::kRest;
    } else if (columns[1] == "match") {
      rule.scope = Scope::kMatch;
    } else if (columns[1] == "top") {
      rule.scope = Scope::kTop;
    } else {
      return absl::InvalidArgumentError("scope is line, rest, match or top");
    }
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    rule.pattern = std::make_unique<RE2>(columns[2], options);
    if (!rule.pattern->ok()) return absl::InvalidArgumentError(rule.pattern->error());
    finder->rules_.push_back(std::move(rule));
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  // Rules of the whole text in one automaton, "top" rules in another. The
  // index of a rule in any_ is its index in rules_: top rules come last.
  std::stable_partition(finder->rules_.begin(), finder->rules_.end(),
                        [](const Rule& r) { return r.scope != Scope::kTop; });
  finder->any_ = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  finder->top_ = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (const Rule& rule : finder->rules_) {
    std::string error;
    RE2::Set* set = rule.scope == Scope::kTop ? finder->top_.get() : finder->any_.get();
    if (set->Add(rule.pattern->pattern(), &error) < 0) {
      return absl::InvalidArgumentError(absl::StrCat("boilerplate.tsv: ", error));
    }
  }
  if (!finder->any_->Compile() || !finder->top_->Compile()) {
    return absl::InternalError("boilerplate patterns do not compile");
  }
  loaded = ForEachDataRow("sources.tsv", 3, [&](const auto& columns) {
    finder->outlets_.insert(FoldLine(columns[2]));
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  return finder;
}

std::vector<BoilerplateSpan> BoilerplateFinder::Find(std::string_view text, ByteRange range,
                                                     Budget* budget) const {
  std::vector<BoilerplateSpan> spans;
  for (size_t pos = range.begin; pos < range.end && !Budget::Spent(budget);) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos || eol > range.end) eol = range.end;
    const ByteRange line = TrimRange(text, {pos, eol});
    pos = eol + 1;
    if (line.empty()) continue;
    const re2::StringPiece piece(text.data() + line.begin, line.size());
    std::vector<int> matched;
    if (!any_->Match(piece, &matched)) continue;
    std::sort(matched.begin(), matched.end());  // in the file's order
    // Parts of the line the "match" rules name, in line order.
    std::vector<BoilerplateSpan> parts;
    const Rule* whole = nullptr;
    for (int index : matched) {
      const Rule& rule = rules_[index];
      if (rule.scope == Scope::kMatch) {
        re2::StringPiece match;
        if (rule.pattern->Match(piece, 0, piece.size(), RE2::UNANCHORED, &match, 1)) {
          const size_t begin = line.begin + static_cast<size_t>(match.data() - piece.data());
          const ByteRange span = TrimRange(text, {begin, begin + match.size()});
          const bool overlaps = std::any_of(parts.begin(), parts.end(), [&](const auto& p) {
            return span.begin < p.span.end && p.span.begin < span.end;
          });
          if (!span.empty() && !overlaps) parts.push_back({rule.kind, span});
        }
        continue;
      }
      if (whole != nullptr) continue;
      if (rule.scope == Scope::kRest) {
        spans.push_back({rule.kind, TrimRange(text, {line.begin, range.end})});
        return spans;
      }
      whole = &rule;
    }
    std::sort(parts.begin(), parts.end(),
              [](const auto& a, const auto& b) { return a.span.begin < b.span.begin; });
    if (whole == nullptr) {
      spans.insert(spans.end(), parts.begin(), parts.end());
      continue;
    }
    // The line's kind for what the parts leave of it.
    size_t cursor = line.begin;
    for (const BoilerplateSpan& part : parts) {
      const ByteRange rest = TrimRange(text, {cursor, part.span.begin});
      if (!rest.empty()) spans.push_back({whole->kind, rest});
      spans.push_back(part);
      cursor = part.span.end;
    }
    const ByteRange rest = TrimRange(text, {cursor, line.end});
    if (!rest.empty()) spans.push_back({whole->kind, rest});
  }
  return spans;
}

}  // namespace factd
