#include "worker/lexicon.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "unicode/ucurr.h"
#include "unicode/uenum.h"
#include "unicode/unistr.h"
#include "unicode/dtfmtsym.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/uscript.h"
#include "unicode/utf8.h"
#include "worker/embedded_data.h"

namespace factd {
namespace {

constexpr int32_t kSpaceEdge = ' ';

struct KindName {
  const char* name;
  LexKind kind;
};
constexpr KindName kKindNames[] = {
    {"number", LexKind::kNumber},
    {"multiplier", LexKind::kMultiplier},
    {"scale", LexKind::kScale},
    {"joiner", LexKind::kJoiner},
    {"qualifier_before", LexKind::kQualifierBefore},
    {"qualifier_after", LexKind::kQualifierAfter},
    {"measure", LexKind::kMeasure},
    {"link", LexKind::kLink},
    {"unit", LexKind::kUnit},
    {"currency", LexKind::kCurrency},
    {"currency_before", LexKind::kCurrencyBefore},
    {"percent", LexKind::kPercent},
    {"percent_before", LexKind::kPercentBefore},
    {"month", LexKind::kMonth},
    {"day_before", LexKind::kDayBefore},
    {"month_before", LexKind::kMonthBefore},
    {"year_before", LexKind::kYearBefore},
    {"year_after", LexKind::kYearAfter},
    {"month_after", LexKind::kMonthAfter},
    {"day_after", LexKind::kDayAfter},
    {"range", LexKind::kRange},
    {"range_before", LexKind::kRangeBefore},
    {"identifier_before", LexKind::kIdentifierBefore},
    {"clitic", LexKind::kClitic},
    {"decimal_mark", LexKind::kDecimalMark},
    {"group_mark", LexKind::kGroupMark},
    {"ordinal_suffix", LexKind::kOrdinalSuffix},
    {"time_after", LexKind::kTimeAfter},
    {"age_before", LexKind::kAgeBefore},
    {"age_after", LexKind::kAgeAfter},
    {"date_order", LexKind::kDateOrder},
    {"fraction", LexKind::kFraction},
    {"not_noun", LexKind::kNotNoun},
    {"relative_day", LexKind::kRelativeDay},
    {"ordinal_word", LexKind::kOrdinalWord},
    {"vague", LexKind::kVague},
    {"approx_count", LexKind::kApproxCount},
    {"relative_week", LexKind::kRelativeWeek},
};

bool IsNumericKind(LexKind kind) {
  switch (kind) {
    case LexKind::kNumber: case LexKind::kMultiplier: case LexKind::kScale:
    case LexKind::kMonth: case LexKind::kFraction: case LexKind::kRelativeDay: case LexKind::kVague:
    case LexKind::kApproxCount: case LexKind::kRelativeWeek:
      return true;
    default:
      return false;
  }
}

// Folds a code point for matching: lower case, and the typographic
// apostrophe as the ASCII one.
int32_t Fold(int32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
  if (c == 0x2019 || c == 0x02BC) return '\'';
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x0600 && c <= 0x06FF)) return c;  // no case
  return u_tolower(c);
}

// Decodes `\uXXXX` escapes and folds; white space runs become one space.
std::u32string FoldSurface(std::string_view surface) {
  std::u32string out;
  const auto* s = reinterpret_cast<const uint8_t*>(surface.data());
  const int32_t length = static_cast<int32_t>(surface.size());
  for (int32_t i = 0; i < length;) {
    int32_t c;
    if (surface[i] == '\\' && i + 5 < length && surface[i + 1] == 'u') {
      uint32_t value = 0;
      if (absl::SimpleHexAtoi(absl::string_view(surface.data() + i + 2, 4), &value)) {
        c = static_cast<int32_t>(value);
        i += 6;
      } else {
        U8_NEXT(s, i, length, c);
      }
    } else {
      U8_NEXT(s, i, length, c);
    }
    if (c < 0) continue;
    if (IsSpaceChar(c)) {
      if (!out.empty() && out.back() != kSpaceEdge) out.push_back(kSpaceEdge);
      continue;
    }
    out.push_back(static_cast<char32_t>(Fold(c)));
  }
  while (!out.empty() && out.back() == kSpaceEdge) out.pop_back();
  return out;
}

// A surface of one non-space code point written for a mark ("\u00A0").
int32_t SingleCodePoint(std::string_view surface) {
  const auto* s = reinterpret_cast<const uint8_t*>(surface.data());
  int32_t i = 0;
  int32_t c;
  if (surface.size() == 6 && surface.substr(0, 2) == "\\u") {
    uint32_t value = 0;
    return absl::SimpleHexAtoi(absl::string_view(surface.data() + 2, surface.size() - 2), &value) ? static_cast<int32_t>(value) : -1;
  }
  U8_NEXT(s, i, static_cast<int32_t>(surface.size()), c);
  return i == static_cast<int32_t>(surface.size()) ? c : -1;
}

// CLDR locales whose month names a language's text uses: Arabic news
// writes both the يناير and the كانون الثاني families.
std::vector<const char*> MonthLocales(const std::string& language) {
  if (language == "ar") return {"ar", "ar_SY", "ar_IQ", "ar_LB", "ar_JO"};
  if (language == "fr" || language == "en") return {language.c_str()};
  return {};  // zh and vi write months as numbers (11月, tháng 11)
}

}  // namespace

bool IsWordLetter(int32_t c) {
  if (c < 0) return false;
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  // Fast answers for the scripts of the news factd reads.
  if (c >= 0x4E00 && c <= 0x9FFF) return false;                 // CJK ideographs
  if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF20)) return false;  // CJK punctuation
  if (c >= 0x0621 && c <= 0x064A) return true;                  // Arabic letters
  if ((c >= 0x00C0 && c <= 0x024F && c != 0xD7 && c != 0xF7) || (c >= 0x1EA0 && c <= 0x1EF9)) {
    return true;                                                // Latin with diacritics
  }
  if ((U_GET_GC_MASK(c) & U_GC_M_MASK) != 0) return true;  // combining marks
  if (!u_isalpha(c)) return false;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return script != USCRIPT_HAN && script != USCRIPT_HIRAGANA && script != USCRIPT_KATAKANA &&
         script != USCRIPT_HANGUL && script != USCRIPT_THAI;
}

int32_t CharAt(std::string_view text, size_t pos, size_t* next) {
  if (pos >= text.size()) {
    *next = text.size();
    return -1;
  }
  const unsigned char first = static_cast<unsigned char>(text[pos]);
  if (first < 0x80) {
    *next = pos + 1;
    return first;
  }
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(pos);
  int32_t c;
  U8_NEXT(s, i, static_cast<int32_t>(text.size()), c);
  *next = static_cast<size_t>(i);
  return c;
}

int32_t CharBefore(std::string_view text, size_t pos, size_t* prev) {
  if (pos == 0) {
    *prev = 0;
    return -1;
  }
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(pos);
  int32_t c;
  U8_PREV(s, 0, i, c);
  *prev = static_cast<size_t>(i);
  return c;
}

size_t WordStart(std::string_view text, size_t pos) {
  size_t prev;
  while (pos > 0 && IsWordLetter(CharBefore(text, pos, &prev))) pos = prev;
  return pos;
}

bool IsSpaceChar(int32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  if (c >= 0x4E00 && c <= 0x9FFF) return false;
  return u_isUWhiteSpace(c) || c == 0xFEFF;
}

// Every current currency's names in `locale` from ICU (CLDR): the long
// name and its plural forms ("Egyptian pounds", "جنيه مصري", "ريالات
// سعودية", "đô la Singapore", "新加坡元") after the number, and symbols that
// name one currency ("A$", "S$", "HK$", "₹") before it. The data file's rows
// come first: a surface keeps its first reading.
void Lexicon::AddCurrencyNames(const char* locale, Lexicon* lexicon) {
  UErrorCode status = U_ZERO_ERROR;
  UEnumeration* codes = ucurr_openISOCurrencies(UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
  if (U_FAILURE(status)) return;
  const auto add = [&](const UChar* name, int32_t length, const char* code, LexKind kind) {
    if (name == nullptr || length < 2) return;
    std::string utf8;
    icu::UnicodeString(name, length).toUTF8String(utf8);
    if (utf8 == code || utf8.size() < 2) return;
    lexicon->Add(FoldSurface(utf8), {kind, 0, code});
  };
  for (const char* code = uenum_next(codes, nullptr, &status); code != nullptr && U_SUCCESS(status);
       code = uenum_next(codes, nullptr, &status)) {
    UChar iso[4] = {0};
    u_charsToUChars(code, iso, 3);
    UBool is_choice = false;
    int32_t length = 0;
    UErrorCode s = U_ZERO_ERROR;
    add(ucurr_getName(iso, locale, UCURR_LONG_NAME, &is_choice, &length, &s), length, code, LexKind::kCurrency);
    for (const char* plural : {"zero", "one", "two", "few", "many", "other"}) {
      s = U_ZERO_ERROR;
      const UChar* name = ucurr_getPluralName(iso, locale, &is_choice, plural, &length, &s);
      if (U_SUCCESS(s)) add(name, length, code, LexKind::kCurrency);
    }
    s = U_ZERO_ERROR;
    const UChar* symbol = ucurr_getName(iso, locale, UCURR_SYMBOL_NAME, &is_choice, &length, &s);
    // A symbol of one currency: letters with a sign ("A$", "HK$") or a sign
    // of its own ("₹", "₱"); "$", "£", "¥" alone are the data's.
    if (U_SUCCESS(s) && symbol != nullptr && length >= 1) {
      const icu::UnicodeString text(symbol, length);
      const bool sign_only = length == 1 && (text[0] == u'$' || text[0] == u'£' || text[0] == 0xA5);
      if (!sign_only && text.indexOf(u'$') >= 0 ? length >= 2 : (length == 1 && text[0] > 0x20A0)) {
        add(symbol, length, code, LexKind::kCurrencyBefore);
      }
    }
  }
  uenum_close(codes);
}

absl::StatusOr<std::unique_ptr<Lexicon>> Lexicon::Create(const std::string& language) {
  const std::string file = language + ".tsv";
  if (!FindEmbeddedFile(file).has_value()) {
    return absl::NotFoundError(absl::StrCat("no lexicon for language \"", language, "\""));
  }
  std::unique_ptr<Lexicon> lexicon(new Lexicon());
  lexicon->language_ = language;
  lexicon->entries_.emplace_back();  // the root
  const auto bad = [](absl::string_view why) { return absl::InvalidArgumentError(why); };
  absl::Status loaded = ForEachDataRow(file, 2, [&](const std::vector<std::string>& columns) {
    if (columns.size() > 3) return bad("want kind, surface, value");
    const std::string& kind_name = columns[0];
    const std::string_view surface = columns[1];
    const std::string value = columns.size() == 3 ? columns[2] : "";
    const KindName* kind = nullptr;
    for (const KindName& k : kKindNames) {
      if (kind_name == k.name) kind = &k;
    }
    if (kind == nullptr) return bad("unknown kind");
    if (surface.empty()) return bad("empty surface");
    LexEntry entry{kind->kind, 0, value};
    switch (kind->kind) {
      case LexKind::kDateOrder:
        if (value != "DMY" && value != "MDY") return bad("date_order is DMY or MDY");
        lexicon->day_first_ = value == "DMY";
        return absl::OkStatus();
      case LexKind::kDecimalMark:
      case LexKind::kGroupMark: {
        const int32_t c = SingleCodePoint(surface);
        if (c < 0) return bad("a mark is one character");
        (kind->kind == LexKind::kDecimalMark ? lexicon->decimal_marks_ : lexicon->group_marks_)
            .push_back(static_cast<char32_t>(c));
        // A word decimal mark (点) also reads inside number words.
        if (!IsSpaceChar(c) && u_isalpha(c)) break;
        return absl::OkStatus();
      }
      case LexKind::kClitic:
        lexicon->clitics_.push_back(FoldSurface(surface));
        return absl::OkStatus();
      default:
        break;
    }
    if (IsNumericKind(kind->kind) && !absl::SimpleAtod(value, &entry.number)) {
      return bad("value must be a number");
    }
    lexicon->Add(FoldSurface(surface), std::move(entry));
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  for (const char* locale : MonthLocales(language)) {
    UErrorCode status = U_ZERO_ERROR;
    icu::DateFormatSymbols symbols{icu::Locale(locale), status};
    if (U_FAILURE(status)) {
      return absl::InternalError(absl::StrCat("ICU has no date symbols for ", locale));
    }
    for (auto context : {icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::STANDALONE}) {
      for (auto width : {icu::DateFormatSymbols::WIDE, icu::DateFormatSymbols::ABBREVIATED}) {
        int32_t count = 0;
        const icu::UnicodeString* months = symbols.getMonths(count, context, width);
        for (int32_t m = 0; m < count && m < 12; ++m) {
          std::string utf8;
          months[m].toUTF8String(utf8);
          // "sept." and "sept": the abbreviation's dot is optional.
          for (std::string form : {utf8, std::string(absl::StripSuffix(utf8, "."))}) {
            if (form.size() < 3 && language != "ar") continue;  // "mai" yes, "M" no
            lexicon->Add(FoldSurface(form), {LexKind::kMonth, double(m + 1), ""});
          }
        }
      }
    }
  }
  if (language != "und") AddCurrencyNames(language.c_str(), lexicon.get());
  return lexicon;
}

std::unique_ptr<Lexicon> Lexicon::Build(
    const std::string& language, const std::vector<std::pair<std::string, LexEntry>>& entries,
    const std::vector<std::string>& clitics) {
  std::unique_ptr<Lexicon> lexicon(new Lexicon());
  lexicon->language_ = language;
  lexicon->entries_.emplace_back();  // the root
  for (const std::string& clitic : clitics) lexicon->clitics_.push_back(FoldSurface(clitic));
  for (const auto& [surface, entry] : entries) lexicon->Add(FoldSurface(surface), entry, /*one_per_kind=*/false);
  return lexicon;
}

void Lexicon::Add(std::u32string_view surface, LexEntry entry, bool one_per_kind) {
  if (surface.empty()) return;
  int32_t node = 0;
  for (char32_t c : surface) {
    const uint64_t key = (uint64_t(node) << 21) | uint64_t(c);
    auto it = edges_.find(key);
    if (it == edges_.end()) {
      const int32_t child = static_cast<int32_t>(entries_.size());
      entries_.emplace_back();
      it = edges_.emplace(key, child).first;
    }
    node = it->second;
  }
  // Keep the root's direct index in step with its edges.
  if (surface[0] < 0x10000) root_[surface[0]] = edges_.at(uint64_t(surface[0]));
  std::vector<LexEntry>& entries = entries_[node];
  for (const LexEntry& e : entries) {
    // A lexicon keeps the first reading of each kind; a gazetteer every
    // distinct one (two entities may share a name).
    if (e.kind == entry.kind && (one_per_kind || e.text == entry.text)) return;
  }
  entries.push_back(std::move(entry));
  longest_ = std::max(longest_, surface.size());
}

LexiconMatch Lexicon::MatchNoClitic(std::string_view text, size_t pos) const {
  LexiconMatch best;

  int32_t node = 0;
  size_t i = pos;
  int32_t last = -1;
  while (i < text.size()) {
    size_t next;
    int32_t c = CharAt(text, i, &next);
    if (c < 0) break;
    if (IsSpaceChar(c)) {
      const int32_t child = Child(node, kSpaceEdge);
      if (child < 0) break;
      node = child;
      while (next < text.size()) {
        size_t after;
        if (!IsSpaceChar(CharAt(text, next, &after))) break;
        next = after;
      }
      i = next;
      continue;
    }
    const int32_t child = Child(node, Fold(c));
    if (child < 0) break;
    node = child;
    i = next;
    last = c;
    if (entries_[node].empty()) continue;
    if (i < text.size()) {
      // Mid-word: a letter after a letter, a digit after a digit ("tháng 1"
      // is not in "tháng 12"). A digit may follow a letter: Arabic و٢٠.
      size_t after;
      const int32_t following = CharAt(text, i, &after);
      if (IsWordLetter(last) && IsWordLetter(following)) continue;
      if (u_isdigit(last) && u_isdigit(following)) continue;
    }
    best.end = i;
    best.entries = &entries_[node];
  }
  return best;
}

LexiconMatch Lexicon::MatchAt(std::string_view text, size_t pos) const {
  LexiconMatch best = MatchNoClitic(text, pos);
  for (const std::u32string& clitic : clitics_) {
    size_t i = pos;
    bool prefix = true;
    for (char32_t c : clitic) {
      size_t next;
      if (i >= text.size() || Fold(CharAt(text, i, &next)) != int32_t(c)) {
        prefix = false;
        break;
      }
      i = next;
    }
    if (!prefix || i >= text.size()) continue;
    LexiconMatch glued = MatchNoClitic(text, i);
    if (glued.ok() && glued.end > best.end) {
      best = glued;
      best.surface_begin = i;
    }
  }
  return best;
}

LexiconMatch Lexicon::MatchEndingAt(std::string_view text, size_t end, size_t* begin) const {
  // Skip white space back from `end`.
  while (end > 0) {
    size_t prev;
    if (!IsSpaceChar(CharBefore(text, end, &prev))) break;
    end = prev;
  }
  // Word starts within reach, farthest first: the farthest surface ending
  // at `end` wins, and hides the shorter ones inside it ("tổng số" is no
  // "số").
  absl::InlinedVector<size_t, 64> starts;
  size_t pos = end;
  for (size_t steps = 0; pos > 0 && steps < longest_ + 8; ++steps) {
    size_t prev;
    const int32_t c = CharBefore(text, pos, &prev);
    pos = prev;
    if (IsWordLetter(c) && pos > 0) {
      size_t before;
      if (IsWordLetter(CharBefore(text, pos, &before))) continue;  // mid-word
    }
    starts.push_back(pos);
  }
  for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
    const LexiconMatch m = MatchAt(text, *it);
    if (m.ok() && m.end == end) {
      *begin = *it;
      return m;
    }
  }
  return LexiconMatch{};
}

bool Lexicon::IsClitic(std::string_view word) const {
  const std::u32string folded = FoldSurface(word);
  return std::find(clitics_.begin(), clitics_.end(), folded) != clitics_.end();
}

bool Lexicon::FollowsGluedClitic(std::string_view text, size_t pos) const {
  const size_t start = WordStart(text, pos);
  return start < pos && IsClitic(text.substr(start, pos - start));
}

bool Lexicon::IsDecimalMark(int32_t c) const {
  return decimal_marks_.find(static_cast<char32_t>(c)) != std::u32string::npos;
}

bool Lexicon::IsGroupMark(int32_t c) const {
  return group_marks_.find(static_cast<char32_t>(c)) != std::u32string::npos;
}

}  // namespace factd
