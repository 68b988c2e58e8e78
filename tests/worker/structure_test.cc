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
  const std::string text = "标题\n第一句。第二句！第三句？";
  const ArticleLayout layout = AnalyzeLayout(text, "zh");
  EXPECT_EQ(Slice(text, layout.headline), "标题");
  EXPECT_EQ(layout.sentences, 3u);
  EXPECT_EQ(layout.paragraphs, 1u);
}

}  // namespace
}  // namespace factd

namespace factd {
namespace {

TEST(AnalyzeLayout, CountsOnlyTheArticleOutsideBoilerplate) {
  const std::string text = "Title\nFirst. Second.\nA caption. Photo: X\nThird.\nMore\nOther story. Another.";
  const size_t caption = text.find("A caption");
  const size_t more = text.find("More");
  const ArticleLayout layout = AnalyzeLayout(
      text, "en", {{caption, text.find('\n', caption)}, {more, text.size()}});
  EXPECT_EQ(layout.paragraphs, 2u);
  EXPECT_EQ(layout.sentences, 3u);
}

}  // namespace
}  // namespace factd
