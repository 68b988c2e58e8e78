#include "worker/extractor.h"

#include <atomic>
#include <string>

#include <cmath>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"

namespace factd {
namespace {

using ::factd::testing::IsOk;
using ::testing::HasSubstr;

std::string Repeat(const std::string& unit, size_t times) {
  std::string out;
  out.reserve(unit.size() * times);
  for (size_t i = 0; i < times; ++i) out += unit;
  return out;
}

class ExtractorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { extractor_ = Extractor::Create({}).value().release(); }
  static void TearDownTestSuite() { delete extractor_; }

  static v1::Document Doc(const std::string& id, const std::string& content) {
    v1::Document document;
    document.set_id(id);
    document.set_content(content);
    return document;
  }
  static v1::ExtractOptions Unit(v1::OffsetUnit unit) {
    v1::ExtractOptions options;
    options.set_offset_unit(unit);
    return options;
  }

  static Extractor* extractor_;
};
Extractor* ExtractorTest::extractor_ = nullptr;

TEST(ExtractorCreate, RejectsBadLimits) {
  EXPECT_TRUE(absl::IsInvalidArgument(Extractor::Create({0}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      Extractor::Create({kMaxDocumentBytesLimit + 1}).status()));
}

// Every stage checks the document's budget: a spent one stops the work
// with DEADLINE_EXCEEDED (or CANCELLED) saying why.
TEST_F(ExtractorTest, StopsWhenItsBudgetIsSpent) {
  std::string dense;
  while (dense.size() < (1 << 20)) {
    dense += "Đại sứ Đặng Hoàng Giang khẳng định ngày 6/3/2024 Việt Nam gửi 512 sĩ quan. ";
  }
  const auto extractor = Extractor::Create({2 << 20}).value();
  std::atomic<bool> stop{true};
  struct Case {
    std::string name;
    Budget::Limits limits;
    absl::StatusCode code;
    std::string says;
  };
  Case cases[] = {
      {"cpu", {absl::InfiniteFuture(), absl::Microseconds(1)}, absl::StatusCode::kDeadlineExceeded,
       "CPU budget"},
      {"deadline", {absl::Now() - absl::Seconds(1)}, absl::StatusCode::kDeadlineExceeded,
       "deadline passed while the document was being processed"},
      {"shutdown", {absl::InfiniteFuture(), absl::InfiniteDuration(), &stop},
       absl::StatusCode::kDeadlineExceeded, "grace period ended"},
      {"cancelled", {absl::InfiniteFuture(), absl::InfiniteDuration(), nullptr, [] { return true; }},
       absl::StatusCode::kCancelled, "cancelled"},
  };
  for (Case& c : cases) {
    SCOPED_TRACE(c.name);
    Budget budget(c.limits);
    auto summary = extractor->Extract(Doc("dense", dense), {}, nullptr, &budget);
    EXPECT_EQ(summary.status().code(), c.code);
    EXPECT_THAT(summary.status().message(), HasSubstr(c.says));
    EXPECT_THAT(summary.status().message(), HasSubstr("document \"dense\""));
    EXPECT_EQ(budget.reason(), c.name);
  }
  Budget unlimited;
  EXPECT_THAT(extractor->Extract(Doc("dense", dense), {}, nullptr, &unlimited), IsOk());
}

TEST_F(ExtractorTest, RefusesEnvelopeFieldsOverTheirLimits) {
  v1::Document document = Doc(std::string(kMaxIdBytes + 1, 'i'), "text");
  EXPECT_THAT(extractor_->CheckEnvelope(document).message(), HasSubstr("over the limit of 256 bytes"));
  EXPECT_LT(extractor_->CheckEnvelope(document).message().size(), 200u);
  document = Doc("ok", "text");
  document.set_language_hint(std::string(kMaxLanguageHintBytes + 1, 'x'));
  EXPECT_TRUE(absl::IsInvalidArgument(extractor_->CheckEnvelope(document)));
  document = Doc("ok", "text");
  document.set_source_url(std::string(kMaxSourceUrlBytes + 1, 'u'));
  EXPECT_TRUE(absl::IsInvalidArgument(extractor_->CheckEnvelope(document)));
  document.set_source_url(std::string(kMaxSourceUrlBytes, 'u'));
  EXPECT_THAT(extractor_->CheckEnvelope(document), IsOk());
}

TEST(ExtractorLimits, WholeDocumentsAtTheSizeLimitAreAnswered) {
  const auto extractor = Extractor::Create({}).value();
  for (const std::string& content :
       {std::string((1 << 20) - 1, '9'), Repeat("二", (1 << 20) / 3), std::string(1 << 20, 'x'),
        Repeat("ngày 6/3/2024, ", (1 << 20) / 16)}) {
    v1::Document document;
    document.set_id("big");
    document.set_content(content);
    EXPECT_THAT(extractor->Extract(document, {}), IsOk());
  }
}

TEST(QuoteId, CutsLongIdsOnACharacterBoundary) {
  EXPECT_EQ(QuoteId("abc"), "\"abc\"");
  std::string id;
  for (int i = 0; i < 40; ++i) id += "越";
  const std::string quoted = QuoteId(id);
  EXPECT_THAT(quoted, HasSubstr("...\" (120 bytes)"));
  EXPECT_EQ(quoted.substr(1, 63), id.substr(0, 63));
}

// A mebibyte of combining marks (stream-safe NFC) and the rest of the
// stages cost little CPU on the whole; the bound leaves a wide margin.
TEST_F(ExtractorTest, AMebibyteOfCombiningMarksIsAnsweredCheaply) {
  std::string marks = "a";
  while (marks.size() < (1 << 20) - 2) marks += marks.size() % 4 == 1 ? "\xcc\x81" : "\xcc\x96";
  const absl::Duration before = Budget::ThreadCpuTime();
  EXPECT_THAT(extractor_->Extract(Doc("marks", marks), {}), IsOk());
  EXPECT_LT(Budget::ThreadCpuTime() - before, absl::Seconds(5));
}

TEST_F(ExtractorTest, SeedsGetTheirLanguageAndHeadline) {
  for (const testing::SeedExpectation& c : testing::SeedExpectations()) {
    SCOPED_TRACE(c.id);
    const std::string content = testing::ReadFile(testing::SeedsDir() + "/" + c.id + ".txt");
    auto summary = extractor_->Extract(Doc(c.id, content), {});
    ASSERT_THAT(summary, IsOk());
    EXPECT_EQ(summary->document_id(), c.id);
    EXPECT_EQ(summary->language().code(), c.language);
    EXPECT_TRUE(summary->language().reliable());
    EXPECT_EQ(summary->headline(), c.headline);
    if (!summary->headline().empty()) {
      const v1::Span& span = summary->headline_span();
      EXPECT_EQ(content.substr(span.begin(), span.end() - span.begin()), c.headline);
    }
    EXPECT_GE(summary->stats().paragraphs(), 4u);
    EXPECT_GE(summary->stats().sentences(), summary->stats().paragraphs() / 2);
    EXPECT_LE(summary->body().end(), content.size());
    EXPECT_GT(summary->body().end(), summary->body().begin());
  }
}

TEST_F(ExtractorTest, EnvelopeErrorsNameTheField) {
  EXPECT_THAT(extractor_->Extract(Doc("", "text"), {}).status().message(),
              HasSubstr("document.id is required"));
  EXPECT_THAT(extractor_->Extract(Doc("a", ""), {}).status().message(),
              HasSubstr("content is empty"));
  auto small = Extractor::Create({8}).value();
  const absl::Status big = small->Extract(Doc("a", "123456789"), {}).status();
  EXPECT_TRUE(absl::IsInvalidArgument(big));
  EXPECT_THAT(big.message(), HasSubstr("9 bytes, over the limit of 8 bytes"));
}

TEST_F(ExtractorTest, InvalidUtf8IsRefusedWithItsOffset) {
  const absl::Status status =
      extractor_->Extract(Doc("bad", "Việt\xff Nam"), {}).status();
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("document \"bad\""));
  EXPECT_THAT(status.message(), HasSubstr("byte offset 6"));
}

TEST_F(ExtractorTest, MalformedHintIsRefused) {
  v1::Document document = Doc("a", "text");
  document.set_language_hint("not a tag!");
  EXPECT_THAT(extractor_->Extract(document, {}).status().message(),
              HasSubstr("language_hint"));
}

TEST_F(ExtractorTest, SpansFollowTheRequestedUnit) {
  const std::string content = "越南新闻发布会😀\n正文在这里。";
  struct Case {
    v1::OffsetUnit unit;
    uint32_t headline_end;
    uint32_t body_begin;
  };
  for (const Case& c : {Case{v1::UTF8_BYTE, 25, 26}, Case{v1::CODE_POINT, 8, 9},
                        Case{v1::UTF16_CODE_UNIT, 9, 10}}) {
    SCOPED_TRACE(v1::OffsetUnit_Name(c.unit));
    auto summary = extractor_->Extract(Doc("u", content), Unit(c.unit));
    ASSERT_THAT(summary, IsOk());
    EXPECT_EQ(summary->headline_span().begin(), 0u);
    EXPECT_EQ(summary->headline_span().end(), c.headline_end);
    EXPECT_EQ(summary->body().begin(), c.body_begin);
  }
}

TEST_F(ExtractorTest, SpansIndexTheContentAsSentNotItsNfcForm) {
  // Decomposed "ệ" (e + U+0302 + U+0323) in the title: 5 bytes, 3 code points.
  const std::string content = "Vie\xcc\x82\xcc\xa3t Nam ký hiệp định\nBody text here.";
  auto summary = extractor_->Extract(Doc("nfd", content), {});
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->headline(), "Vie\xcc\x82\xcc\xa3t Nam ký hiệp định");
  EXPECT_EQ(summary->headline_span().end(), content.find('\n'));
  EXPECT_EQ(summary->body().begin(), content.find('\n') + 1);
  EXPECT_EQ(summary->stats().characters(), 39u);
}

TEST_F(ExtractorTest, SiteNamesBylinesAndDateLinesAreNotTheTitle) {
  const std::string content =
      "Le Courrier du Vietnam\nMis à jour le 18/03/2025 09:40\n"
      "Le Vietnam et la France signent un accord sur l'eau\nLe corps de l'article.";
  auto summary = extractor_->Extract(Doc("chrome", content), {});
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->headline(), "Le Vietnam et la France signent un accord sur l'eau");
  int metadata = 0;
  for (const v1::Boilerplate& b : summary->boilerplate()) metadata += b.kind() == v1::METADATA;
  EXPECT_EQ(metadata, 2);
}

TEST_F(ExtractorTest, SharedCurrencyWordsTakeTheCountryOfTheArticle) {
  struct Case {
    const char* text;
    const char* currency;
  };
  for (const Case& c : {
           Case{"مصر ترفع الاستثمار في الطاقة\nأعلنت الحكومة المصرية في القاهرة أن مصر خصصت 50 مليون جنيه للمشروع.", "EGP"},
           Case{"Saudi Arabia opens new port\nSaudi Arabia said the port in Saudi Arabia cost 900 million riyals.", "SAR"},
           Case{"Jordan budget approved\nJordan said Jordan would spend 20 million dinars on schools in Jordan.", "JOD"},
           Case{"Britain budget\nThe United Kingdom will spend 5 billion pounds, the United Kingdom said.", "GBP"},
       }) {
    SCOPED_TRACE(c.text);
    auto summary = extractor_->Extract(Doc("money", c.text), {});
    ASSERT_THAT(summary, IsOk());
    ASSERT_EQ(summary->money_size(), 1);
    EXPECT_EQ(summary->money(0).currency(), c.currency);
  }
}

TEST_F(ExtractorTest, RelativeDatesAndYearlessDatesFollowThePublicationDate) {
  v1::Document document = Doc("rel", "Le gouvernement présente son plan\nHier, le ministre a présenté le plan. "
                                     "La semaine dernière, il avait consulté les syndicats. Le 28 décembre, il "
                                     "avait annoncé la réforme.");
  document.mutable_published_at()->set_seconds(1736150400);  // 2025-01-06T08:00:00Z, a Monday
  auto summary = extractor_->Extract(document, {});
  ASSERT_THAT(summary, IsOk());
  std::vector<std::string> dates;
  for (const v1::DateMention& d : summary->dates()) {
    dates.push_back(absl::StrCat(d.value(), "/", d.end(), d.year_inferred() ? " inferred" : ""));
  }
  // Yesterday; Monday to Sunday of the week before; December of the year
  // before (a date over two months after publication is last year's).
  EXPECT_THAT(dates, ::testing::ElementsAre("2025-01-05/ inferred", "2024-12-30/2025-01-05 inferred",
                                            "2024-12-28/ inferred"));
}

// Every scale word of every language multiplies in decimal: the amount is
// the double nearest the written figure ("2,45 tỷ đồng" is 2450000000,
// never 2449999999.9999998).
TEST_F(ExtractorTest, ScaledAmountsAreExactForEveryScaleWord) {
  struct Language {
    const char* code;
    const char* decimal;   // the figure 2.45 as written
    const char* currency;  // after the scale word
    const char* space;     // between figure, scale and currency
  };
  int checked = 0;
  for (const Language& l : {Language{"en", "2.45", "dollars", " "}, Language{"fr", "2,45", "d'euros", " "},
                            Language{"vi", "2,45", "đồng", " "}, Language{"zh", "2.45", "元", ""},
                            Language{"ar", "2.45", "دولار", " "}}) {
    std::ifstream in(testing::SeedsDir() + "/../worker/data/lexicon/" + l.code + ".tsv");
    ASSERT_TRUE(in) << l.code;
    std::string line;
    while (std::getline(in, line)) {
      const std::vector<std::string> cells = absl::StrSplit(line, '\t');
      if (cells.size() < 3 || cells[0] != "scale") continue;
      const double scale = std::stod(cells[2]);
      const int exponent = static_cast<int>(std::lround(std::log10(scale)));
      if (std::pow(10.0, exponent) != scale) continue;
      // French writes "2,45 milliards d'euros"; "de" before the currency.
      const std::string text = absl::StrCat("Titre de l'article du jour\n", l.decimal, l.space, cells[1],
                                            l.space, l.currency, ".");
      SCOPED_TRACE(text);
      v1::Document document = Doc("scale", text);
      document.set_language_hint(l.code);
      auto summary = extractor_->Extract(document, {});
      ASSERT_THAT(summary, IsOk());
      if (summary->money_size() != 1) continue;  // a scale word this currency does not follow
      const double written = std::strtod(absl::StrCat("245e", exponent - 2).c_str(), nullptr);
      EXPECT_EQ(summary->money(0).amount(), written) << cells[1];
      ++checked;
    }
  }
  EXPECT_GE(checked, 20);
}

TEST_F(ExtractorTest, HintDecidesOnlyWhenTextCannot) {
  v1::Document document = Doc("h", "OK 2024");
  document.set_language_hint("vi-VN");
  auto summary = extractor_->Extract(document, {});
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->language().code(), "vi");
  EXPECT_FALSE(summary->language().reliable());
}

}  // namespace
}  // namespace factd

namespace factd {
namespace {

using ::factd::testing::IsOk;

std::string SpanText(const std::string& content, const v1::Span& span) {
  return content.substr(span.begin(), span.end() - span.begin());
}

TEST(ExtractorNumbers, FillsEveryKindWithSpansIntoTheContentAsSent) {
  const auto extractor = Extractor::Create({}).value();
  v1::Document document;
  document.set_id("fr");
  document.set_content(
      "Le Vietnam renforce sa présence au Soudan du Sud\n"
      "Le 6 mars, plus de 1\u202f200 soldats vietnamiens ont rejoint la mission, "
      "soit 16 % des effectifs, pour un budget de 2,5 millions d'euros.");
  document.mutable_published_at()->set_seconds(1709251200);  // 2024-03-01
  auto summary = extractor->Extract(document, {});
  ASSERT_THAT(summary, IsOk());
  const std::string& content = document.content();
  ASSERT_EQ(summary->quantities_size(), 1);
  EXPECT_EQ(summary->quantities(0).value(), 1200);
  EXPECT_EQ(summary->quantities(0).qualifier(), v1::MORE_THAN);
  EXPECT_EQ(summary->quantities(0).unit(), "soldier");
  EXPECT_EQ(summary->quantities(0).text(), "plus de 1\u202f200 soldats");
  EXPECT_EQ(SpanText(content, summary->quantities(0).span()), summary->quantities(0).text());
  ASSERT_EQ(summary->percentages_size(), 1);
  EXPECT_EQ(summary->percentages(0).value(), 16);
  EXPECT_EQ(SpanText(content, summary->percentages(0).span()), "16 %");
  ASSERT_EQ(summary->money_size(), 1);
  EXPECT_EQ(summary->money(0).amount(), 2500000);
  EXPECT_EQ(summary->money(0).currency(), "EUR");
  ASSERT_EQ(summary->dates_size(), 1);
  EXPECT_EQ(summary->dates(0).value(), "2024-03-06");
  EXPECT_TRUE(summary->dates(0).year_inferred());
  EXPECT_EQ(summary->dates(0).text(), "6 mars");
}

TEST(ExtractorNumbers, SpansInCodePointsAndAcrossNfc) {
  const auto extractor = Extractor::Create({}).value();
  v1::Document document;
  document.set_id("vi");
  // "Việt" decomposed: spans still index the content as sent.
  document.set_content("Vie\xcc\x82\xcc\xa3t Nam c\xe1\xbb\xad h\xc6\xa1n 1.000 s\xc4\xa9 quan\nNg\xc3\xa0y 6/3 h\xe1\xbb\x8dp b\xc3\xa0n.");
  v1::ExtractOptions options;
  options.set_offset_unit(v1::CODE_POINT);
  auto summary = extractor->Extract(document, options);
  ASSERT_THAT(summary, IsOk());
  ASSERT_EQ(summary->quantities_size(), 1);
  const v1::Quantity& q = summary->quantities(0);
  EXPECT_EQ(q.text(), "hơn 1.000 sĩ quan");
  EXPECT_EQ(q.span().begin(), 14u);  // code points; the decomposed ệ counts three
  EXPECT_EQ(q.span().end(), 14u + 17u);
  ASSERT_EQ(summary->dates_size(), 1);
  EXPECT_EQ(summary->dates(0).value(), "--03-06");
  EXPECT_FALSE(summary->dates(0).year_inferred());
}

TEST(ExtractorNumbers, BoilerplateLinesYieldNoFacts) {
  const auto extractor = Extractor::Create({}).value();
  v1::Document document;
  document.set_id("zh");
  document.set_content(
      "越南向南苏丹派遣维和人员\n"
      "越南已向联合国南苏丹特派团派遣512名官兵。\n"
      "标题 ảnh 1与会代表合影留念。图自越通社\n"
      "更多\n"
      "越南2020年派出300名官兵。");
  auto summary = extractor->Extract(document, {});
  ASSERT_THAT(summary, IsOk());
  ASSERT_EQ(summary->quantities_size(), 1);
  EXPECT_EQ(summary->quantities(0).value(), 512);
  EXPECT_EQ(summary->dates_size(), 0);
  // The caption line: residue, caption and credit; then the related news.
  struct Expected {
    v1::BoilerplateKind kind;
    std::string text;
  };
  const Expected expected[] = {{v1::SCRAPING_RESIDUE, "标题 ảnh 1"},
                               {v1::PHOTO_CAPTION, "与会代表合影留念。"},
                               {v1::PHOTO_CREDIT, "图自越通社"},
                               {v1::RELATED_NEWS, "更多\n越南2020年派出300名官兵。"}};
  ASSERT_EQ(summary->boilerplate_size(), 4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(summary->boilerplate(i).kind(), expected[i].kind) << i;
    EXPECT_EQ(SpanText(document.content(), summary->boilerplate(i).span()), expected[i].text);
  }
}

}  // namespace
}  // namespace factd
