// The number reader of the number-and-date stage: digits with the
// language's group and decimal marks, number words, and what looks like a
// number but is none (phone numbers, times, identifiers glued to letters).
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

// The lexicon match right after `pos` (white space skipped), if it has
// `kind` and stays out of excluded text.
const LexEntry* Scan::KindAfter(size_t pos, LexKind kind, size_t* end) const {
  const size_t start = SkipSpaces(pos);
  if (start >= limit_) return nullptr;
  const LexiconMatch m = lex_.MatchAt(text_, start);
  const LexEntry* entry = m.Get(kind);
  if (entry == nullptr || m.end > limit_) return nullptr;
  *end = m.end;
  return entry;
}

const LexEntry* Scan::KindBefore(size_t pos, LexKind kind, size_t* begin) const {
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

size_t Scan::SkipAlnum(size_t pos) const {
  size_t next;
  for (int32_t c; pos < text_.size(); pos = next) {
    c = At(pos, &next);
    if (!IsWordLetter(c) && DigitValue(c) < 0 && c != '-') break;
  }
  return pos;
}

// A number written with digits at `pos`, with the language's group and
// decimal marks. Not a number (skip_to set) when glued to letters
// (S250-FIT, 75th, 2e), a time of day (10:30), or a phone number.
Core Scan::ParseDigits(size_t pos) const {
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
  core.mantissa = groups[0];
  for (size_t k = 0; k < marks.size(); ++k) {
    if (lex_.IsDecimalMark(marks[k])) {
      number += ".";
      core.decimals = static_cast<int>(groups[k + 1].size());
    }
    number += groups[k + 1];
    core.mantissa += groups[k + 1];
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
Core Scan::CoreAtDigits(size_t pos) const {
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
bool Scan::PhoneNumberAt(size_t pos) const {
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

size_t Scan::SkipPhoneNumber(size_t pos) const {
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
Core Scan::ParseWords(size_t pos) const {
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
      if (tokens == 0) core.bare_scale = true;  // "mille", "hàng nghìn", "مليار"
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
Core Scan::CoreAt(size_t pos) const {
  pos = SkipSpaces(pos);
  if (pos >= limit_) return Core{};
  if (DigitValue(At(pos)) >= 0) return ParseDigits(pos);
  const LexiconMatch m = lex_.MatchAt(text_, pos);
  if (m.Has(LexKind::kNumber) || m.Has(LexKind::kMultiplier)) return ParseWords(pos);
  return Core{};
}

Core Scan::HanFraction(size_t pos) const {
  Core none;
  if (!lex_.MatchAt(text_, pos).Has(LexKind::kNumber)) return none;
  const Core denominator = ParseWords(pos);
  if (!denominator.ok || denominator.value <= 0) return none;
  const std::string_view of = "\xE5\x88\x86\xE4\xB9\x8B";  // 分之
  if (text_.substr(denominator.end, of.size()) != of) return none;
  const size_t numerator_at = denominator.end + of.size();
  const Core numerator =
      DigitValue(At(numerator_at)) >= 0 ? ParseDigits(numerator_at) : ParseWords(numerator_at);
  if (!numerator.ok || numerator.value <= 0 || numerator.value > denominator.value) return none;
  Core core = numerator;
  core.begin = pos;
  core.value = numerator.value / denominator.value;
  core.words = core.fraction = true;
  core.plain = false;
  return core;
}

}  // namespace factd::number_scan
