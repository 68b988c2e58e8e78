#include "worker/numbers.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "unicode/ucurr.h"
#include "unicode/unistr.h"
#include "worker/number_scan.h"

namespace factd {
namespace number_scan {

void Scan::Run() {
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
    if (m.ok() && m.end <= limit_ && WordStart(text_, i) == i) {
      if (const LexEntry* f = m.Get(LexKind::kFraction); f != nullptr && !TimeHalf(i, m.end)) {
        Core core;
        core.ok = true;
        core.begin = i;
        core.end = core.skip_to = m.end;
        core.value = f->number;
        core.words = core.fraction = true;
        i = std::max(next, Amount(core));
        continue;
      }
      const LexEntry* v = m.Get(LexKind::kVague);
      const LexEntry* a = m.Get(LexKind::kApproxCount);
      if (v != nullptr || a != nullptr) {
        Core core;
        core.ok = true;
        core.begin = i;
        core.end = core.skip_to = m.end;
        core.value = (v != nullptr ? v : a)->number;
        core.words = true;
        core.vague = v != nullptr;
        core.approx = v == nullptr;
        i = std::max(next, Amount(core));
        continue;
      }
      if (const LexEntry* w = m.Get(LexKind::kRelativeWeek)) {
        RelativeWeek(i, m.end, static_cast<int>(w->number));
        i = m.end;
        continue;
      }
      if (const LexEntry* r = m.Get(LexKind::kRelativeDay)) {
        RelativeDay(i, m.end, static_cast<int>(r->number));
        i = m.end;
        continue;
      }
    }
    if (m.ok() && m.end <= limit_ && !m.Has(LexKind::kPercentBefore)) {
      const Core fraction = HanFraction(i);
      if (fraction.ok) {
        i = std::max(next, Amount(fraction));
        continue;
      }
    }
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

// Handles the number `core` found by the scan: a date, or an amount.
// Returns where the scan goes on.
size_t Scan::Number(const Core& core) {
  if (!core.ok) return core.skip_to;
  if (core.time) return core.skip_to;
  std::optional<ParsedDate> date = ParseDate(core);
  if (!date.has_value()) return core.ordinal ? core.skip_to : Amount(core);
  if (!date->last.has_value()) JoinRange(&*date);
  EmitDate(*date);
  return date->end;
}

}  // namespace number_scan

std::string ResolveCurrency(const std::string& family, const std::string& country) {
  if (family.empty() || country.size() != 2) return "";
  UErrorCode status = U_ZERO_ERROR;
  UChar code[4] = {0};
  const std::string locale = "und_" + country;
  ucurr_forLocale(locale.c_str(), code, 4, &status);
  if (U_FAILURE(status) || code[0] == 0) return "";
  UBool is_choice = false;
  int32_t length = 0;
  status = U_ZERO_ERROR;
  const UChar* name = ucurr_getName(code, "en", UCURR_LONG_NAME, &is_choice, &length, &status);
  if (U_FAILURE(status) || name == nullptr) return "";
  std::string english;
  icu::UnicodeString(name, length).toUTF8String(english);
  if (absl::AsciiStrToLower(english).find(family) == std::string::npos) return "";
  std::string iso;
  icu::UnicodeString(code, 3).toUTF8String(iso);
  return iso;
}

namespace {
constexpr const char* kLanguages[] = {"zh", "vi", "ar", "fr", "en", "und"};
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
  number_scan::Scan(text, *LexiconFor(language), context, &facts).Run();
  return facts;
}

}  // namespace factd
