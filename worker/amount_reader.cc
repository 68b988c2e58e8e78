// Amounts of the number-and-date stage: what a number counts or costs, with
// its qualifier: quantities, money, percentages.
#include "worker/number_scan.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "unicode/locid.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace factd::number_scan {

size_t Scan::Amount(const Core& core) {
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
  int exponent = 0;  // of the scale words, when all are powers of ten
  bool decimal_scale = true;
  for (const LexEntry* scale; !core.words &&
                              (scale = KindAfter(end, LexKind::kScale, &next_end)) != nullptr;) {
    value *= scale->number;
    const double e = std::log10(scale->number);
    decimal_scale &= e == std::floor(e);
    exponent += static_cast<int>(e);
    end = next_end;
    plain = false;
  }
  if (exponent > 0 && decimal_scale && !core.mantissa.empty()) {
    value = ExactDecimal(core.mantissa, exponent - core.decimals);
  }
  if (core.vague && qualifier == v1::EXACT) qualifier = v1::MORE_THAN;
  if (core.approx && qualifier == v1::EXACT) qualifier = v1::APPROXIMATE;
  if (core.words && !core.fraction && core.value <= 1 && !percent && currency.empty()) {
    // "un", "một", "one", "一" alone are articles more often than counts,
    // and "không" (zero) is mostly "not": "không người lái", unmanned.
    return core.end;
  }
  if (const LexEntry* q = KindAfter(end, LexKind::kQualifierAfter, &next_end)) {
    qualifier = QualifierOf(q->text);
    end = next_end;
  }
  const LexEntry* percent_after = percent ? nullptr : KindAfter(end, LexKind::kPercent, &next_end);
  if (percent || percent_after != nullptr) {
    if (!percent) end = next_end;
    // "三成": a percent word worth more than one (成 is ten).
    double times = 1;
    if (percent_after != nullptr && absl::SimpleAtod(percent_after->text, &times)) value *= times;
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
    // "USD/100": a hundredth of the currency ("cents").
    if (const size_t slash = currency.find("/100"); slash != std::string::npos) {
      value /= 100;
      currency.resize(slash);
    }
    // "GBP|pound": a word several currencies share, and its usual one.
    std::string family;
    if (const size_t bar = currency.find('|'); bar != std::string::npos) {
      family = currency.substr(bar + 1);
      currency.resize(bar);
    }
    out_->money.push_back({value, currency, {begin, end}, family});
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
  // A plain year-like number ("2024 elections") counts nothing.
  const bool year_like = plain && core.digits == 4 && value >= 1900 && value <= 2100 &&
                         q.qualifier == v1::EXACT && measure == nullptr;
  std::string read_unit;
  size_t noun_end = 0;
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
  } else if (!core.fraction && !core.bare_scale && !year_like && !AfterAcronym(core.begin) &&
             !InHyphenPair(core) &&
             (lex_.language() != "zh" || measure != nullptr) &&
             (noun_end = NounAfter(probe, &read_unit)) > 0) {
    // A noun no list names: "seven provinces", "4 chiếc máy tính",
    // "عشرة مهندسين", "三个主要市场".
    unit_begin = SkipSpaces(measure != nullptr ? end : probe);
    q.unit = read_unit;
    q.unit_text = std::string(text_.substr(unit_begin, noun_end - unit_begin));
    q.span.end = noun_end;
  } else if (measure != nullptr) {
    // "企业300家": a classifier after the number, its noun before it.
    const size_t noun = HanNounBefore(WordStart(text_, core.begin));
    q.unit_text = std::string(text_.substr(noun, core.begin - noun));
    q.unit = q.unit_text;
    q.span.end = probe;
  } else if (core.vague || core.approx) {
    return core.end;  // "thousands", "une centaine" count only with a noun
  } else if (!core.fraction) {
    // A number that counts nothing is reported only when it says more
    // than its digits (a qualifier or a scale: "hơn 500", "2 millions").
    // Bare digits in news are mostly identifiers, times, phone numbers,
    // list markers and years.
    if (core.words || core.leading_zero || (plain && q.qualifier == v1::EXACT)) {
      return core.end;
    }
    if (IsListNumber(core)) return core.end;
  }
  // A qualifier after the noun: "1.000 người trở lên", "1000人以上",
  // "200 ألف لاجئ على الأقل".
  if (q.qualifier == v1::EXACT && q.span.end > end) {
    if (const LexEntry* after = KindAfter(q.span.end, LexKind::kQualifierAfter, &next_end)) {
      q.qualifier = QualifierOf(after->text);
      q.span.end = next_end;
    }
  }
  out_->quantities.push_back(std::move(q));
  return std::max(q.span.end, end);
}

// "1." or "2)" opening a line.
bool Scan::IsListNumber(const Core& core) const {
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

size_t Scan::NounAfter(size_t pos, std::string* unit) const {
  size_t start = SkipSpaces(pos);
  // "45-member", "two-week": the noun glued by a hyphen.
  if (start == pos && At(pos) == '-' && IsWordLetter(At(pos + 1))) start = pos + 1;
  if (start >= limit_) return 0;
  const std::string& language = lex_.language();
  size_t next;
  const int32_t first = At(start, &next);
  if (language == "zh") {
    // The Han characters after a classifier, to a function character or
    // punctuation: "三个主要市场" -> 主要市场. Four at most.
    size_t end = start;
    for (int n = 0; n < 4 && end < limit_; ++n) {
      size_t after;
      const int32_t c = At(end, &after);
      if (c < 0x4E00 || c > 0x9FFF) break;
      const LexiconMatch m = lex_.MatchAt(text_, end);
      if (m.ok() && (m.Has(LexKind::kNotNoun) || m.Has(LexKind::kNumber) || m.Has(LexKind::kUnit) ||
                     m.Has(LexKind::kQualifierAfter) || m.Has(LexKind::kCurrency))) {
        break;
      }
      end = after;
    }
    if (end == start) return 0;
    *unit = std::string(text_.substr(start, end - start));
    return end;
  }
  if (!IsWordLetter(first)) return 0;
  // Latin script: a lower-case word (a capital starts a name: "Boeing 737").
  if (first < 0x0600 && (u_isupper(first) || u_istitle(first))) return 0;
  size_t end = start;
  while (end < limit_ && IsWordLetter(At(end, &next))) end = next;
  const LexiconMatch m = lex_.MatchAt(text_, start);
  if (m.ok() && m.end >= end &&
      (m.Has(LexKind::kNotNoun) || m.Has(LexKind::kMonth) || m.Has(LexKind::kRange) ||
       m.Has(LexKind::kNumber) || m.Has(LexKind::kScale) || m.Has(LexKind::kYearAfter) ||
       m.Has(LexKind::kTimeAfter) || m.Has(LexKind::kRelativeDay) || m.Has(LexKind::kOrdinalSuffix) ||
       m.Has(LexKind::kIdentifierBefore))) {
    return 0;
  }
  // The noun made singular as its language writes plurals.
  std::string lower;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text_.data() + start, static_cast<int32_t>(end - start)));
  u.toLower(icu::Locale::getRoot());
  u.toUTF8String(lower);
  if (language == "en") {
    if (lower.size() > 4 && lower.compare(lower.size() - 3, 3, "ies") == 0) {
      lower = lower.substr(0, lower.size() - 3) + "y";
    } else if (lower.size() > 3 && lower.back() == 's' && lower[lower.size() - 2] != 's') {
      lower.pop_back();
    }
  } else if (language == "fr") {
    if (lower.size() > 3 && (lower.back() == 's' || lower.back() == 'x')) lower.pop_back();
  }
  *unit = lower;
  return end;
}

size_t Scan::HanNounBefore(size_t pos) const {
  size_t begin = pos;
  for (int n = 0; n < 4 && begin > 0; ++n) {
    size_t prev;
    const int32_t c = Before(begin, &prev);
    if (c < 0x4E00 || c > 0x9FFF) break;
    size_t match_begin;
    const LexiconMatch m = lex_.MatchEndingAt(text_, begin, &match_begin);
    if (m.ok() && match_begin == prev && (m.Has(LexKind::kNotNoun) || m.Has(LexKind::kQualifierBefore))) break;
    begin = prev;
  }
  return begin;
}

bool Scan::AfterAcronym(size_t pos) const {
  size_t prev;
  if (!IsSpaceChar(Before(pos, &prev))) return false;
  int upper = 0;
  for (size_t p = prev; p > 0;) {
    size_t before;
    const int32_t c = Before(p, &before);
    if (c == '&') {  // "S&P 500"
      p = before;
      continue;
    }
    if (!IsWordLetter(c)) break;
    if (!u_isupper(c)) return false;
    ++upper;
    p = before;
  }
  return upper >= 2;
}

bool Scan::TimeHalf(size_t begin, size_t end) const {
  // "the first half", "le second semestre"... "الربع الأول": a fraction
  // with an ordinal word beside it is a part of a year, not a share.
  size_t edge;
  if (KindBefore(begin, LexKind::kOrdinalWord, &edge) != nullptr) return true;
  return KindAfter(end, LexKind::kOrdinalWord, &edge) != nullptr;
}

bool Scan::InHyphenPair(const Core& core) const {
  // "3-1" (a score), "2001-692" (a law's number): digits glued to digits by
  // a hyphen name no count of the noun after them.
  size_t prev;
  if (Before(core.begin, &prev) == '-' && DigitValue(Before(prev)) >= 0) return true;
  size_t next;
  return At(core.end, &next) == '-' && DigitValue(At(next)) >= 0;
}

}  // namespace factd::number_scan
