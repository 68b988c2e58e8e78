// The dates of the number-and-date stage: every date form tried from one
// number, ranges, and the year a date takes from its text or context.
#include "worker/number_scan.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace factd::number_scan {

// "năm 2021 đến năm 2023", "tháng 1 đến tháng 6/2024", "28 février au
// 3 mars 2025": a date, a range word, and a date of the same precision
// make one range; a year written only at the end is shared.
void Scan::JoinRange(ParsedDate* date) const {
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

bool Scan::YearLike(const Core& c, bool marked) const {
  if (!c.ok || !c.plain || c.digits != 4) return false;
  return marked ? (c.value >= 1000 && c.value <= 2999) : (c.value >= 1900 && c.value <= 2100);
}

std::string Scan::Iso(const DateParts& p) const {
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
void Scan::EmitDate(const ParsedDate& date) {
  size_t begin = date.begin;
  const size_t end = date.end;
  DateParts first = date.first;
  std::optional<DateParts> last = date.last;
  DateFact fact;
  if (first.month == 0 && first.day > 0) {
    // A day alone: of the publication's month, or of the month before when
    // it comes after the publication day; nothing without a publication.
    if (context_.published_month == 0) return;
    absl::CivilMonth month(context_.published_year, context_.published_month);
    if (first.day > context_.published_day + 1) month -= 1;
    first.year = static_cast<int>(month.year());
    first.month = month.month();
    fact.year_inferred = true;
  }
  if (first.year == 0 && last.has_value() && last->year > 0) first.year = last->year;
  if (first.year == 0 && context_.published_year > 0) {
    first.year = InferredYear(first.month, first.day);
    fact.year_inferred = true;
    if (last.has_value() && last->year == 0) {
      last->year = first.year + (last->month != 0 && last->month < first.month ? 1 : 0);
    }
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
int Scan::MonthAfter(size_t pos, size_t* end) const {
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
int Scan::YearAfter(size_t pos, size_t* end) const {
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
std::optional<ParsedDate> Scan::ParseDate(const Core& n) const {
  size_t end;
  size_t next;
  const int32_t after = At(n.end, &next);

  // ISO: 2024-03-06, 2025-01; and 2023/11/18, year first.
  if (YearLike(n, true) && (after == '-' || after == '/')) {
    const Core month = CoreAt(next);
    if (month.ok && month.plain && month.digits == 2 && ValidMonth(month.value) &&
        month.begin == next) {
      DateParts p{int(n.value), int(month.value), 0};
      end = month.end;
      if (At(month.end, &next) == after) {
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
  // "20日": a day of the publication's month (or the month before).
  if (KindAfter(n.end, LexKind::kDayAfter, &end) != nullptr && ValidDay(n.value) && n.plain &&
      KindBefore(n.begin, LexKind::kMonthAfter, &next) == nullptr) {
    return ParsedDate{n.begin, end, DateParts{0, 0, int(n.value)}, std::nullopt};
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
int Scan::MonthNumberAfter(size_t pos, size_t* end) const {
  size_t marker;
  if (KindAfter(pos, LexKind::kMonthBefore, &marker) == nullptr) return 0;
  const Core month = CoreAt(marker);
  if (!month.ok || !ValidMonth(month.value)) return 0;
  // "9 tháng năm 2024" is nine months of 2024, not 9 May: a month written
  // as a word that a year follows is the year's marker.
  if (month.words && YearLike(CoreAt(month.end), false)) return 0;
  *end = month.end;
  return static_cast<int>(month.value);
}

// "/2" after the second day of a range ("18-20/2").
int Scan::SlashMonth(size_t pos, size_t* end) const {
  size_t next;
  if (At(pos, &next) != '/') return 0;
  const Core month = CoreAt(next);
  if (!month.ok || !month.plain || !ValidMonth(month.value) || month.begin != next) return 0;
  *end = month.end;
  return static_cast<int>(month.value);
}

// After a Han year: "6月" and "6月26日".
void Scan::HanMonthDay(size_t pos, DateParts* p, size_t* end) const {
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
ParsedDate Scan::HanRange(size_t begin, size_t end, DateParts first) const {
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

int Scan::InferredYear(int month, int day) const {
  const int year = context_.published_year;
  if (context_.published_month == 0 || month == 0) return year;
  const absl::CivilDay published(year, context_.published_month, std::max(1, context_.published_day));
  const absl::CivilDay date(year, month, std::max(1, day));
  return date - published > 62 ? year - 1 : year;
}

void Scan::RelativeDay(size_t begin, size_t end, int offset) {
  if (context_.published_day == 0) return;
  const absl::CivilDay day =
      absl::CivilDay(context_.published_year, context_.published_month, context_.published_day) + offset;
  DateFact fact;
  fact.value = absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
  fact.year_inferred = true;
  fact.span = {begin, end};
  out_->dates.push_back(std::move(fact));
}

void Scan::RelativeWeek(size_t begin, size_t end, int offset) {
  if (context_.published_day == 0) return;
  const absl::CivilDay published(context_.published_year, context_.published_month, context_.published_day);
  const int from_monday = (static_cast<int>(absl::GetWeekday(published)) + 7 -
                           static_cast<int>(absl::Weekday::monday)) % 7;
  const absl::CivilDay monday = published - from_monday + 7 * offset;
  const absl::CivilDay sunday = monday + 6;
  DateFact fact;
  fact.value = absl::StrFormat("%04d-%02d-%02d", monday.year(), monday.month(), monday.day());
  fact.end = absl::StrFormat("%04d-%02d-%02d", sunday.year(), sunday.month(), sunday.day());
  fact.year_inferred = true;
  fact.span = {begin, end};
  out_->dates.push_back(std::move(fact));
}

}  // namespace factd::number_scan
