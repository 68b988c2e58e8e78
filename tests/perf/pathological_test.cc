// Pathological inputs finish in time linear in their size. Each input is
// run at full size and at a quarter of it; a linear scan takes about four
// times as long on the larger one, a quadratic one sixteen times. The bound
// (ten times, best of three runs each) leaves room for noise without letting
// a quadratic scan through. Speed itself is measured in bench/, not here.
//
// These compare wall times, which a loaded machine skews: they carry the
// ctest label "perf", which the default test run leaves out and CI runs
// apart, reporting without failing (scripts/test.sh).
#include <algorithm>
#include <functional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "worker/extractor.h"
#include "worker/numbers.h"

namespace factd {
namespace {

std::string Repeat(const std::string& unit, size_t times) {
  std::string out;
  out.reserve(unit.size() * times);
  for (size_t i = 0; i < times; ++i) out += unit;
  return out;
}

class Pathological : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { numbers_ = NumberExtractor::Create().value().release(); }
  static void TearDownTestSuite() { delete numbers_; }

  // Best of three wall times of extracting `text` in `language`.
  static absl::Duration Time(const std::string& text, const std::string& language,
                             NumberFacts* facts = nullptr) {
    absl::Duration best = absl::InfiniteDuration();
    for (int run = 0; run < 3; ++run) {
      const absl::Time start = absl::Now();
      NumberFacts found = numbers_->Extract(text, language, {});
      best = std::min(best, absl::Now() - start);
      if (facts != nullptr) *facts = std::move(found);
    }
    return best;
  }

  // `make(n)` builds an input of size about n units.
  static void ExpectLinear(const std::function<std::string(size_t)>& make, size_t n,
                           const std::string& language) {
    const std::string small = make(n / 4);
    const std::string large = make(n);
    const absl::Duration t_small = Time(small, language);
    const absl::Duration t_large = Time(large, language);
    SCOPED_TRACE(absl::StrCat(language, ": ", small.size(), " bytes in ",
                              absl::FormatDuration(t_small), ", ", large.size(), " bytes in ",
                              absl::FormatDuration(t_large)));
    EXPECT_LT(t_large, 10 * t_small + absl::Milliseconds(5));
  }

  static NumberExtractor* numbers_;
};
NumberExtractor* Pathological::numbers_ = nullptr;

TEST_F(Pathological, AMillionDigits) {
  for (const char* language : {"en", "zh", "fr"}) {
    ExpectLinear([](size_t n) { return std::string(n, '7'); }, 1000000, language);
  }
  NumberFacts facts;
  Time(std::string(1000000, '7') + " soldiers", "en", &facts);
  EXPECT_LE(facts.quantities.size(), 1u);
}

TEST_F(Pathological, AMillionSeparators) {
  ExpectLinear([](size_t n) { return "1" + Repeat(",000", n); }, 1000000, "en");
  ExpectLinear([](size_t n) { return "1" + Repeat(".000", n); }, 1000000, "vi");
  ExpectLinear([](size_t n) { return "1" + Repeat(" 000", n); }, 1000000, "fr");
  ExpectLinear([](size_t n) { return "1" + Repeat("\xe2\x80\xaf" "000", n); }, 1000000, "fr");
  ExpectLinear([](size_t n) { return "1" + Repeat(".1", n); }, 1000000, "en");
  ExpectLinear([](size_t n) { return Repeat(",", n); }, 1000000, "en");
  ExpectLinear([](size_t n) { return Repeat("1 ", n); }, 1000000, "en");
  // Chains that go wrong at their end or all along: read a group at a time.
  ExpectLinear([](size_t n) { return "7" + Repeat(",000", n) + ",00"; }, 250000, "en");
  ExpectLinear([](size_t n) { return "1" + Repeat(",00", n); }, 300000, "en");
  ExpectLinear([](size_t n) { return "1" + Repeat(".00", n); }, 300000, "vi");
  // Groups a phone number could start with, without end (found by the fuzzer).
  ExpectLinear([](size_t n) { return Repeat("000 ", n); }, 250000, "und");
  ExpectLinear([](size_t n) { return Repeat("1-", n); }, 500000, "und");
}

TEST_F(Pathological, ChineseNumeralsWithoutEnd) {
  ExpectLinear([](size_t n) { return Repeat("二", n); }, 1000000, "zh");
  ExpectLinear([](size_t n) { return Repeat("二十", n); }, 500000, "zh");
  ExpectLinear([](size_t n) { return Repeat("万", n); }, 1000000, "zh");
}

TEST_F(Pathological, RepeatedDateExpressions) {
  struct Case {
    const char* language;
    const char* date;
  };
  for (const Case& c : {Case{"zh", "2024年3月6日至8日，"}, Case{"vi", "ngày 6/3/2024, "},
                        Case{"fr", "du 6 au 8 mars 2024, "}, Case{"en", "December 12, 2019, "},
                        Case{"ar", "١٢ كانون الأول/ديسمبر ٢٠١٩، "}}) {
    ExpectLinear([&](size_t n) { return Repeat(c.date, n); }, 100000, c.language);
    NumberFacts facts;
    Time(Repeat(c.date, 100000), c.language, &facts);
    EXPECT_EQ(facts.dates.size(), 100000u) << c.language;
  }
}

TEST_F(Pathological, OneMebibyteLineWithoutSpaces) {
  const size_t mib = 1 << 20;
  ExpectLinear([](size_t n) { return std::string(n, 'a'); }, mib, "en");
  ExpectLinear([](size_t n) { return Repeat("越", n / 3); }, mib, "zh");
  ExpectLinear([](size_t n) { return Repeat("ب", n / 2); }, mib, "ar");
  ExpectLinear([](size_t n) { return Repeat("a1", n / 2); }, mib, "en");
  ExpectLinear([](size_t n) { return Repeat("1-", n / 2); }, mib, "en");
}

// The whole Extract, entities and events included, on text dense with names,
// titles, triggers and boilerplate lines.
TEST(PathologicalExtract, EntityDenseTextTakesLinearTime) {
  const auto extractor = Extractor::Create({8 << 20}).value();
  const auto time = [&](const std::string& content) {
    v1::Document document;
    document.set_id("dense");
    document.set_content(content);
    absl::Duration best = absl::InfiniteDuration();
    for (int run = 0; run < 3; ++run) {
      const absl::Time start = absl::Now();
      EXPECT_THAT(extractor->Extract(document, {}), testing::IsOk());
      best = std::min(best, absl::Now() - start);
    }
    return best;
  };
  for (const char* unit : {"Đại sứ Đặng Hoàng Giang khẳng định Việt Nam gặp Liên hợp quốc. ",
                           "越南国防部副部长黄春战上将会见联合国副秘书长拉克鲁瓦并表示，",
                           "التقى السفير دانج هوانج جيانج مع نائب الأمين العام جان بيير لاكروا. ",
                           ">> Le Vietnam et l'ONU\nPhoto : VNA/CVN\n",
                           "Ambassador Dang Hoang Giang met Jean-Pierre Lacroix\n"}) {
    const std::string small = Repeat(unit, (1 << 20) / 4 / std::string(unit).size());
    const std::string large = Repeat(unit, (1 << 20) / std::string(unit).size());
    const absl::Duration t_small = time(small);
    const absl::Duration t_large = time(large);
    SCOPED_TRACE(absl::StrCat(unit, ": ", absl::FormatDuration(t_small), " then ",
                              absl::FormatDuration(t_large)));
    EXPECT_LT(t_large, 10 * t_small + absl::Milliseconds(5));
  }
}

// One letter and runs of combining marks NFC must reorder: 8 times the
// text takes well under 12 times as long (it took 62 times before the
// stream-safe step).
TEST(PathologicalExtract, CombiningMarksTakeLinearTime) {
  const auto extractor = Extractor::Create({}).value();
  const auto time = [&](size_t bytes) {
    std::string marks = "a";
    while (marks.size() < bytes) marks += marks.size() % 4 == 1 ? "\xcc\x81" : "\xcc\x96";
    v1::Document document;
    document.set_id("marks");
    document.set_content(marks);
    absl::Duration best = absl::InfiniteDuration();
    for (int run = 0; run < 3; ++run) {
      const absl::Time start = absl::Now();
      EXPECT_THAT(extractor->Extract(document, {}), testing::IsOk());
      best = std::min(best, absl::Now() - start);
    }
    return best;
  };
  const absl::Duration small = time(32 << 10);
  const absl::Duration large = time(256 << 10);
  SCOPED_TRACE(absl::StrCat(absl::FormatDuration(small), " then ", absl::FormatDuration(large)));
  EXPECT_LT(large, 12 * small + absl::Milliseconds(5));
}

}  // namespace
}  // namespace factd
