// Entities, dateline, sources and events: table-driven cases per language
// for titles, name shapes and each linking rule, and the seeds' two
// renderings of one story (002 Arabic, 004 French).
#include "worker/entities.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "worker/extractor.h"

namespace factd {
namespace {

using ::factd::testing::IsOk;
using ::testing::Contains;
using ::testing::Not;

class EntitiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { extractor_ = Extractor::Create({}).value().release(); }
  static void TearDownTestSuite() { delete extractor_; }

  static v1::DocumentSummary Extract(const std::string& content, const std::string& hint = "") {
    v1::Document document;
    document.set_id("t");
    document.set_content(content);
    document.set_language_hint(hint);
    auto summary = extractor_->Extract(document, {});
    EXPECT_THAT(summary, IsOk());
    return summary.ok() ? *summary : v1::DocumentSummary();
  }

  static const v1::Entity* Find(const v1::DocumentSummary& s, const std::string& name) {
    for (const v1::Entity& e : s.entities()) {
      if (e.name() == name) return &e;
    }
    return nullptr;
  }

  static std::vector<std::string> Names(const v1::DocumentSummary& s) {
    std::vector<std::string> names;
    for (const v1::Entity& e : s.entities()) names.push_back(e.name());
    return names;
  }

  static Extractor* extractor_;
};
Extractor* EntitiesTest::extractor_ = nullptr;

TEST_F(EntitiesTest, SinoVietnameseReadingsOfNamesInChineseCharacters) {
  const EntityExtractor& entities = extractor_->entities();
  struct Case {
    const char* han;
    const char* reading;
  };
  for (const Case& c : {Case{"黄春战", "Hoàng Xuân Chiến"}, Case{"黎怀忠", "Lê Hoài Trung"},
                        Case{"苏林", "Tô Lâm"}, Case{"邓黄江", "Đặng Hoàng Giang"},
                        Case{"郑德海", "Trịnh Đức Hải"}, Case{"范明政", "Phạm Minh Chính"}}) {
    SCOPED_TRACE(c.han);
    EXPECT_EQ(entities.SinoVietnamese(c.han), c.reading);
  }
}

TEST_F(EntitiesTest, DiacriticsAndCaseNeverSplitANameKey) {
  const EntityExtractor& entities = extractor_->entities();
  EXPECT_EQ(entities.LatinKey("Đặng Hoàng Giang"), entities.LatinKey("Dang Hoàng Giang"));
  EXPECT_EQ(entities.LatinKey("DANG HOANG GIANG"), "danghoanggiang");
  EXPECT_EQ(entities.LatinKey("Jean-Pierre Lacroix"), "jeanpierrelacroix");
}

TEST_F(EntitiesTest, ArabicAndLatinRenderingsShareASkeleton) {
  const EntityExtractor& entities = extractor_->entities();
  struct Case {
    const char* arabic;
    const char* latin;
  };
  for (const Case& c : {Case{"دانج هوانج جيانج", "Dang Hoang Giang"},
                        Case{"جان بيير لاكروا", "Jean-Pierre Lacroix"},
                        Case{"لاكروا", "Lacroix"}}) {
    SCOPED_TRACE(c.arabic);
    EXPECT_TRUE(EntityExtractor::SkeletonsMatch(entities.Skeleton(c.arabic),
                                                entities.Skeleton(c.latin)));
  }
  EXPECT_FALSE(EntityExtractor::SkeletonsMatch(entities.Skeleton("دانج هوانج جيانج"),
                                               entities.Skeleton("Jean-Pierre Lacroix")));
}

struct PersonCase {
  const char* language;
  const char* text;
  const char* name;  // canonical
  const char* role;  // of the first mention
};

TEST_F(EntitiesTest, PersonsFoundByTheirTitles) {
  const PersonCase cases[] = {
      {"zh", "越南国防部副部长黄春战上将出席会议并致辞。", "Hoàng Xuân Chiến", "副部长"},
      {"zh", "联合国副秘书长让-皮埃尔·拉克鲁瓦(Jean-Pierre Lacroix)表示支持。", "Jean-Pierre Lacroix", "副秘书长"},
      {"vi", "Đại sứ Đặng Hoàng Giang phát biểu tại buổi tọa đàm.", "Đặng Hoàng Giang", "Đại sứ"},
      {"vi", "Thiếu tướng Hoàng Xuân Chiến đã tiếp đoàn công tác.", "Hoàng Xuân Chiến", "Thiếu tướng"},
      {"fr", "L'ambassadeur Dang Hoàng Giang a remercié l'ONU et le Vietnam pour leur coopération.",
       "Đặng Hoàng Giang", "ambassadeur"},
      {"en", "Ambassador Dang Hoang Giang thanked the United Nations.", "Đặng Hoàng Giang", "Ambassador"},
      {"ar", "التقى السفير دانج هوانج جيانج مع المسؤولين.", "Đặng Hoàng Giang", "السفير"},
      {"ar", "وقال نائب الأمين العام للأمم المتحدة جان بيير لاكروا إن التعاون مهم.", "Jean-Pierre Lacroix", "نائب الأمين العام"},
      {"zh", "越共中央总书记苏林会见了美国代表团并表示欢迎。", "Tô Lâm", "总书记"},
      {"zh", "越南外长裴青山在河内会见联合国官员。", "Bùi Thanh Sơn", "外长"},
      {"zh", "越南常驻联合国代表黎怀忠大使表示，越南愿意作出贡献。", "Lê Hoài Trung", "大使"},
      {"vi", "Tổng Bí thư Tô Lâm đã tiếp đoàn đại biểu Liên hợp quốc tại Hà Nội.", "Tô Lâm", "Tổng Bí thư"},
      {"vi", "Bộ trưởng Bùi Thanh Sơn khẳng định Việt Nam luôn ủng hộ Liên hợp quốc.", "Bùi Thanh Sơn", "Bộ trưởng"},
      {"fr", "Le vice-secrétaire général Jean-Pierre Lacroix a affirmé la volonté de l'ONU d'aider le Vietnam.",
       "Jean-Pierre Lacroix", "vice-secrétaire général"},
      {"en", "Under-Secretary-General Jean-Pierre Lacroix said the United Nations valued Viet Nam's contribution.",
       "Jean-Pierre Lacroix", "Under-Secretary-General"},
      {"en", "Deputy Minister Hoang Xuan Chien met United Nations officials in Hanoi on Monday.",
       "Hoàng Xuân Chiến", "Deputy Minister"},
      {"ar", "وأكد السفير دانج هوانج جيانج أن فيتنام مستعدة لمواصلة المشاركة في عمليات حفظ السلام.",
       "Đặng Hoàng Giang", "السفير"},
  };
  for (const PersonCase& c : cases) {
    SCOPED_TRACE(c.text);
    const v1::DocumentSummary s = Extract(std::string("Titre\n") + c.text, c.language);
    const v1::Entity* person = Find(s, c.name);
    ASSERT_NE(person, nullptr) << ::testing::PrintToString(Names(s));
    EXPECT_EQ(person->type(), v1::PERSON);
    ASSERT_GE(person->mentions_size(), 1);
    EXPECT_THAT(person->mentions(0).role(), ::testing::HasSubstr(c.role));
  }
}

TEST_F(EntitiesTest, CountriesAndOrganizationsInEveryLanguage) {
  struct Case {
    const char* language;
    const char* text;
    std::vector<std::string> names;
  };
  const Case cases[] = {
      {"zh", "越南与联合国加强维和合作。", {"Vietnam", "United Nations"}},
      {"vi", "Việt Nam và Liên hợp quốc tăng cường hợp tác.", {"Vietnam", "United Nations"}},
      {"ar", "فيتنام والأمم المتحدة تعززان التعاون.", {"Vietnam", "United Nations"}},
      {"fr", "Le Vietnam et l'ONU renforcent leur coopération.", {"Vietnam", "United Nations"}},
      {"en", "Viet Nam and the UN step up cooperation.", {"Vietnam", "United Nations"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const v1::DocumentSummary s = Extract(std::string("Titre\n") + c.text, c.language);
    for (const std::string& name : c.names) EXPECT_THAT(Names(s), Contains(name));
  }
}

// A Vietnamese name in Chinese characters, a surname alone, a bare title and
// a Latin alias all name the same person as its full Latin form.
TEST_F(EntitiesTest, LinkingRulesGiveOneIdPerPerson) {
  struct Case {
    const char* language;
    const char* text;
    const char* name;
    int mentions;
  };
  const Case cases[] = {
      {"zh", "越南常驻联合国代表黎怀忠大使表示支持。黎怀忠还强调了合作的重要性。", "Lê Hoài Trung", 2},
      {"vi", "Đại sứ Lê Hoài Trung cho biết Việt Nam sẵn sàng. Đại sứ nhấn mạnh vai trò của Liên hợp quốc.",
       "Lê Hoài Trung", 2},
      {"fr", "Le vice-secrétaire général Jean-Pierre Lacroix a salué le Vietnam. M. Lacroix a ajouté que l'ONU restait prête.",
       "Jean-Pierre Lacroix", 2},
      {"ar", "التقى نائب الأمين العام جان بيير لاكروا بالسفير. وأكد السيد لاكروا دعم الأمم المتحدة لفيتنام.",
       "Jean-Pierre Lacroix", 2},
      {"zh", "联合国副秘书长让-皮埃尔·拉克鲁瓦(Jean-Pierre Lacroix)表示支持越南。", "Jean-Pierre Lacroix", 1},
  };
  std::string lacroix_id, trung_id;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const v1::DocumentSummary s = Extract(std::string("Titre\n") + c.text, c.language);
    const v1::Entity* person = Find(s, c.name);
    ASSERT_NE(person, nullptr) << ::testing::PrintToString(Names(s));
    EXPECT_GE(person->mentions_size(), c.mentions);
    std::string& id = std::string(c.name) == "Lê Hoài Trung" ? trung_id : lacroix_id;
    if (id.empty()) id = person->id();
    EXPECT_EQ(person->id(), id);
  }
}

TEST_F(EntitiesTest, CommonNounsAreNotNames) {
  // "la réunion" is a meeting; La Réunion is a French region (CLDR).
  const v1::DocumentSummary s = Extract(
      "Titre\nLors de la réunion, l'ambassadeur a remercié l'ONU et le Vietnam pour leur soutien.",
      "fr");
  EXPECT_THAT(Names(s), Not(Contains("Réunion")));
  EXPECT_THAT(Names(s), Contains("United Nations"));
}

TEST_F(EntitiesTest, StatementsFindTheirSubject) {
  struct Case {
    const char* language;
    const char* text;
    const char* speaker;
  };
  const Case cases[] = {
      // Verb first: the subject follows it.
      {"ar", "من جانبه، أكد نائب الأمين العام جان بيير لاكروا دعم الأمم المتحدة لفيتنام في حفظ السلام.",
       "Jean-Pierre Lacroix"},
      // A title alone, written with another apostrophe, names the person.
      {"fr", "L'ambassadeur Dang Hoàng Giang a rencontré les responsables de l'ONU à New York. "
             "Selon lui, l’ambassadeur a souligné l'importance de la coopération avec le Vietnam.",
       "Đặng Hoàng Giang"},
      // A pronoun stands for the person last named.
      {"en", "Ambassador Dang Hoang Giang met United Nations officials in New York this week. "
             "He said Viet Nam would send more women peacekeepers.",
       "Đặng Hoàng Giang"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const v1::DocumentSummary s = Extract(std::string("Titre\n") + c.text, c.language);
    const v1::Entity* speaker = Find(s, c.speaker);
    ASSERT_NE(speaker, nullptr) << ::testing::PrintToString(Names(s));
    bool stated = false;
    for (const v1::Event& e : s.events()) {
      stated |= e.type() == v1::STATEMENT && e.participant_ids_size() == 1 &&
                e.participant_ids(0) == speaker->id();
    }
    EXPECT_TRUE(stated);
  }
}

// Seeds 002 (Arabic) and 004 (French) are one story.
TEST_F(EntitiesTest, OneStoryInTwoLanguagesGetsTheSameIds) {
  const v1::DocumentSummary arabic =
      Extract(testing::ReadFile(testing::SeedsDir() + "/002_97632951dc6b66c7.txt"));
  const v1::DocumentSummary french =
      Extract(testing::ReadFile(testing::SeedsDir() + "/004_6de5c664f59d8edc.txt"));
  for (const char* name : {"Đặng Hoàng Giang", "Jean-Pierre Lacroix", "United Nations", "Vietnam"}) {
    SCOPED_TRACE(name);
    const v1::Entity* a = Find(arabic, name);
    const v1::Entity* f = Find(french, name);
    ASSERT_NE(a, nullptr) << ::testing::PrintToString(Names(arabic));
    ASSERT_NE(f, nullptr) << ::testing::PrintToString(Names(french));
    EXPECT_EQ(a->id(), f->id());
    EXPECT_EQ(a->type(), f->type());
  }
  for (const v1::DocumentSummary* s : {&arabic, &french}) {
    const std::string giang = Find(*s, "Đặng Hoàng Giang")->id();
    const std::string lacroix = Find(*s, "Jean-Pierre Lacroix")->id();
    bool met = false;
    for (const v1::Event& e : s->events()) {
      if (e.type() != v1::MEETING) continue;
      const auto& p = e.participant_ids();
      met |= std::find(p.begin(), p.end(), giang) != p.end() &&
             std::find(p.begin(), p.end(), lacroix) != p.end();
    }
    EXPECT_TRUE(met) << s->language().code();
  }
}

TEST_F(EntitiesTest, DatelineAndSources) {
  const v1::DocumentSummary zh =
      Extract(testing::ReadFile(testing::SeedsDir() + "/000_c08e39c86333cf3a.txt"));
  EXPECT_EQ(zh.dateline().place(), "河内");
  EXPECT_EQ(zh.dateline().date(), "11月26日");
  EXPECT_THAT(zh.sources(), Contains("VNA"));
  const v1::DocumentSummary fr =
      Extract(testing::ReadFile(testing::SeedsDir() + "/004_6de5c664f59d8edc.txt"));
  EXPECT_THAT(fr.sources(), ::testing::ElementsAre("VNA", "CVN"));
  const v1::DocumentSummary vi = Extract("Tin vắn\nHÀ NỘI, ngày 6/3 - Bộ Quốc phòng tổ chức hội nghị. (TTXVN)", "vi");
  EXPECT_EQ(vi.dateline().place(), "HÀ NỘI");
  EXPECT_EQ(vi.dateline().date(), "ngày 6/3");
  EXPECT_THAT(vi.sources(), Contains("VNA"));
}

TEST_F(EntitiesTest, SalienceFavoursWhatTheArticleIsAbout) {
  const v1::DocumentSummary s =
      Extract(testing::ReadFile(testing::SeedsDir() + "/003_d1d0b65307e78fd8.txt"));
  const v1::Entity* vietnam = Find(s, "Vietnam");
  ASSERT_NE(vietnam, nullptr);
  for (const v1::Entity& e : s.entities()) {
    EXPECT_GE(e.salience(), 0);
    EXPECT_LE(e.salience(), 1);
    EXPECT_LE(e.salience(), vietnam->salience() + 1e-6) << e.name();
  }
}

}  // namespace
}  // namespace factd

namespace factd {
namespace {

// Boilerplate kinds, one table per language, on the shapes the seeds show.
TEST(BoilerplateKinds, EachLanguage) {
  const auto extractor = Extractor::Create({}).value();
  struct Expected {
    v1::BoilerplateKind kind;
    std::string text;
  };
  struct Case {
    std::string content;
    std::vector<Expected> spans;
  };
  const Case cases[] = {
      {"标题\n正文第一段。\n标题 ảnh 2出席会议的代表。图自越通社\n正文第二段。",
       {{v1::SCRAPING_RESIDUE, "标题 ảnh 2"}, {v1::PHOTO_CAPTION, "出席会议的代表。"},
        {v1::PHOTO_CREDIT, "图自越通社"}}},
      {"Tiêu đề\nĐoạn đầu.\nĐại sứ phát biểu tại buổi Tọa đàm. (Ảnh: PĐ)\nĐoạn sau.",
       {{v1::PHOTO_CAPTION, "Đại sứ phát biểu tại buổi Tọa đàm."}, {v1::PHOTO_CREDIT, "(Ảnh: PĐ)"}}},
      {"عنوان\nفقرة أولى.\nوصل الضباط إلى المطار. (الصورة: ترونغ دوك/وكالة الأنباء الفيتنامية) |\nفقرة.\nتعليق (0)",
       {{v1::PHOTO_CAPTION, "وصل الضباط إلى المطار."},
        {v1::PHOTO_CREDIT, "(الصورة: ترونغ دوك/وكالة الأنباء الفيتنامية)"},
        {v1::SCRAPING_RESIDUE, "|"},
        {v1::COMMENT_COUNTER, "تعليق (0)"}}},
      {"Titre\n>> L'ONU apprécie la participation du Vietnam\nPhoto : VNA/CVN\nLe texte.\nVNA/CVN",
       {{v1::LINK_LINE, ">> L'ONU apprécie la participation du Vietnam"},
        {v1::PHOTO_CREDIT, "Photo : VNA/CVN"},
        {v1::METADATA, "VNA/CVN"}}},
      {"Title\nThe story.\nRelated news\nAnother story in 2019.\nAnd another.",
       {{v1::RELATED_NEWS, "Related news\nAnother story in 2019.\nAnd another."}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.content);
    v1::Document document;
    document.set_id("b");
    document.set_content(c.content);
    auto summary = extractor->Extract(document, {});
    ASSERT_THAT(summary, IsOk());
    ASSERT_EQ(summary->boilerplate_size(), static_cast<int>(c.spans.size()));
    for (size_t i = 0; i < c.spans.size(); ++i) {
      const v1::Span& span = summary->boilerplate(i).span();
      EXPECT_EQ(summary->boilerplate(i).kind(), c.spans[i].kind) << i;
      EXPECT_EQ(c.content.substr(span.begin(), span.end() - span.begin()), c.spans[i].text);
    }
    EXPECT_EQ(summary->dates_size(), 0);  // "2019" sits in boilerplate
  }
}

}  // namespace
}  // namespace factd
