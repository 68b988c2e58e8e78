#include "worker/tokens.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_join.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"
#include "worker/lexicon.h"

namespace factd {
namespace {

void AppendUtf8(int32_t c, std::string* out) {
  char buffer[4];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buffer), length, 4, c, error);
  if (!error) out->append(buffer, static_cast<size_t>(length));
}

// Latin letters of U+00C0..U+024F and U+1E00..U+1EFF without their marks,
// lower case, from ICU's canonical decompositions (plus the letters that do
// not decompose: đ, ø, ł, æ, œ, ß, ...).
class LatinBases {
 public:
  LatinBases() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    const auto fill = [&](int32_t first, int32_t last, std::string* table, std::vector<uint32_t>* at) {
      for (int32_t c = first; c <= last; ++c) {
        std::string base;
        icu::UnicodeString decomposed;
        if (U_SUCCESS(status) && nfd->getDecomposition(u_tolower(c), decomposed)) {
          for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
            const UChar32 d = decomposed.char32At(i);
            if ((U_GET_GC_MASK(d) & U_GC_M_MASK) == 0) AppendUtf8(d, &base);
          }
        } else {
          base = Special(u_tolower(c));
        }
        at->push_back(static_cast<uint32_t>(table->size()));
        table->append(base);
      }
      at->push_back(static_cast<uint32_t>(table->size()));
    };
    fill(0x00C0, 0x024F, &low_, &low_at_);
    fill(0x1E00, 0x1EFF, &high_, &high_at_);
  }

  // The base of `c` (lower case) when it is in the tables; false otherwise.
  bool Base(int32_t c, std::string* out) const {
    if (c >= 0x00C0 && c <= 0x024F) {
      const size_t i = static_cast<size_t>(c - 0x00C0);
      out->append(low_, low_at_[i], low_at_[i + 1] - low_at_[i]);
      return true;
    }
    if (c >= 0x1E00 && c <= 0x1EFF) {
      const size_t i = static_cast<size_t>(c - 0x1E00);
      out->append(high_, high_at_[i], high_at_[i + 1] - high_at_[i]);
      return true;
    }
    return false;
  }

 private:
  static std::string Special(int32_t c) {
    switch (c) {
      case 0x0111: return "d";   // đ
      case 0x00F8: return "o";   // ø
      case 0x0142: return "l";   // ł
      case 0x00E6: return "ae";  // æ
      case 0x0153: return "oe";  // œ
      case 0x00DF: return "ss";  // ß
      case 0x0131: return "i";   // dotless i
      case 0x00F0: return "d";   // ð
      case 0x00FE: return "th";  // þ
      default: {
        std::string s;
        AppendUtf8(c, &s);
        return s;
      }
    }
  }

  std::string low_, high_;
  std::vector<uint32_t> low_at_, high_at_;
};

const LatinBases& Bases() {
  static const auto* const kBases = new LatinBases();
  return *kBases;
}

bool IsArabicMark(int32_t c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640;
}

// Appends the folded form of code point `c`.
void FoldChar(int32_t c, FoldMode mode, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
    return;
  }
  if (c >= 0x0600 && c <= 0x06FF) {
    if (IsArabicMark(c)) return;
    switch (c) {
      case 0x0622: case 0x0623: case 0x0625: case 0x0671: c = 0x0627; break;  // alef forms
      case 0x0649: case 0x06CC: c = 0x064A; break;                            // ya
      case 0x0629: c = 0x0647; break;                                         // ta marbuta
      case 0x06A9: c = 0x0643; break;                                         // kaf
      default: break;
    }
    AppendUtf8(c, out);
    return;
  }
  if (c == 0x2019 || c == 0x2018 || c == 0x02BC) {  // typographic apostrophes
    out->push_back('\'');
    return;
  }
  if (mode == FoldMode::kCaseAndMarks) {
    if ((U_GET_GC_MASK(c) & U_GC_M_MASK) != 0) return;  // a combining mark
    if (Bases().Base(c, out)) return;
  }
  AppendUtf8(u_tolower(c), out);
}

// Letters of scripts written without spaces: each is a token.
bool IsUnsegmented(int32_t c) {
  if (c >= 0x4E00 && c <= 0x9FFF) return true;
  if (c < 0x2E80) return false;
  return u_isalpha(c) || u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC);
}

int DigitOf(int32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') ? c - '0' : -1;
  if (c >= 0x4E00 && c <= 0x9FFF) return -1;
  return u_charDigitValue(c);
}

}  // namespace

namespace {
// The code point of a folded token of one BMP character, or -1.
int32_t SingleCodePoint(std::string_view folded) {
  if (folded.empty() || folded.size() > 3) return -1;
  const auto* s = reinterpret_cast<const uint8_t*>(folded.data());
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(s, i, static_cast<int32_t>(folded.size()), c);
  return (i == static_cast<int32_t>(folded.size()) && c >= 0 && c < 0x10000) ? c : -1;
}
}  // namespace

uint32_t Vocabulary::Intern(std::string_view folded) {
  auto [it, inserted] = ids_.try_emplace(std::string(folded), static_cast<uint32_t>(ids_.size() + 1));
  if (const int32_t c = SingleCodePoint(folded); c >= 0) {
    if (by_code_point_.empty()) by_code_point_.assign(0x10000, 0);
    by_code_point_[c] = it->second;
  }
  return it->second;
}

uint32_t Vocabulary::Find(std::string_view folded) const {
  if (const int32_t c = SingleCodePoint(folded); c >= 0) {
    return by_code_point_.empty() ? 0 : by_code_point_[c];
  }
  auto it = ids_.find(absl::string_view(folded.data(), folded.size()));
  return it == ids_.end() ? 0 : it->second;
}

namespace {
constexpr size_t kArabicLetter = 2;  // bytes of a letter of the Arabic block

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
}  // namespace

std::string_view ArabicWithoutConjunction(std::string_view folded, size_t* removed) {
  *removed = 0;
  for (std::string_view conjunction : {"\xD9\x88" /*و*/, "\xD9\x81" /*ف*/}) {
    if (StartsWith(folded, conjunction) && folded.size() >= conjunction.size() + 2 * kArabicLetter) {
      *removed = conjunction.size();
      return folded.substr(conjunction.size());
    }
  }
  return folded;
}

std::string_view ArabicStem(std::string_view folded) {
  size_t removed;
  std::string_view s = ArabicWithoutConjunction(folded, &removed);
  const std::string_view article = "\xD8\xA7\xD9\x84";  // ال
  const std::string_view contraction = "\xD9\x84\xD9\x84";  // لل
  if (StartsWith(s, contraction)) {
    s.remove_prefix(contraction.size());
  } else {
    for (std::string_view preposition : {"\xD8\xA8" /*ب*/, "\xD9\x84" /*ل*/, "\xD9\x83" /*ك*/}) {
      if (StartsWith(s, preposition) && s.size() >= preposition.size() + 3 * kArabicLetter) {
        s.remove_prefix(preposition.size());
        break;
      }
    }
    if (StartsWith(s, article)) s.remove_prefix(article.size());
  }
  return s.size() >= 3 * kArabicLetter ? s : std::string_view();
}

FoldMode FoldModeFor(const std::string& language) {
  return language == "vi" ? FoldMode::kCase : FoldMode::kCaseAndMarks;
}

TokenStream Tokenize(std::string_view text, const Vocabulary& vocabulary, FoldMode mode) {
  TokenStream tokens;
  tokens.reserve(text.size() / 4);
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  uint8_t pending = kLineStart;  // flags for the next token
  std::string folded;
  for (int32_t i = 0; i < length;) {
    const int32_t begin = i;
    int32_t c;
    U8_NEXT(s, i, length, c);
    if (c == '\n') {
      pending |= kLineStart | kSpaceBefore;
      continue;
    }
    if (IsSpaceChar(c)) {
      pending |= kSpaceBefore;
      continue;
    }
    Token token;
    token.begin = static_cast<uint32_t>(begin);
    token.flags = pending;
    pending = 0;
    folded.clear();
    if (IsWordLetter(c) && (U_GET_GC_MASK(c) & U_GC_M_MASK) == 0) {
      token.type = TokenType::kWord;
      int letters = 0;
      int upper = 0;
      const bool first_upper = u_isupper(c) || u_istitle(c);
      for (int32_t at = begin; at < length;) {
        int32_t next = at;
        int32_t d;
        U8_NEXT(s, next, length, d);
        if (!IsWordLetter(d)) break;
        if ((U_GET_GC_MASK(d) & U_GC_M_MASK) == 0) {
          ++letters;
          upper += u_isupper(d) ? 1 : 0;
        }
        FoldChar(d, mode, &folded);
        at = next;
        i = next;
      }
      if (first_upper) token.flags |= kUpper;
      if (letters >= 2 && upper == letters) token.flags |= kAllUpper;
    } else if (const int digit = DigitOf(c); digit >= 0) {
      token.type = TokenType::kDigits;
      folded.push_back(static_cast<char>('0' + digit));
      for (int32_t at = i; at < length;) {
        int32_t next = at;
        int32_t d;
        U8_NEXT(s, next, length, d);
        const int value = DigitOf(d);
        if (value < 0) break;
        folded.push_back(static_cast<char>('0' + value));
        i = next;
        at = next;
      }
    } else {
      token.type = IsUnsegmented(c) ? TokenType::kHan : TokenType::kPunct;
      FoldChar(c, mode, &folded);
    }
    token.end = static_cast<uint32_t>(i);
    token.key = vocabulary.Find(folded);
    token.bare_key = token.key;
    token.stem_key = token.key;
    if (token.type == TokenType::kWord && c >= 0x0600 && c <= 0x06FF) {
      size_t removed = 0;
      const std::string_view bare = ArabicWithoutConjunction(folded, &removed);
      if (removed > 0) {
        token.bare_key = vocabulary.Find(bare);
        // The conjunction is an unvoweled letter: its folded bytes are the
        // text's bytes.
        token.bare_offset = static_cast<uint16_t>(removed);
      }
      const std::string_view stem = ArabicStem(folded);
      if (!stem.empty() && stem.size() < folded.size()) token.stem_key = vocabulary.Find(stem);
    }
    tokens.push_back(token);
  }
  return tokens;
}

std::vector<std::string> FoldedTokens(std::string_view text, FoldMode mode) {
  static const Vocabulary* const kEmpty = new Vocabulary();
  std::vector<std::string> out;
  for (const Token& token : Tokenize(text, *kEmpty, mode)) {
    std::string folded;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    for (int32_t i = static_cast<int32_t>(token.begin); i < static_cast<int32_t>(token.end);) {
      int32_t c;
      U8_NEXT(s, i, static_cast<int32_t>(token.end), c);
      if (token.type == TokenType::kDigits) {
        folded.push_back(static_cast<char>('0' + DigitOf(c)));
      } else {
        FoldChar(c, mode, &folded);
      }
    }
    out.push_back(std::move(folded));
  }
  return out;
}

std::string FoldForMatching(std::string_view text, FoldMode mode) {
  return absl::StrJoin(FoldedTokens(text, mode), " ");
}

void MarkRanges(const std::vector<ByteRange>& ranges, TokenFlag flag, TokenStream* tokens) {
  size_t r = 0;
  for (Token& token : *tokens) {
    while (r < ranges.size() && ranges[r].end <= token.begin) ++r;
    if (r < ranges.size() && ranges[r].begin <= token.begin) token.flags |= flag;
  }
}

size_t TokenAt(const TokenStream& tokens, size_t pos) {
  return static_cast<size_t>(
      std::lower_bound(tokens.begin(), tokens.end(), pos,
                       [](const Token& t, size_t p) { return t.end <= p; }) -
      tokens.begin());
}

}  // namespace factd
