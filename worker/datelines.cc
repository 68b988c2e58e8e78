#include "worker/datelines.h"

#include <algorithm>
#include <utility>

namespace factd {

absl::StatusOr<std::unique_ptr<Datelines>> Datelines::Create(const Options& options) {
  if (options.tables == nullptr) return absl::InvalidArgumentError("Datelines needs tables");
  std::unique_ptr<Datelines> datelines(new Datelines());
  datelines->tables_ = options.tables;
  absl::Status loaded = options.tables->ForEachRow("datelines.tsv", 2, [&](const auto& c) {
    RE2::Options re_options;
    re_options.set_log_errors(false);
    auto pattern = std::make_unique<RE2>(c[1], re_options);
    if (!pattern->ok()) return absl::InvalidArgumentError(pattern->error());
    datelines->patterns_[c[0]].push_back(std::move(pattern));
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  return datelines;
}

DatelineFact Datelines::Find(const EntityDoc& doc) const {
  DatelineFact found;
  auto it = patterns_.find(doc.language);
  if (it == patterns_.end()) return found;
  const std::string_view text = doc.text;
  const ByteRange body = doc.input->body;
  int paragraphs = 0;
  for (size_t pos = body.begin; pos < body.end && paragraphs < 6;) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos || eol > body.end) eol = body.end;
    const size_t token = TokenAt(doc.tokens, pos);
    const bool boilerplate = token < doc.tokens.size() && doc.tokens[token].begin < eol &&
                             doc.tokens[token].Has(kExcluded);
    if (eol > pos && !boilerplate) {
      ++paragraphs;
      const re2::StringPiece line(text.data() + pos, eol - pos);
      for (const auto& pattern : it->second) {
        const int groups = pattern->NumberOfCapturingGroups();
        std::vector<re2::StringPiece> captures(groups + 1);
        if (!pattern->Match(line, 0, line.size(), RE2::ANCHOR_START, captures.data(), groups + 1)) {
          continue;
        }
        const auto& names = pattern->NamedCapturingGroups();
        const auto group = [&](const char* name) -> re2::StringPiece {
          auto g = names.find(name);
          return g == names.end() ? re2::StringPiece() : captures[g->second];
        };
        const re2::StringPiece place = group("place");
        const re2::StringPiece date = group("date");
        found.place = std::string(place.data(), place.size());
        found.date = std::string(date.data(), date.size());
        const auto offset = [&](re2::StringPiece p) { return static_cast<size_t>(p.data() - text.data()); };
        found.span = {offset(captures[0]), offset(captures[0]) + captures[0].size()};
        if (!place.empty()) found.place_span = {offset(place), offset(place) + place.size()};
        return found;
      }
    }
    pos = eol + 1;
  }
  return found;
}

std::vector<std::string> Datelines::Sources(const EntityDoc& doc) const {
  std::vector<std::string> sources;
  for (const Hit& hit : doc.hits) {
    if (hit.entry.kind != EntryKind::kSource || doc.tokens[hit.first].Has(kUnread)) continue;
    // An agency's name inside a longer word is no credit ("新华集团").
    const std::string& name = tables_->sources()[hit.entry.ref];
    if (std::find(sources.begin(), sources.end(), name) == sources.end()) sources.push_back(name);
  }
  return sources;
}

}  // namespace factd
