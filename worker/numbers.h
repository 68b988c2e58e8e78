// NumberExtractor finds quantities, percentages, money and dates in a text,
// in Chinese, Vietnamese, Arabic, French and English, as FACTS.md defines
// them. One mechanism serves every language; what a language writes (number
// and scale words, qualifiers, units, currencies, month names, date markers)
// comes from its Lexicon.
//
//   auto numbers = factd::NumberExtractor::Create().value();
//   factd::NumberFacts facts = numbers->Extract(nfc_text, "vi", {.published_year = 2024});
//
// The scan is one left-to-right pass; around each number it looks at a
// bounded neighbourhood (the longest lexicon surface), so time is linear in
// the text. Thread-safe after Create.
#ifndef FACTD_WORKER_NUMBERS_H_
#define FACTD_WORKER_NUMBERS_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "factd/v1/factd.pb.h"
#include "worker/lexicon.h"
#include "worker/structure.h"

namespace factd {

struct QuantityFact {
  double value = 0;
  v1::Qualifier qualifier = v1::EXACT;
  std::string unit;       // canonical English noun; empty for a bare number
  std::string unit_text;  // as written
  ByteRange span;
};

struct PercentageFact {
  double value = 0;
  v1::Qualifier qualifier = v1::EXACT;
  ByteRange span;
};

struct MoneyFact {
  double amount = 0;
  std::string currency;  // ISO 4217
  ByteRange span;
  // For a word several currencies share ("pounds", "riyals", "dinars"):
  // that word in English; `currency` is then its most common reading, which
  // the country the article is about may replace (ResolveCurrency).
  std::string family;
};

struct DateFact {
  std::string value;  // ISO 8601 at the precision written, or --MM-DD
  std::string end;    // last day/month/year of a range; empty otherwise
  bool year_inferred = false;
  ByteRange span;
};

// Facts in text order per kind; spans are byte offsets of the text given.
struct NumberFacts {
  std::vector<QuantityFact> quantities;
  std::vector<PercentageFact> percentages;
  std::vector<MoneyFact> money;
  std::vector<DateFact> dates;
};

struct NumberContext {
  // Document.published_at (UTC) as year, month and day; 0 when unknown.
  // A date written without its year takes it from here (the year before
  // when that puts the date more than two months after publication), and
  // "yesterday" is the day before.
  int published_year = 0;
  int published_month = 0;
  int published_day = 0;
  // Sorted, disjoint byte ranges to skip (boilerplate).
  std::vector<ByteRange> excluded;
  // The scan stops (keeping what it found) once this is spent; may be null.
  Budget* budget = nullptr;
};

// The currency of `family` ("pound", "dollar", "riyal") in `country` (ISO
// 3166-1 alpha-2) when that country's currency is one of that family
// (EG, "pound" -> EGP; AU, "dollar" -> AUD); "" otherwise. From ICU's
// currency data.
std::string ResolveCurrency(const std::string& family, const std::string& country);

class NumberExtractor {
 public:
  // Loads the lexicons of every supported language plus the
  // language-independent one used for any other language. Errors from
  // Lexicon::Create (a malformed data file) are returned as they are.
  static absl::StatusOr<std::unique_ptr<NumberExtractor>> Create();

  // The facts of well-formed UTF-8 `text` written in `language` (a BCP-47
  // primary subtag; unknown ones get digits, ISO dates and percentages).
  // Never fails; never blocks.
  NumberFacts Extract(std::string_view text, const std::string& language,
                      const NumberContext& context) const;

  const Lexicon* LexiconFor(const std::string& language) const;

 private:
  NumberExtractor() = default;
  std::map<std::string, std::unique_ptr<Lexicon>> lexicons_;
};

}  // namespace factd

#endif  // FACTD_WORKER_NUMBERS_H_
