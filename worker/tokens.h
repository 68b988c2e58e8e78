// The token stream of a document: its NFC text cut once into words of
// alphabetic scripts, single Han characters, runs of digits and single
// punctuation marks (white space separates, it is no token), each with its
// folded form's id in a Vocabulary. Every gazetteer, title list and trigger
// table is matched against these ids (PhraseMatcher), so no stage folds or
// looks up text of its own.
//
//   factd::Vocabulary vocabulary;                       // built with the tables
//   vocabulary.Intern(factd::FoldForMatching("Hà Nội", factd::FoldMode::kCase));
//   factd::TokenStream tokens = factd::Tokenize(text, vocabulary, factd::FoldMode::kCase);
//
// Folding: lower case; Arabic without its short vowels and tatweel, with the
// alef forms, alef maqsura and ta marbuta unified; with kCaseAndMarks, Latin
// letters lose their diacritics too (French and English text writes
// Vietnamese names with or without them). Arabic words also get a bare form
// without the proclitics glued to them (و ف ب ل ك and the article ال).
//
// Thread-safe: Vocabulary is read-only once built; Tokenize is pure.
#ifndef FACTD_WORKER_TOKENS_H_
#define FACTD_WORKER_TOKENS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "worker/structure.h"

namespace factd {

enum class TokenType : uint8_t {
  kWord,    // letters of an alphabetic script (Latin, Arabic, ...) and marks
  kHan,     // one character of an unsegmented script (Han, kana, Thai...)
  kDigits,  // a run of decimal digits of one script
  kPunct,   // one other character
};

enum class FoldMode : uint8_t {
  kCase,          // lower case (and the Arabic unifications)
  kCaseAndMarks,  // lower case and no diacritics on Latin letters
};

// Bits of Token::flags.
enum TokenFlag : uint8_t {
  kUpper = 1,        // the first letter is upper or title case
  kAllUpper = 2,     // every letter is upper case (two at least)
  kSpaceBefore = 4,  // white space before it
  kLineStart = 8,    // first token of its line
  kExcluded = 16,    // inside boilerplate (set by MarkRanges)
  kUnread = 32,      // inside text not even read for credits
};

struct Token {
  uint32_t begin = 0;  // byte offsets in the text
  uint32_t end = 0;
  uint32_t key = 0;       // Vocabulary id of the folded form; 0: no table has it
  // Arabic: the ids of the word without a glued conjunction (و ف), and
  // without its conjunction, preposition (ب ل ك) and article (ال); and the
  // bytes the first form drops.
  uint32_t bare_key = 0;
  uint32_t stem_key = 0;
  uint16_t bare_offset = 0;
  TokenType type = TokenType::kPunct;
  uint8_t flags = 0;

  bool Has(TokenFlag f) const { return (flags & f) != 0; }
  ByteRange span() const { return {begin, end}; }
};

// Interned folded forms. Id 0 means "not in the vocabulary".
class Vocabulary {
 public:
  uint32_t Intern(std::string_view folded);
  uint32_t Find(std::string_view folded) const;
  size_t size() const { return ids_.size(); }

 private:
  absl::flat_hash_map<std::string, uint32_t> ids_;
  // Tokens of one character of the Basic Multilingual Plane (every Han
  // character, every mark) by code point, without hashing: Chinese text is
  // such tokens only.
  std::vector<uint32_t> by_code_point_;
};

// The tokens of `text` (NFC, well-formed UTF-8) in order.
using TokenStream = std::vector<Token>;
TokenStream Tokenize(std::string_view text, const Vocabulary& vocabulary, FoldMode mode);

// Folds text the way Tokenize folds each token, for building tables: the
// folded tokens of `text` joined by single spaces.
std::string FoldForMatching(std::string_view text, FoldMode mode);

// The folded tokens of `text`, as Tokenize would cut them.
std::vector<std::string> FoldedTokens(std::string_view text, FoldMode mode);

// A folded Arabic word without a glued conjunction (و ف) and how many bytes
// that took off; the word itself when none is glued or under two letters
// would be left.
std::string_view ArabicWithoutConjunction(std::string_view folded, size_t* removed);
// A folded Arabic word without its conjunction, preposition (ب ل ك) and
// article (ال; لل is ل + ال), when three letters at least are left: the
// form a table's phrase and the text share ("للأمم" and "الأمم" -> "امم",
// "لمجموعة" and "مجموعة" -> "مجموعه"). A table's word that begins with one
// of these letters is stripped alike, so both sides still meet.
std::string_view ArabicStem(std::string_view folded);

// Sets `flag` on every token inside one of `ranges` (sorted, disjoint).
void MarkRanges(const std::vector<ByteRange>& ranges, TokenFlag flag, TokenStream* tokens);

// The first token at or after byte `pos`.
size_t TokenAt(const TokenStream& tokens, size_t pos);

// Fold mode of a language's text: Vietnamese keeps its diacritics.
FoldMode FoldModeFor(const std::string& language);

}  // namespace factd

#endif  // FACTD_WORKER_TOKENS_H_
