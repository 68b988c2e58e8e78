#include "worker/language.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"

namespace factd {
namespace {

using ::factd::testing::IsOk;

TEST(ParseLanguageHint, AcceptsTagsAndKeepsThePrimarySubtag) {
  EXPECT_EQ(ParseLanguageHint("").value(), "");
  EXPECT_EQ(ParseLanguageHint("vi").value(), "vi");
  EXPECT_EQ(ParseLanguageHint("zh-Hans-CN").value(), "zh");
  EXPECT_EQ(ParseLanguageHint("FR").value(), "fr");
}

TEST(ParseLanguageHint, RejectsWhatIsNotATag) {
  for (const char* hint : {"not a tag!", "12", "-"}) {
    SCOPED_TRACE(hint);
    const auto parsed = ParseLanguageHint(hint);
    EXPECT_TRUE(absl::IsInvalidArgument(parsed.status()));
  }
}

TEST(IdentifyLanguage, TellsTheSeedsLanguages) {
  struct Case {
    const char* file;
    const char* code;
  };
  const Case cases[] = {{"000_c08e39c86333cf3a.txt", "zh"},
                        {"001_42f84f4725acd7ec.txt", "zh"},
                        {"002_97632951dc6b66c7.txt", "ar"},
                        {"003_d1d0b65307e78fd8.txt", "vi"},
                        {"004_6de5c664f59d8edc.txt", "fr"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string text = testing::ReadFile(testing::SeedsDir() + "/" + c.file);
    ASSERT_FALSE(text.empty());
    const LanguageGuess guess = IdentifyLanguage(text, "");
    EXPECT_EQ(guess.code, c.code);
    EXPECT_TRUE(guess.reliable);
    EXPECT_GT(guess.confidence, 0.9f);
  }
}

TEST(IdentifyLanguage, StrayFragmentsDoNotChangeTheLanguage) {
  const std::string text =
      "11月26日,越南国防部与联合国驻越南开发计划署在河内联合举办了妇女与联合国维和行动的国际会议。"
      "与会代表合影留念 ảnh 1。图自越通社。越南国防部副部长黄春战上将出席会议并致辞。";
  EXPECT_EQ(IdentifyLanguage(text, "").code, "zh");
}

TEST(IdentifyLanguage, TakesTheHintWhenTheTextCannotTell) {
  const LanguageGuess guess = IdentifyLanguage("2024", "vi");
  EXPECT_EQ(guess.code, "vi");
  EXPECT_FALSE(guess.reliable);
}

TEST(IdentifyLanguage, TextOutweighsAWrongHint) {
  const std::string text =
      "Le Vietnam et l'ONU renforcent leur coopération dans le maintien de la paix, "
      "a déclaré l'ambassadeur lors de la réunion tenue cette semaine à New York.";
  EXPECT_EQ(IdentifyLanguage(text, "vi").code, "fr");
}

TEST(IdentifyLanguage, UndeterminedWithoutTextOrHint) {
  EXPECT_EQ(IdentifyLanguage("12345 !!!", "").code, "und");
}

}  // namespace
}  // namespace factd
