#include "worker/name_keys.h"

#include <algorithm>

#include <map>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "unicode/translit.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"
#include "worker/lexicon.h"
#include "worker/tokens.h"

namespace factd {
namespace {

// A per-thread clone of an ICU transliterator (instances are not
// thread-safe).
icu::Transliterator* Transliterator(const char* id) {
  thread_local std::map<std::string, std::unique_ptr<icu::Transliterator>> cache;
  auto& slot = cache[id];
  if (slot == nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    slot.reset(icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
    if (U_FAILURE(status)) slot.reset();
  }
  return slot.get();
}

// News names the same people again and again: results are remembered per
// thread, in a memo emptied when full.
template <typename Compute>
std::string Remembered(absl::flat_hash_map<std::string, std::string>& memo, std::string key,
                       const Compute& compute) {
  constexpr size_t kMemoEntries = 1 << 14;
  if (auto it = memo.find(key); it != memo.end()) return it->second;
  std::string value = compute();
  if (memo.size() >= kMemoEntries) memo.clear();
  memo.emplace(std::move(key), value);
  return value;
}

// What a transliteration leaves outside ASCII (ʿ for ع, ʾ) is dropped: a
// folded key is ASCII, always valid UTF-8.
std::string OnlyAscii(std::string text) {
  text.erase(std::remove_if(text.begin(), text.end(),
                            [](char c) { return static_cast<unsigned char>(c) >= 0x80; }),
             text.end());
  return text;
}

bool AllAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string Transliterate(const char* id, std::string_view text) {
  thread_local absl::flat_hash_map<std::string, std::string> memo;
  return Remembered(memo, absl::StrCat(id, "\t", absl::string_view(text.data(), text.size())), [&] {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
    if (icu::Transliterator* t = Transliterator(id)) t->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
  });
}

std::string FoldToAscii(std::string_view text) {
  if (AllAscii(text)) return absl::AsciiStrToLower(absl::string_view(text.data(), text.size()));
  // Latin letters fold through the token folding (diacritics dropped);
  // other scripts go through ICU first.
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0x0370 && !(c >= 0x1E00 && c <= 0x1EFF) && u_isalpha(c)) {
      thread_local absl::flat_hash_map<std::string, std::string> memo;
      return Remembered(memo, std::string(text), [&] {
        const std::string latin = Transliterate("Any-Latin; Latin-ASCII", text);
        return OnlyAscii(absl::StrJoin(FoldedTokens(latin, FoldMode::kCaseAndMarks), " "));
      });
    }
  }
  // Latin: as the token folding does (FoldedTokens: words, digit runs and
  // punctuation marks apart, joined by single spaces; diacritics dropped),
  // one table lookup per character.
  static const auto* const kFold = [] {
    auto* table = new absl::flat_hash_map<UChar32, std::string>();
    const auto add = [&](UChar32 from, UChar32 to) {
      for (UChar32 c = from; c < to; ++c) {
        std::string one;
        icu::UnicodeString(c).toUTF8String(one);
        const std::vector<std::string> folded = FoldedTokens(one, FoldMode::kCaseAndMarks);
        (*table)[c] = folded.empty() ? "" : folded.front();
      }
    };
    add(0x80, 0x370);
    add(0x1E00, 0x1F00);
    return table;
  }();
  std::string out;
  enum { kNone, kLetters, kDigits } run = kNone;
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0 || IsSpaceChar(c)) {
      run = kNone;
      continue;
    }
    const bool digit = c < 0x80 ? (c >= '0' && c <= '9') : u_charDigitValue(c) >= 0;
    const bool letter = !digit && IsWordLetter(c);
    const auto kind = digit ? kDigits : (letter ? kLetters : kNone);
    if (kind == kNone || kind != run) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(absl::ascii_tolower(static_cast<unsigned char>(c))));
    } else if (digit) {
      out.push_back(static_cast<char>('0' + u_charDigitValue(c)));
    } else if (auto it = kFold->find(c); it != kFold->end()) {
      out += it->second;
    }
    run = kind;
    if (kind == kNone) out.push_back(' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return OnlyAscii(std::move(out));
}

std::string LatinKey(std::string_view name) {
  std::string key;
  for (char c : FoldToAscii(name)) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) key.push_back(c);
  }
  return key;
}

std::string TitleCase(std::string_view text) {
  std::string out;
  bool word_start = true;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    const UChar32 cased = word_start ? u_totitle(c) : u_tolower(c);
    char buffer[4];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buffer), n, 4, cased, error);
    if (!error) out.append(buffer, static_cast<size_t>(n));
    word_start = c == ' ' || c == '-';
  }
  return out;
}

std::string Slug(std::string_view name) {
  std::vector<std::string> words;
  for (absl::string_view w : absl::StrSplit(FoldToAscii(name), absl::ByAnyChar(" -'."), absl::SkipEmpty())) {
    std::string word;
    for (char c : w) {
      if (absl::ascii_isalnum(static_cast<unsigned char>(c))) word.push_back(c);
    }
    if (!word.empty()) words.push_back(word);
  }
  return absl::StrJoin(words, "-");
}

std::string PersonId(std::string_view name) { return absl::StrCat("person:", Slug(name)); }

}  // namespace factd
