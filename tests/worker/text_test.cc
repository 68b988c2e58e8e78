#include "worker/text.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "worker/budget.h"

namespace factd {
namespace {

using ::factd::testing::IsOk;
using ::testing::HasSubstr;

TEST(ValidateUtf8, AcceptsWellFormedText) {
  for (const char* text : {"", "plain ascii", "越南 Việt Nam فيتنام", "emoji 😀"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(ValidateUtf8(text), IsOk());
  }
}

TEST(ValidateUtf8, NamesTheByteOffsetOfTheFirstBadSequence) {
  struct Case {
    std::string text;
    std::string offset;
  };
  const Case cases[] = {
      {"\xff", "byte offset 0 "},
      {"abc\xc3", "byte offset 3 "},                  // truncated
      {"ok \xc0\xaf", "byte offset 3 "},              // overlong '/'
      {"越南\xed\xa0\x80", "byte offset 6 "},         // surrogate U+D800
      {"x\xf4\x90\x80\x80", "byte offset 1 "},        // above U+10FFFF
      {"Việt Nam \x80 rest", "byte offset 11 "},      // stray continuation
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const absl::Status status = ValidateUtf8(c.text);
    EXPECT_TRUE(absl::IsInvalidArgument(status));
    EXPECT_THAT(status.message(), HasSubstr(c.offset));
  }
}

TEST(CountCodePoints, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("越南"), 2u);
  EXPECT_EQ(CountCodePoints("😀a"), 2u);
}

TEST(NormalizeNfc, KeepsNfcTextAsIs) {
  const std::string text = "Việt Nam";  // precomposed
  NormalizedText nfc = NormalizeNfc(text);
  EXPECT_TRUE(nfc.unchanged());
  EXPECT_EQ(nfc.text(), text);
  EXPECT_EQ(nfc.ToSourceOffset(4), 4u);
}

TEST(NormalizeNfc, ComposesAndMapsOffsetsBack) {
  // "e" + combining circumflex + combining dot below, then " x".
  const std::string source = "Vie\xcc\x82\xcc\xa3t x";
  NormalizedText nfc = NormalizeNfc(source);
  EXPECT_FALSE(nfc.unchanged());
  EXPECT_EQ(nfc.text(), "Việt x");
  const size_t x_nfc = nfc.text().find('x');
  EXPECT_EQ(source.substr(nfc.ToSourceOffset(x_nfc), 1), "x");
  EXPECT_EQ(nfc.ToSourceOffset(nfc.text().size()), source.size());
  EXPECT_EQ(nfc.ToSourceOffset(0), 0u);
}

// One letter and a megabyte of combining marks in an order NFC must change
// (U+0301 above, U+0316 below): ICU's canonical ordering is quadratic in a
// run's length, so the text is made stream-safe first.
std::string LongMarkRun(size_t marks) {
  std::string text = "a";
  for (size_t i = 0; i < marks; ++i) text += i % 2 == 0 ? "\xcc\x81" : "\xcc\x96";
  return text + " fin";
}

TEST(NormalizeNfc, BreaksLongRunsOfCombiningMarksAsStreamSafeTextDoes) {
  const std::string source = LongMarkRun(1000);
  NormalizedText nfc = NormalizeNfc(source);
  const std::string_view text = nfc.text();
  // No run of non-starters longer than kMaxNonStarters is left: a joiner
  // (U+034F) follows every 30 marks.
  size_t joiners = 0;
  for (size_t at = text.find("\xcd\x8f"); at != std::string_view::npos;
       at = text.find("\xcd\x8f", at + 1)) {
    ++joiners;
  }
  EXPECT_EQ(joiners, (1000 - 1) / kMaxNonStarters);
  // Offsets still map back into the text as sent.
  const size_t fin = text.find("fin");
  ASSERT_NE(fin, std::string_view::npos);
  EXPECT_EQ(source.substr(nfc.ToSourceOffset(fin)), "fin");
  EXPECT_EQ(nfc.ToSourceOffset(text.size()), source.size());
}

// Linear, with a margin no loaded machine eats: a mebibyte of marks costs
// milliseconds of CPU (5 minutes before the stream-safe step).
TEST(NormalizeNfc, AMebibyteOfCombiningMarksTakesLittleCpu) {
  const std::string source = LongMarkRun(1 << 19);
  const absl::Duration before = Budget::ThreadCpuTime();
  NormalizedText nfc = NormalizeNfc(source);
  EXPECT_LT(Budget::ThreadCpuTime() - before, absl::Seconds(2));
  EXPECT_GT(nfc.text().size(), source.size());
}

TEST(OffsetConverter, ConvertsToEachUnit) {
  const std::string text = "a越😀b";  // bytes: 1 + 3 + 4 + 1
  const size_t b = text.find('b');
  struct Case {
    v1::OffsetUnit unit;
    uint32_t expected_b;
  };
  for (const Case& c : {Case{v1::UTF8_BYTE, 8}, Case{v1::CODE_POINT, 3},
                        Case{v1::UTF16_CODE_UNIT, 4}}) {
    SCOPED_TRACE(v1::OffsetUnit_Name(c.unit));
    OffsetConverter converter(text, c.unit);
    EXPECT_EQ(converter.Convert(0), 0u);
    EXPECT_EQ(converter.Convert(b), c.expected_b);
    EXPECT_EQ(converter.Convert(1), 1u);  // going back restarts
    v1::Span span;
    converter.SetSpan(b, text.size(), &span);
    EXPECT_EQ(span.begin(), c.expected_b);
    EXPECT_EQ(span.end(), c.expected_b + 1);
  }
}

TEST(OffsetConverter, ClampsPastTheEnd) {
  OffsetConverter converter("abc", v1::CODE_POINT);
  EXPECT_EQ(converter.Convert(99), 3u);
}

}  // namespace
}  // namespace factd
