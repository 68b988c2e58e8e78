#include "worker/entity_doc.h"

#include <algorithm>
#include <map>
#include <memory>

#include "unicode/brkiter.h"
#include "unicode/uchar.h"
#include "unicode/utext.h"
#include "worker/lexicon.h"

namespace factd {
namespace {

// Sentence-final punctuation: . ! ? and their full-width and Arabic forms.
bool IsTerminal(std::string_view t) {
  return t == "." || t == "!" || t == "?" || t == "\xE3\x80\x82" /*。*/ ||
         t == "\xEF\xBC\x81" /*！*/ || t == "\xEF\xBC\x9F" /*？*/ || t == "\xD8\x9F" /*؟*/ ||
         t == "\xE2\x80\xA6" /*…*/;
}

}  // namespace

EntityDoc EntityDoc::Build(const StructureInput& input, const EntityTables& tables) {
  EntityDoc doc;
  doc.text = input.text;
  doc.language = input.language;
  doc.input = &input;
  doc.tables = &tables;
  doc.lang = &tables.For(input.language);
  doc.tokens = Tokenize(input.text, doc.lang->vocabulary, doc.lang->mode);
  MarkRanges(input.excluded, kExcluded, &doc.tokens);
  MarkRanges(input.unread, kUnread, &doc.tokens);

  const auto n = static_cast<uint32_t>(doc.tokens.size());
  doc.hits_from.assign(n + 1, 0);
  uint32_t i = 0;
  for (; i < n && !doc.Spent(); ++i) {
    doc.hits_from[i] = static_cast<uint32_t>(doc.hits.size());
    const size_t before = doc.hits.size();
    doc.lang->matcher.ForEachMatchAt(doc.tokens, i, [&](size_t end, absl::Span<const uint32_t> payloads) {
      const Token& t = doc.tokens[i];
      const bool prefixed = t.stem_key != 0 && t.stem_key != t.key && t.stem_key != t.bare_key;
      for (uint32_t p : payloads) {
        const TableEntry& entry = doc.lang->entries[p];
        if (entry.needs_prefix && !prefixed) continue;
        doc.hits.push_back({i, static_cast<uint32_t>(end), entry});
      }
    });
    // Longest first among those starting here; one reading once.
    std::stable_sort(doc.hits.begin() + before, doc.hits.end(),
                     [](const Hit& a, const Hit& b) { return a.end > b.end; });
    doc.hits.erase(std::unique(doc.hits.begin() + before, doc.hits.end(),
                               [](const Hit& a, const Hit& b) {
                                 return a.end == b.end && a.entry.kind == b.entry.kind &&
                                        a.entry.ref == b.entry.ref;
                               }),
                   doc.hits.end());
  }
  // Tokens after a spent budget have no hits.
  for (; i <= n; ++i) doc.hits_from[i] = static_cast<uint32_t>(doc.hits.size());

  doc.CountCountries();

  // Sentences of the body outside boilerplate: a line break or a terminal
  // mark followed by white space (or a Han character) ends one; "1.000",
  // "U.N." and an initial ("M. Dupont", "Lt. Gen.") do not.
  const uint32_t body_first = static_cast<uint32_t>(TokenAt(doc.tokens, input.body.begin));
  uint32_t start = body_first;
  const auto close = [&](uint32_t end) {
    while (start < end && doc.tokens[start].Has(kExcluded)) ++start;
    uint32_t last = end;
    while (last > start && doc.tokens[last - 1].Has(kExcluded)) --last;
    if (last > start) doc.sentences.push_back({start, last, doc.Span(start, last)});
    start = end;
  };
  for (uint32_t i = body_first; i < n && doc.tokens[i].begin < input.body.end; ++i) {
    const Token& t = doc.tokens[i];
    if (i > start && (t.Has(kLineStart) || (t.Has(kExcluded) && !doc.tokens[i - 1].Has(kExcluded)))) {
      close(i);
    }
    if (t.type != TokenType::kPunct || !IsTerminal(doc.Text(i, i + 1))) continue;
    const bool followed = i + 1 >= n || doc.tokens[i + 1].Has(kSpaceBefore) ||
                          doc.tokens[i + 1].type == TokenType::kHan || t.end - t.begin > 1;
    const bool initial = t.end - t.begin == 1 && i > 0 && doc.tokens[i - 1].type == TokenType::kWord &&
                         (doc.tokens[i - 1].end - doc.tokens[i - 1].begin == 1 ||
                          doc.Is(i - 1, EntryKind::kTitle) || doc.Is(i - 1, EntryKind::kNameCue));
    if (followed && !initial) close(i + 1);
  }
  uint32_t body_end = body_first;
  while (body_end < n && doc.tokens[body_end].begin < input.body.end) ++body_end;
  close(body_end);
  return doc;
}

std::string_view EntityDoc::Text(uint32_t first, uint32_t end) const {
  if (first >= end || end > tokens.size()) return {};
  return text.substr(tokens[first].begin, tokens[end - 1].end - tokens[first].begin);
}

const Hit* EntityDoc::HitAt(uint32_t i, EntryKind kind) const {
  if (i >= tokens.size()) return nullptr;
  for (const Hit* h = HitsBegin(i); h != HitsEnd(i); ++h) {
    if (h->entry.kind == kind) return h;
  }
  return nullptr;
}

bool EntityDoc::Capitalized(uint32_t i) const {
  return i < tokens.size() && tokens[i].type == TokenType::kWord && tokens[i].Has(kUpper);
}

bool EntityDoc::HanWordStart(uint32_t i) const { return HanWordStarts(i, i + 1)[0]; }

std::vector<bool> EntityDoc::HanWordStarts(uint32_t first, uint32_t end) const {
  std::vector<bool> starts(end - first, true);
  const auto han = [&](uint32_t k) {
    return k < tokens.size() && tokens[k].type == TokenType::kHan;
  };
  // The Han run around [first, end), with up to six characters of context
  // on each side.
  uint32_t from = first;
  while (from > 0 && first - from < 6 && han(from - 1) && han(from) && !tokens[from].Has(kSpaceBefore)) --from;
  uint32_t to = end;
  while (to < tokens.size() && to - end < 6 && han(to) && han(to - 1) && !tokens[to].Has(kSpaceBefore)) ++to;
  while (from < first && !han(from)) ++from;
  if (from >= to || !han(from)) return starts;
  static const icu::BreakIterator* const kPrototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::BreakIterator* words = icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status);
    return U_SUCCESS(status) ? words : nullptr;
  }();
  if (kPrototype == nullptr) return starts;
  thread_local std::unique_ptr<icu::BreakIterator> words(kPrototype->clone());
  const size_t base = tokens[from].begin;
  const std::string_view window = text.substr(base, tokens[to - 1].end - base);
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, window.data(), static_cast<int64_t>(window.size()), &status);
  if (U_FAILURE(status)) return starts;
  words->setText(ut, status);
  for (uint32_t k = first; k < end && U_SUCCESS(status); ++k) {
    // A Han token glued to the Han before it starts a word only where ICU
    // puts a boundary.
    if (!han(k) || k == 0 || !han(k - 1) || tokens[k].Has(kSpaceBefore) || k == from) continue;
    starts[k - first] = words->isBoundary(static_cast<int32_t>(tokens[k].begin - base));
  }
  // The iterator keeps a pointer into the text; drop it before closing.
  UErrorCode ignored = U_ZERO_ERROR;
  UText* empty = utext_openUTF8(nullptr, "", 0, &ignored);
  words->setText(empty, ignored);
  utext_close(empty);
  utext_close(ut);
  return starts;
}

void EntityDoc::IndexPersons() {
  person_at.assign(tokens.size(), -1);
  for (size_t c = 0; c < candidates.size(); ++c) {
    if (candidates[c].type != v1::PERSON) continue;
    for (uint32_t t = candidates[c].first; t < candidates[c].end; ++t) {
      if (person_at[t] < 0 || candidates[person_at[t]].first < candidates[c].first) person_at[t] = static_cast<int>(c);
    }
  }
}

void EntityDoc::CountCountries() {
  // Outside boilerplate, and not inside a person's name ("Hồ Đức Phớc").
  std::map<std::string, int> counts;
  std::vector<bool> person(tokens.size(), false);
  for (const Candidate& c : candidates) {
    if (c.type != v1::PERSON) continue;
    for (uint32_t t = c.first; t < c.end; ++t) person[t] = true;
  }
  const auto in_person = [&](uint32_t i) { return person[i]; };
  for (const Hit& h : hits) {
    if (tokens[h.first].Has(kExcluded)) continue;
    if (h.entry.kind == EntryKind::kSource && tables->sources()[h.entry.ref] == "VNA") counts["VN"] += 2;
    if (h.entry.kind != EntryKind::kKnown && h.entry.kind != EntryKind::kAdjective) continue;
    const KnownEntity& k = tables->known()[h.entry.ref];
    if (k.type == v1::COUNTRY && !in_person(h.first)) ++counts[k.country];
  }
  main_country.clear();
  countries.clear();
  int most = 0;
  for (const auto& [country, count] : counts) {
    if (count > most) {
      most = count;
      main_country = country;
    }
  }
  vietnam_focus = counts["VN"] > 0 && counts["VN"] >= counts["CN"];
  for (const auto& [country, count] : counts) {
    if (count > 0) countries.push_back(country);
  }
}

int EntityDoc::SentenceOf(uint32_t i) const {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), i,
                             [](uint32_t t, const Sentence& s) { return t < s.first; });
  if (it == sentences.begin()) return -1;
  --it;
  return i < it->end ? static_cast<int>(it - sentences.begin()) : -1;
}

}  // namespace factd
