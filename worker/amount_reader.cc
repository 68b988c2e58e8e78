// Amounts of the number-and-date stage: what a number counts or costs, with
// its qualifier: quantities, money, percentages.
#include "worker/number_scan.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "unicode/uchar.h"
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

}  // namespace factd::number_scan
