// Scan: one document's pass of the number-and-date stage (worker/numbers.h),
// split by what it reads:
//   number_reader.cc  digits with the language's marks, number words,
//                     phone numbers (not numbers), text access
//   date_reader.cc    dates, their ranges and the year they take
//   amount_reader.cc  qualifiers, units, money, percentages, counts
//   numbers.cc        the scan loop and NumberExtractor
// Internal to the stage: only the stage's files include this.
#ifndef FACTD_WORKER_NUMBER_SCAN_H_
#define FACTD_WORKER_NUMBER_SCAN_H_

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "unicode/uchar.h"
#include "worker/lexicon.h"
#include "worker/numbers.h"

namespace factd::number_scan {

// A number as written: digits with the language's marks, or number words.
struct Core {
  bool ok = false;
  size_t begin = 0;
  size_t end = 0;
  // Where the scan goes on when this is not a number (an identifier, a time
  // of day, a phone number): past all of it.
  size_t skip_to = 0;
  double value = 0;
  bool words = false;   // written with number words
  bool plain = false;   // only digits: no group or decimal mark, no scale
  int digits = 0;       // how many digits, when plain
  bool leading_zero = false;
  bool ordinal = false;  // "1er", "21st": a day in a date, never a count
  bool time = false;     // a time of day ("10 h 30"): nothing
  bool fraction = false;  // "two-thirds", "三分之二": a share, never a date
  // Digits as written, without marks ("2,45" -> "245", 2 decimals): a
  // scale word multiplies them exactly, in decimal ("2,45 tỷ" is
  // 2450000000, not 2449999999.9999998).
  std::string mantissa;
  int decimals = 0;
  bool approx = false;      // "une centaine de": APPROXIMATE
  bool vague = false;       // "thousands of", "hàng nghìn": MORE_THAN its magnitude
  bool bare_scale = false;  // a scale word first ("mille", "tỷ"): counts only a known noun
};

struct DateParts {
  int year = 0;
  int month = 0;
  int day = 0;
};

// A date read from the text, before it is emitted.
struct ParsedDate {
  size_t begin = 0;
  size_t end = 0;
  DateParts first;
  std::optional<DateParts> last;  // the end of a range
};

inline v1::Qualifier QualifierOf(const std::string& name) {
  v1::Qualifier q = v1::EXACT;
  v1::Qualifier_Parse(name, &q);
  return q;
}

// The decimal digit value of `c` (any script's Nd digits), or -1.
inline int DigitValue(int32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') ? c - '0' : -1;
  if (c >= 0x4E00 && c <= 0x9FFF) return -1;
  return u_charDigitValue(c);
}

// The decimal digits `digits` times ten to `exponent`, as the double
// nearest the exact value: "245" and 7 is 2450000000 exactly.
inline double ExactDecimal(const std::string& digits, int exponent) {
  std::string text = digits;
  text += "e";
  text += std::to_string(exponent);
  return std::strtod(text.c_str(), nullptr);  // correctly rounded
}

inline bool ValidDay(double v) { return v >= 1 && v <= 31 && v == std::floor(v); }
inline bool ValidMonth(double v) { return v >= 1 && v <= 12 && v == std::floor(v); }

// One document's scan.
class Scan {
 public:
  Scan(std::string_view text, const Lexicon& lexicon, const NumberContext& context,
       NumberFacts* out)
      : text_(text), lex_(lexicon), context_(context), out_(out) {}

  void Run();

 private:

  int32_t At(size_t pos, size_t* next) const { return CharAt(text_, pos, next); }
  int32_t At(size_t pos) const {
    size_t next;
    return At(pos, &next);
  }
  int32_t Before(size_t pos, size_t* prev = nullptr) const {
    size_t ignored;
    return CharBefore(text_, pos, prev != nullptr ? prev : &ignored);
  }
  size_t SkipSpaces(size_t pos) const {
    size_t next;
    while (pos < limit_ && IsSpaceChar(At(pos, &next))) pos = next;
    return pos;
  }
  // The lexicon match right after `pos` (white space skipped), if it has
  // `kind` and stays out of excluded text.
  const LexEntry* KindAfter(size_t pos, LexKind kind, size_t* end) const;
  const LexEntry* KindBefore(size_t pos, LexKind kind, size_t* begin) const;
  size_t SkipAlnum(size_t pos) const;


  // A number written with digits at `pos`, with the language's group and
  // decimal marks. Not a number (skip_to set) when glued to letters
  // (S250-FIT, 75th, 2e), a time of day (10:30), or a phone number.
  Core ParseDigits(size_t pos) const;

  // Plain digits at `pos` (no marks), for the minutes of a time.
  Core CoreAtDigits(size_t pos) const;


  // Groups of digits separated by single spaces, dots or dashes that do not
  // read as one grouped number, with 8 digits or more: "024 3825 1234".
  // Phone numbers are short: the look ahead stops after kPhoneDigits
  // digits, so that a long run of groups is not read again from each of
  // its numbers.
  bool PhoneNumberAt(size_t pos) const;
  size_t SkipPhoneNumber(size_t pos) const;

  // Number words at `pos`: "deux cents", "hai mươi tư", "二〇二四",
  // "一千零五十", "خمسة وعشرون". Composition: a digit word waits; a
  // multiplier (十, trăm, hundred) multiplies it into the current section;
  // a scale (万, triệu, million) multiplies everything so far; an additive
  // word (twenty, mười) adds. Han digits in a row read positionally.
  Core ParseWords(size_t pos) const;

  // The number at `pos` (white space skipped), digits or words.
  Core CoreAt(size_t pos) const;
  // "三分之二" (two thirds), "四分之一": a Chinese fraction at `pos`.
  Core HanFraction(size_t pos) const;

  // Handles the number `core` found by the scan: a date, or an amount.
  // Returns where the scan goes on.
  size_t Number(const Core& core);

  // "năm 2021 đến năm 2023", "tháng 1 đến tháng 6/2024", "28 février au
  // 3 mars 2025": a date, a range word, and a date of the same precision
  // make one range; a year written only at the end is shared.
  void JoinRange(ParsedDate* date) const;


  bool YearLike(const Core& c, bool marked) const;

  std::string Iso(const DateParts& p) const;

  // Emits a date over [begin, end); `last` is the end of a range.
  void EmitDate(const ParsedDate& date);
  // "yesterday", "hôm qua", "昨天" over [begin, end): the publication day
  // moved by `offset` days; nothing when the publication date is unknown.
  void RelativeDay(size_t begin, size_t end, int offset);
  // "last week", "tuần trước", "上周": Monday to Sunday of the week
  // `offset` weeks from the publication's.
  void RelativeWeek(size_t begin, size_t end, int offset);
  // The year of a date written without one: the publication's, or the
  // year before when that puts the date over two months after it.
  int InferredYear(int month, int day) const;

  // The month named right after `pos`, with a second name after a slash
  // (Arabic "كانون الأول/ديسمبر"); 0 when none.
  int MonthAfter(size_t pos, size_t* end) const;

  // An optional year after a day-month date: "2019", ", 2019", "năm 2019".
  int YearAfter(size_t pos, size_t* end) const;

  // Tries every date form anchored on `n`.
  std::optional<ParsedDate> ParseDate(const Core& n) const;

  // "tháng 3" after a day: the month's number; 0 when none.
  int MonthNumberAfter(size_t pos, size_t* end) const;

  // "/2" after the second day of a range ("18-20/2").
  int SlashMonth(size_t pos, size_t* end) const;

  // After a Han year: "6月" and "6月26日".
  void HanMonthDay(size_t pos, DateParts* p, size_t* end) const;

  // A Han date at [begin, end) and maybe the rest of its range:
  // 至20日, 至3月2日, -2021年.
  ParsedDate HanRange(size_t begin, size_t end, DateParts first) const;


  size_t Amount(const Core& core);
  // The counted noun read from the text after `pos` when no lexicon unit
  // is there: a word that is no function word (Latin and Arabic script),
  // or the Han characters after a classifier. Sets `unit` (the lexicon's
  // canonical noun, or the noun as written made singular) and returns the
  // noun's end, or 0.
  size_t NounAfter(size_t pos, std::string* unit) const;
  // "企业300家": the Han noun written before a number that a classifier
  // follows; its start, or `pos` when none.
  size_t HanNounBefore(size_t pos) const;
  // Whether an acronym ends right before `pos` ("UNMISS 2", "MH 370"): the
  // number is part of a name.
  bool AfterAcronym(size_t pos) const;
  // Whether the fraction over [begin, end) has an ordinal word beside it
  // ("first half", "الربع الأول"): a part of a year.
  bool TimeHalf(size_t begin, size_t end) const;
  // Whether the number is one of two glued by a hyphen ("3-1", "2001-692").
  bool InHyphenPair(const Core& core) const;

  // "1." or "2)" opening a line.
  bool IsListNumber(const Core& core) const;

  struct BeforeCache {
    bool valid = false;
    size_t pos = 0;
    size_t begin = 0;
    LexiconMatch match;
  };
  static constexpr size_t kBeforeCacheSize = 8;

  std::string_view text_;
  const Lexicon& lex_;
  mutable std::array<BeforeCache, kBeforeCacheSize> before_cache_;
  const NumberContext& context_;
  NumberFacts* out_;
  size_t limit_ = 0;  // the scan does not read past here (excluded text)
};

}  // namespace factd::number_scan

#endif  // FACTD_WORKER_NUMBER_SCAN_H_
