#include "worker/structure.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/testing/process.h"

namespace factd {
namespace {

std::string Slice(const std::string& text, ByteRange range) {
  return text.substr(range.begin, range.size());
}

TEST(AnalyzeLayout, TitleLineThenBody) {
  const std::string text = "  Le titre de l'article  \n\nPremière phrase. Deuxième phrase.\nTroisième.\n";
  const ArticleLayout layout = AnalyzeLayout(text, "fr");
  EXPECT_EQ(Slice(text, layout.headline), "Le titre de l'article");
  EXPECT_EQ(Slice(text, layout.body), "Première phrase. Deuxième phrase.\nTroisième.");
  EXPECT_EQ(layout.paragraphs, 2u);
  EXPECT_EQ(layout.sentences, 3u);
}

TEST(AnalyzeLayout, ALeadSentenceIsNotATitle) {
  const std::string text = "The council met on Monday.\nIt voted.";
  const ArticleLayout layout = AnalyzeLayout(text, "en");
  EXPECT_TRUE(layout.headline.empty());
  EXPECT_EQ(Slice(text, layout.body), text);
}

TEST(AnalyzeLayout, ATitleMayAskOrExclaim) {
  const std::string text = "Qui paiera la paix ?\nLe débat continue.";
  EXPECT_EQ(Slice(text, AnalyzeLayout(text, "fr").headline), "Qui paiera la paix ?");
}

TEST(AnalyzeLayout, ALoneLineIsBody) {
  const std::string text = "Only one line";
  const ArticleLayout layout = AnalyzeLayout(text, "en");
  EXPECT_TRUE(layout.headline.empty());
  EXPECT_EQ(Slice(text, layout.body), text);
}

TEST(AnalyzeLayout, ScrapedDateLabelIsMetadataNotTitle) {
  const std::string text = " date 2025-01 Opérations de maintien de la paix\n\nLe corps.";
  const ArticleLayout layout = AnalyzeLayout(text, "fr");
  EXPECT_EQ(Slice(text, layout.metadata), "date 2025-01 ");
  EXPECT_EQ(Slice(text, layout.headline), "Opérations de maintien de la paix");
}

TEST(AnalyzeLayout, OverlongFirstLineIsALead) {
  const std::string text = std::string(400, 'x') + "\nrest";
  EXPECT_TRUE(AnalyzeLayout(text, "en").headline.empty());
}

TEST(AnalyzeLayout, EmptyAndBlankText) {
  for (const std::string text : {"", "   \n \n"}) {
    const ArticleLayout layout = AnalyzeLayout(text, "und");
    EXPECT_TRUE(layout.headline.empty());
    EXPECT_TRUE(layout.body.empty());
    EXPECT_EQ(layout.paragraphs, 0u);
    EXPECT_EQ(layout.sentences, 0u);
  }
}

TEST(AnalyzeLayout, ChineseSentencesEndAtIdeographicStops) {
  const std::string text = "越南与中国签署合作协议\n第一句。第二句！第三句？";
  const ArticleLayout layout = AnalyzeLayout(text, "zh");
  EXPECT_EQ(Slice(text, layout.headline), "越南与中国签署合作协议");
  EXPECT_EQ(layout.sentences, 3u);
  EXPECT_EQ(layout.paragraphs, 1u);
}

TEST(AnalyzeLayout, PageChromeAboveTheTitleIsSkipped) {
  struct Case {
    const char* text;
    const char* headline;
    size_t chrome;
  };
  for (const Case& c : {
           Case{"Thể thao\nBáo Miền Núi - Thời sự\nU22 Việt Nam giành HCV sau màn ngược dòng\nNội dung.",
                "U22 Việt Nam giành HCV sau màn ngược dòng", 2},
           Case{"World | Asia-Pacific\nFloods kill at least 27 people in the north\nBody text.",
                "Floods kill at least 27 people in the north", 1},
           Case{"社会新闻｜东方视窗\n体育\n沪昆高速发生多车相撞事故\n正文。", "沪昆高速发生多车相撞事故", 2},
           Case{"أخبار العالم العربي\nالسيول تودي بحياة 11 شخصا في محافظتين\nالنص.",
                "السيول تودي بحياة 11 شخصا في محافظتين", 1},
           // A dash between two long parts is a title's ("A – B : ...").
           Case{"Vietnam – France : 11e consultation politique au niveau des vice-ministres\nLe corps.",
                "Vietnam – France : 11e consultation politique au niveau des vice-ministres", 0},
       }) {
    SCOPED_TRACE(c.text);
    const std::string text = c.text;
    const ArticleLayout layout = AnalyzeLayout(text, "und");
    EXPECT_EQ(Slice(text, layout.headline), c.headline);
    EXPECT_EQ(layout.chrome.size(), c.chrome);
    EXPECT_EQ(layout.body.begin, layout.headline.end + 1);
  }
}

TEST(AnalyzeLayout, ChromeByTheCallerAndALeadAfterChrome) {
  const std::string text = "By Jane Roe\nThe ministry said on Tuesday that it would act.\nMore.";
  const ArticleLayout layout = AnalyzeLayout(
      text, "en", {}, nullptr, [](std::string_view line) { return line.substr(0, 3) == "By "; });
  EXPECT_TRUE(layout.headline.empty());  // a lead sentence is body
  EXPECT_EQ(Slice(text, layout.body), "The ministry said on Tuesday that it would act.\nMore.");
  ASSERT_EQ(layout.chrome.size(), 1u);
  EXPECT_EQ(Slice(text, layout.chrome[0]), "By Jane Roe");
}

}  // namespace
}  // namespace factd

namespace factd {
namespace {

TEST(AnalyzeLayout, CountsOnlyTheArticleOutsideBoilerplate) {
  const std::string text =
      "A title of five words\nFirst. Second.\nA caption. Photo: X\nThird.\nMore\nOther story. Another.";
  const size_t caption = text.find("A caption");
  const size_t more = text.find("More");
  const ArticleLayout layout = AnalyzeLayout(
      text, "en", {{caption, text.find('\n', caption)}, {more, text.size()}});
  EXPECT_EQ(layout.paragraphs, 2u);
  EXPECT_EQ(layout.sentences, 3u);
}

}  // namespace
}  // namespace factd
