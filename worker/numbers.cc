#include "worker/numbers.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace factd {
namespace {

constexpr const char* kLanguages[] = {"zh", "vi", "ar", "fr", "en", "und"};

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

v1::Qualifier QualifierOf(const std::string& name) {
  v1::Qualifier q = v1::EXACT;
  v1::Qualifier_Parse(name, &q);
  return q;
}

// The decimal digit value of `c` (any script's Nd digits), or -1.
int DigitValue(int32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') ? c - '0' : -1;
  if (c >= 0x4E00 && c <= 0x9FFF) return -1;
  return u_charDigitValue(c);
}

bool ValidDay(double v) { return v >= 1 && v <= 31 && v == std::floor(v); }
bool ValidMonth(double v) { return v >= 1 && v <= 12 && v == std::floor(v); }

// One document's scan.
class Scan {
 public:
  Scan(std::string_view text, const Lexicon& lexicon, const NumberContext& context,
       NumberFacts* out)
      : text_(text), lex_(lexicon), context_(context), out_(out) {}

  void Run() {
    size_t excluded = 0;
    size_t i = 0;
    while (i < text_.size() && !Budget::Spent(context_.budget)) {
      while (excluded < context_.excluded.size() && context_.excluded[excluded].end <= i) {
        ++excluded;
      }
      if (excluded < context_.excluded.size() && context_.excluded[excluded].begin <= i) {
        i = context_.excluded[excluded].end;
        continue;
      }
      limit_ = excluded < context_.excluded.size() ? context_.excluded[excluded].begin
                                                   : text_.size();
      size_t next;
      const int32_t c = At(i, &next);
      if (DigitValue(c) >= 0) {
        i = std::max(next, Number(ParseDigits(i)));
        continue;
      }
      const LexiconMatch m = lex_.MatchAt(text_, i);
      if (m.ok() && m.end <= limit_ &&
          (m.Has(LexKind::kNumber) || m.Has(LexKind::kMultiplier) || m.Has(LexKind::kScale))) {
        const Core core = ParseWords(i);
        if (core.ok) {
          i = std::max(next, Number(core));
          continue;
        }
      }
      if (m.ok() && m.end <= limit_) {
        i = m.end;
      } else if (IsWordLetter(c)) {
        while (i < text_.size() && IsWordLetter(At(i, &next))) i = next;
      } else {
        i = next;
      }
    }
  }

 private:
  // ------------------------------------------------------------ text access

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
  const LexEntry* KindAfter(size_t pos, LexKind kind, size_t* end) const {
    const size_t start = SkipSpaces(pos);
    if (start >= limit_) return nullptr;
    const LexiconMatch m = lex_.MatchAt(text_, start);
    const LexEntry* entry = m.Get(kind);
    if (entry == nullptr || m.end > limit_) return nullptr;
    *end = m.end;
    return entry;
  }
  const LexEntry* KindBefore(size_t pos, LexKind kind, size_t* begin) const {
    // A number asks about the words before it several times (identifier?
    // qualifier? currency? marker?): the last lookups are remembered.
    BeforeCache& slot = before_cache_[pos % kBeforeCacheSize];
    if (!slot.valid || slot.pos != pos) {
      slot.valid = true;
      slot.pos = pos;
      slot.match = lex_.MatchEndingAt(text_, pos, &slot.begin);
    }
    *begin = slot.begin;
    return slot.match.Get(kind);
  }
  size_t SkipAlnum(size_t pos) const {
    size_t next;
    for (int32_t c; pos < text_.size(); pos = next) {
      c = At(pos, &next);
      if (!IsWordLetter(c) && DigitValue(c) < 0 && c != '-') break;
    }
    return pos;
  }

  // ---------------------------------------------------------------- numbers

  // A number written with digits at `pos`, with the language's group and
  // decimal marks. Not a number (skip_to set) when glued to letters
  // (S250-FIT, 75th, 2e), a time of day (10:30), or a phone number.
  Core ParseDigits(size_t pos) const {
    Core core;
    core.begin = pos;
    size_t prev_pos;
    const int32_t prev = Before(pos, &prev_pos);
    if (prev == '+' || PhoneNumberAt(pos)) {
      core.skip_to = SkipPhoneNumber(pos);
      return core;
    }
    if ((IsWordLetter(prev) && !lex_.FollowsGluedClitic(text_, pos)) ||
        ((prev == '-' || prev == '/' || prev == '.') && IsWordLetter(Before(prev_pos)))) {
      core.skip_to = SkipAlnum(pos);
      return core;
    }
    std::vector<std::string> groups(1);
    std::vector<int32_t> marks;
    size_t i = pos;
    size_t next;
    for (int32_t c; i < limit_ && (c = At(i, &next), DigitValue(c) >= 0); i = next) {
      groups.back().push_back(static_cast<char>('0' + DigitValue(c)));
    }
    // Marks and groups while they read as one number: a group mark before
    // exactly three digits (and after at most three, at the start), one
    // decimal mark last. The first group that does not fit ends the number
    // before its mark, so a long malformed chain ("1,00,00,...") is read a
    // group at a time, never again from its start.
    for (;;) {
      const int32_t mark = At(i, &next);
      if (next >= limit_ || !(lex_.IsGroupMark(mark) || lex_.IsDecimalMark(mark))) break;
      if (DigitValue(At(next)) < 0) break;
      const bool decimal = lex_.IsDecimalMark(mark);
      if (!decimal && groups.size() == 1 && groups[0].size() > 3) break;
      std::string group;
      size_t j = next;
      size_t after;
      for (int32_t c; j < limit_ && (c = At(j, &after), DigitValue(c) >= 0); j = after) {
        group.push_back(static_cast<char>('0' + DigitValue(c)));
        if (!decimal && group.size() > 3) break;
      }
      if (!decimal && group.size() != 3) break;  // "en 2014 12 pays", "1,00"
      marks.push_back(mark);
      groups.push_back(std::move(group));
      i = j;
      if (decimal) break;
    }
    // Glued to letters after: an ordinal day ("1er", "21st"), or a code or
    // a time ("75th" is an ordinal too; "10h30", "A4" are not numbers).
    const int32_t following = At(i, &next);
    bool ordinal = false;
    if (IsWordLetter(following)) {
      const LexiconMatch suffix = lex_.MatchAt(text_, i);
      if (!suffix.Has(LexKind::kOrdinalSuffix) || !marks.empty()) {
        core.skip_to = SkipAlnum(i);
        return core;
      }
      ordinal = true;
    }
    if (following == ':' && DigitValue(At(next)) >= 0) {
      core.skip_to = SkipAlnum(next);
      while (At(core.skip_to) == ':') core.skip_to = SkipAlnum(core.skip_to + 1);
      return core;
    }
    std::string number = groups[0];
    for (size_t k = 0; k < marks.size(); ++k) {
      if (lex_.IsDecimalMark(marks[k])) number += ".";
      number += groups[k + 1];
    }
    const size_t used = marks.size();
    core.end = pos;
    for (size_t k = 0; k <= used; ++k) {
      // Advance over group k and the mark after it.
      size_t j = core.end;
      if (k > 0) At(j, &j);  // the mark
      for (size_t d = 0; d < groups[k].size(); ++d) At(j, &j);
      core.end = j;
    }
    core.ok = true;
    core.value = std::strtod(number.c_str(), nullptr);
    core.plain = used == 0;
    if (ordinal) {
      core.ordinal = true;
      core.end = lex_.MatchAt(text_, core.end).end;
    }
    size_t time_end;
    if (!ordinal && KindAfter(core.end, LexKind::kTimeAfter, &time_end) != nullptr) {
      // "10 h 30", "10 giờ 30": a time of day, with its minutes.
      core.time = true;
      const Core minutes = CoreAtDigits(time_end);
      core.skip_to = minutes.ok ? minutes.end : time_end;
      return core;
    }
    core.digits = static_cast<int>(groups[0].size());
    core.leading_zero = core.plain && groups[0].size() > 1 && groups[0][0] == '0';
    core.skip_to = core.end;
    return core;
  }

  // Plain digits at `pos` (no marks), for the minutes of a time.
  Core CoreAtDigits(size_t pos) const {
    Core core;
    pos = SkipSpaces(pos);
    size_t i = pos;
    size_t next;
    while (i < limit_ && DigitValue(At(i, &next)) >= 0) i = next;
    if (i == pos) return core;
    core.ok = true;
    core.begin = pos;
    core.end = core.skip_to = i;
    return core;
  }


  // Groups of digits separated by single spaces, dots or dashes that do not
  // read as one grouped number, with 8 digits or more: "024 3825 1234".
  // Phone numbers are short: the look ahead stops after kPhoneDigits
  // digits, so that a long run of groups is not read again from each of
  // its numbers.
  bool PhoneNumberAt(size_t pos) const {
    constexpr int kPhoneDigits = 20;
    int groups = 0;
    int digits = 0;
    bool irregular = false;
    size_t i = pos;
    size_t next;
    while (digits <= kPhoneDigits) {
      int length = 0;
      while (i < limit_ && length <= kPhoneDigits && DigitValue(At(i, &next)) >= 0) {
        i = next;
        ++length;
      }
      if (length == 0) break;
      ++groups;
      digits += length;
      if ((groups == 1 && length > 3) || (groups > 1 && length != 3)) irregular = true;
      const int32_t c = At(i, &next);
      if (!(c == ' ' || c == '-' || c == '.') || DigitValue(At(next)) < 0) break;
      i = next;
    }
    return groups >= 3 && digits >= 9 && digits <= kPhoneDigits && irregular;
  }
  size_t SkipPhoneNumber(size_t pos) const {
    size_t i = pos;
    size_t next;
    for (int32_t c; i < limit_; i = next) {
      c = At(i, &next);
      if (DigitValue(c) >= 0) continue;
      if ((c == ' ' || c == '-' || c == '.') && DigitValue(At(next)) >= 0) continue;
      break;
    }
    return i;
  }

  // Number words at `pos`: "deux cents", "hai mươi tư", "二〇二四",
  // "一千零五十", "خمسة وعشرون". Composition: a digit word waits; a
  // multiplier (十, trăm, hundred) multiplies it into the current section;
  // a scale (万, triệu, million) multiplies everything so far; an additive
  // word (twenty, mười) adds. Han digits in a row read positionally.
  Core ParseWords(size_t pos) const {
    Core core;
    core.begin = pos;
    double total = 0;
    double section = 0;
    double digit = -1;
    std::string positional;  // Han digits in a row: 二〇二四
    bool composed = false;
    int tokens = 0;
    size_t i = pos;
    size_t end = pos;
    bool fraction = false;
    std::string fraction_digits;
    bool han = false;
    bool after_tens = false;  // the last word was a ten: mươi, mười, 十
    for (;;) {
      if (i >= limit_) break;
      const LexiconMatch m = lex_.MatchAt(text_, i);
      if (!m.ok() || m.end > limit_) break;
      const LexEntry* number = m.Get(LexKind::kNumber);
      const LexEntry* multiplier = m.Get(LexKind::kMultiplier);
      const LexEntry* scale = m.Get(LexKind::kScale);
      const bool joiner = m.Has(LexKind::kJoiner) && tokens > 0;
      const bool decimal = m.Has(LexKind::kDecimalMark) && tokens > 0 && !fraction;
      if (number == nullptr && multiplier == nullptr && scale == nullptr && !joiner &&
          !decimal) {
        break;
      }
      han = !IsWordLetter(At(i));
      if (tokens == 0 && m.surface_begin > 0) core.begin = m.surface_begin;  // و|أربع
      // Vietnamese "năm" is 5 and "year": after a number it is the unit
      // ("hai mươi năm" is twenty years; 25 is "hai mươi lăm").
      if (after_tens && number != nullptr && m.Has(LexKind::kUnit)) break;
      if (fraction) {
        if (number == nullptr || number->number >= 10) break;
        fraction_digits.push_back(static_cast<char>('0' + int(number->number)));
      } else if (number != nullptr) {
        const double n = number->number;
        if (n < 10) {
          if (composed) {
            if (n == 0) {
              // 零 inside a number only marks a gap: 一千零五.
            } else if (digit >= 0) {
              break;
            } else {
              digit = n;
            }
          } else if (!positional.empty()) {
            if (!han) break;  // "hai ba": two numbers, not one
            positional.push_back(static_cast<char>('0' + int(n)));
            digit = -1;
          } else {
            positional.push_back(static_cast<char>('0' + int(n)));
            digit = n;
          }
        } else if (digit >= 0 && n >= 20 && n < 100 && std::fmod(n, 10) == 0) {
          section += digit + n;  // خمسة وعشرون: units before tens
          digit = -1;
          composed = true;
        } else {
          if (digit >= 0 || positional.size() > 1) break;
          section += n;
          composed = true;
        }
      } else if (multiplier != nullptr) {
        if (positional.size() > 1) break;
        section += (digit >= 0 ? digit : 1) * multiplier->number;
        digit = -1;
        composed = true;
      } else if (scale != nullptr) {
        if (positional.size() > 1) break;
        double value = section + std::max(digit, 0.0);
        if (value == 0) value = 1;
        total += value * scale->number;
        section = 0;
        digit = -1;
        composed = true;
      } else if (decimal) {
        fraction = true;
      } else if (!joiner) {
        break;
      }
      ++tokens;
      after_tens = (multiplier != nullptr && multiplier->number == 10) ||
                   (number != nullptr && number->number >= 10 && number->number < 100 &&
                    std::fmod(number->number, 10) == 0);
      if (!joiner && !decimal) end = m.end;
      // Words of alphabetic scripts are separated by spaces or a hyphen.
      i = m.end;
      if (!han) {
        size_t next;
        const int32_t c = At(i, &next);
        if (c == '-' && IsWordLetter(At(next))) {
          i = next;
        } else {
          i = SkipSpaces(i);
        }
      }
    }
    if (end == pos) return core;
    core.ok = true;
    core.words = true;
    core.end = end;
    core.skip_to = end;
    if (!composed && positional.size() > 1) {
      core.value = std::strtod(positional.c_str(), nullptr);
      core.plain = true;
      core.digits = static_cast<int>(positional.size());
    } else {
      core.value = total + section + std::max(digit, 0.0);
      if (!fraction_digits.empty()) {
        core.value += std::strtod(("0." + fraction_digits).c_str(), nullptr);
      }
    }
    return core;
  }

  // The number at `pos` (white space skipped), digits or words.
  Core CoreAt(size_t pos) const {
    pos = SkipSpaces(pos);
    if (pos >= limit_) return Core{};
    if (DigitValue(At(pos)) >= 0) return ParseDigits(pos);
    const LexiconMatch m = lex_.MatchAt(text_, pos);
    if (m.Has(LexKind::kNumber) || m.Has(LexKind::kMultiplier)) return ParseWords(pos);
    return Core{};
  }

  // Handles the number `core` found by the scan: a date, or an amount.
  // Returns where the scan goes on.
  size_t Number(const Core& core) {
    if (!core.ok) return core.skip_to;
    if (core.time) return core.skip_to;
    std::optional<ParsedDate> date = ParseDate(core);
    if (!date.has_value()) return core.ordinal ? core.skip_to : Amount(core);
    if (!date->last.has_value()) JoinRange(&*date);
    EmitDate(*date);
    return date->end;
  }

  // "năm 2021 đến năm 2023", "tháng 1 đến tháng 6/2024", "28 février au
  // 3 mars 2025": a date, a range word, and a date of the same precision
  // make one range; a year written only at the end is shared.
  void JoinRange(ParsedDate* date) const {
    size_t range_end;
    if (KindAfter(date->end, LexKind::kRange, &range_end) == nullptr) return;
    // Past the second date's own marker: "đến năm 2023", "đến tháng 6".
    size_t marker_end;
    for (LexKind kind : {LexKind::kYearBefore, LexKind::kMonthBefore, LexKind::kDayBefore}) {
      if (KindAfter(range_end, kind, &marker_end) != nullptr) {
        range_end = marker_end;
        break;
      }
    }
    // "to June 30, 2025": the second date may open with its month.
    size_t month_end;
    if (KindAfter(range_end, LexKind::kMonth, &month_end) != nullptr) range_end = month_end;
    const Core next = CoreAt(range_end);
    if (!next.ok || next.time) return;
    const std::optional<ParsedDate> second = ParseDate(next);
    if (!second.has_value() || second->last.has_value()) return;
    const DateParts& a = date->first;
    const DateParts& b = second->first;
    const bool same_precision = (a.day > 0) == (b.day > 0) && (a.month > 0) == (b.month > 0) &&
                                (a.year > 0 || a.month > 0 || a.day > 0);
    if (!same_precision || (a.year > 0 && b.year == 0)) return;
    date->last = b;
    if (date->first.year == 0) date->first.year = b.year;
    date->end = second->end;
  }

  // ------------------------------------------------------------------ dates

  bool YearLike(const Core& c, bool marked) const {
    if (!c.ok || !c.plain || c.digits != 4) return false;
    return marked ? (c.value >= 1000 && c.value <= 2999) : (c.value >= 1900 && c.value <= 2100);
  }

  std::string Iso(const DateParts& p) const {
    std::string out;
    if (p.year > 0) {
      out = absl::StrFormat("%04d", p.year);
      if (p.month > 0) absl::StrAppendFormat(&out, "-%02d", p.month);
      if (p.month > 0 && p.day > 0) absl::StrAppendFormat(&out, "-%02d", p.day);
    } else if (p.month > 0) {
      out = absl::StrFormat("--%02d", p.month);
      if (p.day > 0) absl::StrAppendFormat(&out, "-%02d", p.day);
    }
    return out;
  }

  // Emits a date over [begin, end); `last` is the end of a range.
  void EmitDate(const ParsedDate& date) {
    size_t begin = date.begin;
    const size_t end = date.end;
    DateParts first = date.first;
    std::optional<DateParts> last = date.last;
    DateFact fact;
    if (first.year == 0 && last.has_value() && last->year > 0) first.year = last->year;
    if (first.year == 0 && context_.published_year > 0) {
      first.year = context_.published_year;
      fact.year_inferred = true;
      if (last.has_value() && last->year == 0) last->year = context_.published_year;
    }
    fact.value = Iso(first);
    if (last.has_value()) fact.end = Iso(*last);
    // Markers that belong to the date's text: ngày, tháng, năm, عام; and
    // a range's opener (du, từ, من, from).
    size_t marker;
    for (LexKind kind : {LexKind::kDayBefore, LexKind::kMonthBefore, LexKind::kYearBefore}) {
      const LexEntry* e = KindBefore(begin, kind, &marker);
      if (e != nullptr && e->text == "part") {
        begin = marker;
        break;
      }
    }
    if (last.has_value() && KindBefore(begin, LexKind::kRangeBefore, &marker) != nullptr) {
      begin = marker;
    }
    fact.span = {begin, end};
    out_->dates.push_back(std::move(fact));
  }

  // The month named right after `pos`, with a second name after a slash
  // (Arabic "كانون الأول/ديسمبر"); 0 when none.
  int MonthAfter(size_t pos, size_t* end) const {
    const LexEntry* month = KindAfter(pos, LexKind::kMonth, end);
    if (month == nullptr) return 0;
    size_t next;
    if (At(*end, &next) == '/') {
      size_t second;
      if (KindAfter(next, LexKind::kMonth, &second) != nullptr) *end = second;
    }
    return static_cast<int>(month->number);
  }

  // An optional year after a day-month date: "2019", ", 2019", "năm 2019".
  int YearAfter(size_t pos, size_t* end) const {
    size_t p = SkipSpaces(pos);
    if (At(p) == ',') p = p + 1;
    size_t marker;
    if (const LexEntry* e = KindAfter(p, LexKind::kYearBefore, &marker);
        e != nullptr && e->text == "part") {
      p = marker;
    }
    const Core year = CoreAt(p);
    if (!YearLike(year, true)) return 0;
    // A year followed by more digits or a unit is a count: "6 mars 2000 soldats".
    *end = year.end;
    return static_cast<int>(year.value);
  }

  // Tries every date form anchored on `n`.
  std::optional<ParsedDate> ParseDate(const Core& n) const {
    size_t end;
    size_t next;
    const int32_t after = At(n.end, &next);

    // ISO: 2024-03-06, 2025-01.
    if (YearLike(n, true) && after == '-') {
      const Core month = CoreAt(next);
      if (month.ok && month.plain && month.digits == 2 && ValidMonth(month.value) &&
          month.begin == next) {
        DateParts p{int(n.value), int(month.value), 0};
        end = month.end;
        if (At(month.end, &next) == '-') {
          const Core day = CoreAt(next);
          if (day.ok && day.plain && day.digits == 2 && ValidDay(day.value) && day.begin == next) {
            p.day = int(day.value);
            end = day.end;
          }
        }
        return ParsedDate{n.begin, end, p, std::nullopt};
      }
    }

    // Han suffixes: 2019年6月, 11月26日, 2月18日至20日, 2020-2021年.
    if (KindAfter(n.end, LexKind::kYearAfter, &end) != nullptr) {
      if (!YearLike(n, true)) return std::nullopt;  // 10年: ten years, a count
      DateParts p{int(n.value), 0, 0};
      HanMonthDay(end, &p, &end);
      return HanRange(n.begin, end, p);
    }
    if (KindAfter(n.end, LexKind::kMonthAfter, &end) != nullptr) {
      if (!ValidMonth(n.value)) return std::nullopt;
      DateParts p{0, int(n.value), 0};
      size_t day_end;
      const Core day = CoreAt(end);
      if (day.ok && ValidDay(day.value) &&
          KindAfter(day.end, LexKind::kDayAfter, &day_end) != nullptr) {
        p.day = int(day.value);
        end = day_end;
      }
      return HanRange(n.begin, end, p);
    }

    // Year ranges: 2020-2021, 2021~2023, 2024-2030, 2020-2021年.
    size_t range_end;
    if (YearLike(n, false) && KindAfter(n.end, LexKind::kRange, &range_end) != nullptr) {
      const Core last = CoreAt(range_end);
      if (YearLike(last, false) && last.value > n.value) {
        end = last.end;
        size_t suffix;
        if (KindAfter(end, LexKind::kYearAfter, &suffix) != nullptr) end = suffix;
        return ParsedDate{n.begin, end, {int(n.value), 0, 0}, DateParts{int(last.value), 0, 0}};
      }
    }

    // Month name before: "December 12", "June 7, 2019", "February 18-20",
    // "mars 2024", "أكتوبر ٢٠٢٣".
    size_t month_begin;
    if (const LexEntry* month = KindBefore(n.begin, LexKind::kMonth, &month_begin)) {
      const int m = static_cast<int>(month->number);
      if (YearLike(n, true)) {
        return ParsedDate{month_begin, n.end, {int(n.value), m, 0}, std::nullopt};
      }
      if (ValidDay(n.value) && n.plain && !lex_.day_first()) {
        DateParts p{0, m, int(n.value)};
        end = n.end;
        if (KindAfter(n.end, LexKind::kRange, &range_end) != nullptr) {
          const Core last = CoreAt(range_end);
          if (last.ok && ValidDay(last.value) && last.value > n.value) {
            return ParsedDate{month_begin, last.end, p, DateParts{0, m, int(last.value)}};
          }
        }
        if (int year = YearAfter(n.end, &end); year > 0) p.year = year;
        return ParsedDate{month_begin, end, p, std::nullopt};
      }
    }

    // Day first with a month name or number: "26 novembre 2024",
    // "١٢ كانون الأول/ديسمبر ٢٠١٩", "ngày 6 tháng 3 năm 2024",
    // "du 18 au 20 février", "من ١٨ إلى ٢٠ شباط", "18-20 February".
    if (ValidDay(n.value) && (n.plain || n.words)) {
      int month = MonthAfter(n.end, &end);
      if (month == 0) month = MonthNumberAfter(n.end, &end);
      if (month > 0) {
        DateParts p{0, month, int(n.value)};
        if (int year = YearAfter(end, &end); year > 0) p.year = year;
        return ParsedDate{n.begin, end, p, std::nullopt};
      }
      if (KindAfter(n.end, LexKind::kRange, &range_end) != nullptr) {
        const Core last = CoreAt(range_end);
        if (last.ok && ValidDay(last.value) && last.value > n.value) {
          month = MonthAfter(last.end, &end);
          if (month == 0) month = MonthNumberAfter(last.end, &end);
          if (month == 0) month = SlashMonth(last.end, &end);
          if (month > 0) {
            DateParts p{0, month, int(n.value)};
            DateParts q{0, month, int(last.value)};
            if (int year = YearAfter(end, &end); year > 0) p.year = q.year = year;
            return ParsedDate{n.begin, end, p, q};
          }
        }
      }
    }

    // Numeric: 6/3, 6/3/2024, 12/12/2019; tháng 12/2019.
    if (after == '/' && n.plain && n.digits <= 2) {
      const Core second = CoreAt(next);
      if (second.ok && second.plain && second.digits <= 4 && second.begin == next) {
        size_t marker;
        const bool month_marked = KindBefore(n.begin, LexKind::kMonthBefore, &marker) != nullptr;
        if (month_marked && ValidMonth(n.value) && YearLike(second, true)) {
          return ParsedDate{n.begin, second.end, {int(second.value), int(n.value), 0}, std::nullopt};
        }
        if (second.digits <= 2) {
          const double day = lex_.day_first() ? n.value : second.value;
          const double month = lex_.day_first() ? second.value : n.value;
          if (ValidDay(day) && ValidMonth(month)) {
            DateParts p{0, int(month), int(day)};
            end = second.end;
            if (At(second.end, &next) == '/') {
              const Core year = CoreAt(next);
              if (YearLike(year, true) && year.begin == next) {
                p.year = int(year.value);
                end = year.end;
              }
            }
            if (DigitValue(At(end)) < 0 && At(end) != '/') {
              return ParsedDate{n.begin, end, p, std::nullopt};
            }
          }
        }
      }
    }

    // Month by number after a marker: "tháng 12", "tháng 12 năm 2019".
    size_t marker;
    if (KindBefore(n.begin, LexKind::kMonthBefore, &marker) != nullptr && ValidMonth(n.value) &&
        n.plain) {
      DateParts p{0, int(n.value), 0};
      end = n.end;
      if (int year = YearAfter(n.end, &end); year > 0) p.year = year;
      return ParsedDate{n.begin, end, p, std::nullopt};
    }

    // A year after a marker: "năm 2014", "en 2014", "since 2014", "عام ٢٠١٤".
    if (YearLike(n, true) && KindBefore(n.begin, LexKind::kYearBefore, &marker) != nullptr) {
      return ParsedDate{n.begin, n.end, {int(n.value), 0, 0}, std::nullopt};
    }
    return std::nullopt;
  }

  // "tháng 3" after a day: the month's number; 0 when none.
  int MonthNumberAfter(size_t pos, size_t* end) const {
    size_t marker;
    if (KindAfter(pos, LexKind::kMonthBefore, &marker) == nullptr) return 0;
    const Core month = CoreAt(marker);
    if (!month.ok || !ValidMonth(month.value)) return 0;
    *end = month.end;
    return static_cast<int>(month.value);
  }

  // "/2" after the second day of a range ("18-20/2").
  int SlashMonth(size_t pos, size_t* end) const {
    size_t next;
    if (At(pos, &next) != '/') return 0;
    const Core month = CoreAt(next);
    if (!month.ok || !month.plain || !ValidMonth(month.value) || month.begin != next) return 0;
    *end = month.end;
    return static_cast<int>(month.value);
  }

  // After a Han year: "6月" and "6月26日".
  void HanMonthDay(size_t pos, DateParts* p, size_t* end) const {
    const Core month = CoreAt(pos);
    size_t month_end;
    if (!month.ok || !ValidMonth(month.value) ||
        KindAfter(month.end, LexKind::kMonthAfter, &month_end) == nullptr) {
      return;
    }
    p->month = int(month.value);
    *end = month_end;
    const Core day = CoreAt(month_end);
    size_t day_end;
    if (day.ok && ValidDay(day.value) &&
        KindAfter(day.end, LexKind::kDayAfter, &day_end) != nullptr) {
      p->day = int(day.value);
      *end = day_end;
    }
  }

  // A Han date at [begin, end) and maybe the rest of its range:
  // 至20日, 至3月2日, -2021年.
  ParsedDate HanRange(size_t begin, size_t end, DateParts first) const {
    size_t range_end;
    if (KindAfter(end, LexKind::kRange, &range_end) != nullptr) {
      const Core n = CoreAt(range_end);
      size_t suffix;
      if (n.ok) {
        DateParts last = first;
        bool matched = false;
        if (first.day > 0 && ValidDay(n.value) &&
            KindAfter(n.end, LexKind::kDayAfter, &suffix) != nullptr) {
          last.day = int(n.value);
          matched = true;
        } else if (ValidMonth(n.value) && KindAfter(n.end, LexKind::kMonthAfter, &suffix) != nullptr) {
          last.month = int(n.value);
          last.day = 0;
          matched = first.month > 0;
          if (matched && first.day > 0) {
            const Core day = CoreAt(suffix);
            size_t day_end;
            if (day.ok && ValidDay(day.value) &&
                KindAfter(day.end, LexKind::kDayAfter, &day_end) != nullptr) {
              last.day = int(day.value);
              suffix = day_end;
            } else {
              matched = false;
            }
          }
        } else if (first.month == 0 && YearLike(n, true) &&
                   KindAfter(n.end, LexKind::kYearAfter, &suffix) != nullptr) {
          last.year = int(n.value);
          matched = true;
        }
        if (matched) {
          return ParsedDate{begin, suffix, first, last};
        }
      }
    }
    return ParsedDate{begin, end, first, std::nullopt};
  }

  // ---------------------------------------------------------------- amounts

  size_t Amount(const Core& core) {
    size_t begin = core.begin;
    size_t end = core.end;
    double value = core.value;
    bool plain = core.plain;
    size_t marker;
    if (KindBefore(core.begin, LexKind::kIdentifierBefore, &marker) != nullptr) {
      return core.end;  // Resolution 1325, ảnh 1, 第3
    }
    // Ages are not counts: "âgés de 18 à 25 ans", "34 tuổi", "34岁".
    if (KindBefore(core.begin, LexKind::kAgeBefore, &marker) != nullptr) {
      size_t range_end;
      if (KindAfter(core.end, LexKind::kRange, &range_end) != nullptr) {
        const Core upper = CoreAt(range_end);
        if (upper.ok) return upper.end;
      }
      return core.end;
    }
    size_t age_end;
    if (KindAfter(core.end, LexKind::kAgeAfter, &age_end) != nullptr) return age_end;
    v1::Qualifier qualifier = v1::EXACT;
    bool qualified = false;
    if (const LexEntry* q = KindBefore(core.begin, LexKind::kQualifierBefore, &marker)) {
      qualifier = QualifierOf(q->text);
      qualified = true;
      begin = marker;
    }
    std::string currency;
    if (const LexEntry* c = KindBefore(qualified ? begin : core.begin,
                                       LexKind::kCurrencyBefore, &marker)) {
      currency = c->text;
      begin = marker;
      if (!qualified) {
        if (const LexEntry* q = KindBefore(marker, LexKind::kQualifierBefore, &marker)) {
          qualifier = QualifierOf(q->text);
          begin = marker;
        }
      }
    }
    bool percent = KindBefore(core.begin, LexKind::kPercentBefore, &marker) != nullptr;
    if (percent) begin = std::min(begin, marker);

    // Scales after digits: "2,5 millions", "372亿", "1.5万", "5 tỷ".
    size_t next_end;
    for (const LexEntry* scale; !core.words &&
                                (scale = KindAfter(end, LexKind::kScale, &next_end)) != nullptr;) {
      value *= scale->number;
      end = next_end;
      plain = false;
    }
    if (core.words && core.value <= 1 && !percent && currency.empty()) {
      // "un", "một", "one", "一" alone are articles more often than counts,
      // and "không" (zero) is mostly "not": "không người lái", unmanned.
      return core.end;
    }
    if (const LexEntry* q = KindAfter(end, LexKind::kQualifierAfter, &next_end)) {
      qualifier = QualifierOf(q->text);
      end = next_end;
    }
    if (percent || KindAfter(end, LexKind::kPercent, &next_end) != nullptr) {
      if (!percent) end = next_end;
      if (const LexEntry* q = KindAfter(end, LexKind::kQualifierAfter, &next_end)) {
        qualifier = QualifierOf(q->text);  // 60%以上
        end = next_end;
      }
      out_->percentages.push_back({value, qualifier, {begin, end}});
      return end;
    }
    if (currency.empty()) {
      size_t probe = end;
      if (KindAfter(probe, LexKind::kLink, &next_end) != nullptr) probe = next_end;
      if (const LexEntry* c = KindAfter(probe, LexKind::kCurrency, &next_end)) {
        currency = c->text;
        end = next_end;
      }
    }
    if (!currency.empty()) {
      if (KindAfter(end, LexKind::kCurrency, &next_end) != nullptr) end = next_end;  // 人民币2000万元
      out_->money.push_back({value, currency, {begin, end}});
      return end;
    }

    QuantityFact q{value, qualifier, "", "", {begin, end}};
    size_t probe = end;
    size_t unit_begin = 0;
    const LexEntry* measure = KindAfter(probe, LexKind::kMeasure, &next_end);
    if (measure != nullptr) {
      probe = next_end;
      if (const LexEntry* after = KindAfter(probe, LexKind::kQualifierAfter, &next_end)) {
        q.qualifier = QualifierOf(after->text);  // 1000名以上官兵
        probe = next_end;
      }
    }
    for (int links = 0; links < 2; ++links) {
      if (KindAfter(probe, LexKind::kLink, &next_end) == nullptr) break;
      probe = next_end;
    }
    if (const LexEntry* unit = KindAfter(probe, LexKind::kUnit, &next_end)) {
      unit_begin = SkipSpaces(probe);
      q.unit = unit->text;
      q.unit_text = std::string(text_.substr(unit_begin, next_end - unit_begin));
      q.span.end = next_end;
    } else if (measure != nullptr && !measure->text.empty()) {
      unit_begin = SkipSpaces(end);
      q.unit = measure->text;
      q.unit_text = std::string(text_.substr(unit_begin, probe - unit_begin));
      q.span.end = probe;
    } else if (const LexEntry* unit = KindBefore(WordStart(text_, core.begin), LexKind::kUnit, &unit_begin);
               unit != nullptr && core.words && lex_.language() == "ar") {
      // Arabic puts a definite numeral after its noun: "السنوات العشر".
      q.unit = unit->text;
      q.unit_text = std::string(text_.substr(unit_begin, WordStart(text_, core.begin) - unit_begin));
      while (!q.unit_text.empty() && IsSpaceChar(q.unit_text.back())) q.unit_text.pop_back();
      q.span.begin = std::min(q.span.begin, unit_begin);
    } else {
      // A number that counts nothing is reported only when it says more
      // than its digits (a qualifier or a scale: "hơn 500", "2 millions").
      // Bare digits in news are mostly identifiers, times, phone numbers,
      // list markers and years.
      if (core.words || core.leading_zero || (plain && q.qualifier == v1::EXACT)) {
        return core.end;
      }
      if (IsListNumber(core)) return core.end;
    }
    out_->quantities.push_back(std::move(q));
    return std::max(q.span.end, end);
  }

  // "1." or "2)" opening a line.
  bool IsListNumber(const Core& core) const {
    size_t next;
    const int32_t after = At(core.end, &next);
    if ((after != '.' && after != ')') || !IsSpaceChar(At(next))) return false;
    size_t pos = core.begin;
    while (pos > 0) {
      size_t prev;
      const int32_t c = Before(pos, &prev);
      if (c == '\n') return true;
      if (!IsSpaceChar(c)) return false;
      pos = prev;
    }
    return true;
  }

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

}  // namespace

absl::StatusOr<std::unique_ptr<NumberExtractor>> NumberExtractor::Create() {
  std::unique_ptr<NumberExtractor> extractor(new NumberExtractor());
  for (const char* language : kLanguages) {
    absl::StatusOr<std::unique_ptr<Lexicon>> lexicon = Lexicon::Create(language);
    if (!lexicon.ok()) return lexicon.status();
    extractor->lexicons_[language] = *std::move(lexicon);
  }
  return extractor;
}

const Lexicon* NumberExtractor::LexiconFor(const std::string& language) const {
  auto it = lexicons_.find(language);
  if (it == lexicons_.end()) it = lexicons_.find("und");
  return it->second.get();
}

NumberFacts NumberExtractor::Extract(std::string_view text, const std::string& language,
                                     const NumberContext& context) const {
  NumberFacts facts;
  Scan(text, *LexiconFor(language), context, &facts).Run();
  return facts;
}

}  // namespace factd
