// Lexicon: the words one language uses around numbers and dates (number and
// scale words, qualifiers, units, currencies, month names, date markers),
// loaded from worker/data/lexicon/<lang>.tsv (format in FORMAT.md there)
// plus the month names of ICU's CLDR data, and matched against text through
// one trie per language. Lexicon::Build makes the same matcher for other
// word lists (the entity gazetteers).
//
//   auto lexicon = factd::Lexicon::Create("fr").value();
//   factd::LexiconMatch m = lexicon->MatchAt(text, pos);
//   if (m.Has(factd::LexKind::kUnit)) unit = m.Get(factd::LexKind::kUnit)->text;
//
// Thread-safe after Create: matching reads only.
#ifndef FACTD_WORKER_LEXICON_H_
#define FACTD_WORKER_LEXICON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"

namespace factd {

enum class LexKind : uint8_t {
  kNumber, kMultiplier, kScale, kJoiner, kQualifierBefore, kQualifierAfter,
  kMeasure, kLink, kUnit, kCurrency, kCurrencyBefore, kPercent, kPercentBefore,
  kMonth, kDayBefore, kMonthBefore, kYearBefore, kYearAfter, kMonthAfter,
  kDayAfter, kRange, kRangeBefore, kIdentifierBefore, kClitic, kDecimalMark,
  kGroupMark, kOrdinalSuffix, kTimeAfter, kAgeBefore, kAgeAfter, kDateOrder,
  kFraction, kNotNoun, kRelativeDay, kOrdinalWord, kVague, kApproxCount, kRelativeWeek,
};
inline constexpr int kLexKindCount = static_cast<int>(LexKind::kRelativeWeek) + 1;

// One reading of a surface: its kind and value (a number for number,
// multiplier, scale and month; a name for the others).
struct LexEntry {
  LexKind kind;
  double number = 0;
  std::string text;
};

// The longest surface matched at a position, with all its readings.
struct LexiconMatch {
  size_t end = 0;  // 0: no match
  // Where the surface starts when a glued clitic came first ("وأربع": after
  // و); 0 otherwise.
  size_t surface_begin = 0;
  const std::vector<LexEntry>* entries = nullptr;

  bool ok() const { return entries != nullptr; }
  const LexEntry* Get(LexKind kind) const {
    if (entries == nullptr) return nullptr;
    for (const LexEntry& e : *entries) {
      if (e.kind == kind) return &e;
    }
    return nullptr;
  }
  bool Has(LexKind kind) const { return Get(kind) != nullptr; }
};

class Lexicon {
 public:
  // Loads the embedded lexicon of `language` ("zh", "vi", "ar", "fr",
  // "en") and CLDR's month names for it. NOT_FOUND for a language without
  // a lexicon; INVALID_ARGUMENT naming file and line for a malformed entry.
  static absl::StatusOr<std::unique_ptr<Lexicon>> Create(const std::string& language);

  // A lexicon of the given (surface, entry) pairs, for gazetteers, with the
  // clitics it may find glued before a surface. Surfaces are UTF-8 and
  // matched like lexicon surfaces; every distinct reading is kept.
  static std::unique_ptr<Lexicon> Build(
      const std::string& language,
      const std::vector<std::pair<std::string, LexEntry>>& entries,
      const std::vector<std::string>& clitics);

  // The longest surface starting at byte `pos` of `text` that ends on a
  // word boundary (for letters of alphabetic scripts). Case-insensitive;
  // a space in a surface matches any run of white space; glued clitics
  // (Arabic و, ال...) before a surface are taken into the match.
  LexiconMatch MatchAt(std::string_view text, size_t pos) const;

  // The longest surface that ends at byte `end` (white space before `end`
  // skipped), whatever its readings; its begin in *begin. Looks back at
  // most the longest surface's length.
  LexiconMatch MatchEndingAt(std::string_view text, size_t end, size_t* begin) const;

  // Whether the language reads numeric dates day first ("6/3" = 6 March).
  bool day_first() const { return day_first_; }
  // The language's decimal mark and thousands separators.
  bool IsDecimalMark(int32_t c) const;
  bool IsGroupMark(int32_t c) const;
  const std::string& language() const { return language_; }

  // Whether `word` is one of the language's clitics (Arabic و).
  bool IsClitic(std::string_view word) const;
  // Whether all that stands between the start of the word and `pos` is a
  // clitic glued on (Arabic "و٦٠", "ولاكروا").
  bool FollowsGluedClitic(std::string_view text, size_t pos) const;

 private:
  Lexicon() = default;
  void Add(std::u32string_view surface, LexEntry entry, bool one_per_kind = true);
  static void AddCurrencyNames(const char* locale, Lexicon* lexicon);
  // The child of `node` along code point `c`, or -1.
  int32_t Child(int32_t node, int32_t c) const {
    if (node == 0 && c >= 0 && c < 0x10000) return root_[c] == 0 ? -1 : root_[c];
    auto it = edges_.find((uint64_t(node) << 21) | uint64_t(c));
    return it == edges_.end() ? -1 : it->second;
  }
  LexiconMatch MatchNoClitic(std::string_view text, size_t pos) const;

  std::string language_;
  bool day_first_ = true;
  // Trie: node 0 is the root; an edge is keyed by (node << 21) | code point.
  absl::flat_hash_map<uint64_t, int32_t> edges_;
  std::vector<std::vector<LexEntry>> entries_;  // per node; empty: not terminal
  std::vector<std::u32string> clitics_;
  std::u32string decimal_marks_;
  std::u32string group_marks_;
  size_t longest_ = 0;  // longest surface, in code points
  // The root's children for BMP code points, indexed directly: most text
  // positions are rejected (or started) without a hash lookup. 0: none.
  std::vector<int32_t> root_ = std::vector<int32_t>(0x10000, 0);
};

// Word-boundary helpers shared with the number scanner.
// A letter of an alphabetic script (Latin, Arabic, ...) or a combining mark:
// words of these scripts need boundaries. Han and other unsegmented scripts
// do not.
bool IsWordLetter(int32_t c);
// Unicode white space, including no-break spaces.
bool IsSpaceChar(int32_t c);
// The code point at byte `pos` of well-formed UTF-8 `text` (-1 at the end)
// and where the next one starts; the one before `pos` and where it starts.
int32_t CharAt(std::string_view text, size_t pos, size_t* next);
int32_t CharBefore(std::string_view text, size_t pos, size_t* prev);
// The start of the word `pos` is in or right after (back over word letters).
size_t WordStart(std::string_view text, size_t pos);

}  // namespace factd

#endif  // FACTD_WORKER_LEXICON_H_
