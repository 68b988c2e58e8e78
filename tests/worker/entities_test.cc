// Entities, dateline, sources and events in the open world: persons,
// organizations and places no table lists, one id per person across
// scripts, CLDR places, homograph traps, events from the sentence, and the
// seeds' story in two languages (002 Arabic, 004 French) with the
// known-persons table empty. The sentences are written for these tests;
// the people, units and places in them are in no data file.
#include "worker/entities.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "worker/extractor.h"
#include "worker/name_keys.h"

namespace factd {
namespace {

using ::factd::testing::IsOk;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

class EntitiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ExtractorOptions open;
    open.entity_data["persons.tsv"] = "";  // no known person at all
    extractor_ = Extractor::Create(open).value().release();
  }
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

  // The entity whose name folds (case and diacritics) to `name`'s fold.
  static const v1::Entity* Find(const v1::DocumentSummary& s, const std::string& name) {
    for (const v1::Entity& e : s.entities()) {
      if (LatinKey(e.name()) == LatinKey(name)) return &e;
    }
    return nullptr;
  }

  static std::vector<std::string> Names(const v1::DocumentSummary& s) {
    std::vector<std::string> names;
    for (const v1::Entity& e : s.entities()) {
      names.push_back(absl::StrCat(v1::EntityType_Name(e.type()), " ", e.name(), " ", e.id()));
    }
    return names;
  }

  static bool Met(const v1::DocumentSummary& s, const std::string& a, const std::string& b) {
    for (const v1::Event& e : s.events()) {
      if (e.type() != v1::MEETING) continue;
      const auto& p = e.participant_ids();
      if (std::find(p.begin(), p.end(), a) != p.end() && std::find(p.begin(), p.end(), b) != p.end()) {
        return true;
      }
    }
    return false;
  }

  static Extractor* extractor_;
};
Extractor* EntitiesTest::extractor_ = nullptr;

constexpr char kTitle[] = "Une nouvelle du jour pour le test\n";

struct NameCase {
  const char* language;
  const char* text;
  const char* name;  // canonical, compared folded
  v1::EntityType type;
};

void ExpectFound(const NameCase& c, const v1::Entity* found, const std::vector<std::string>& names) {
  ASSERT_NE(found, nullptr) << ::testing::PrintToString(names);
  EXPECT_EQ(found->type(), c.type) << found->name();
}

TEST_F(EntitiesTest, PersonsNoTableListsAreFoundByShapeAndContext) {
  const NameCase cases[] = {
      // Vietnamese names: surname and syllables, with or without a title.
      {"vi", "Theo ông Lương Văn Khải, dự án sẽ hoàn thành vào cuối năm.", "Lương Văn Khải", v1::PERSON},
      {"vi", "Thiếu tướng Trần Anh Vũ chủ trì cuộc họp.", "Trần Anh Vũ", v1::PERSON},
      {"vi", "Bộ trưởng Bộ Tài chính Hồ Đức Phớc phát biểu tại hội nghị.", "Hồ Đức Phớc", v1::PERSON},
      {"fr", "Selon Nguyen Thi Hoai Thu, l'accord ouvre une nouvelle étape.", "Nguyen Thi Hoai Thu", v1::PERSON},
      // Chinese names and Vietnamese names in Han characters.
      {"zh", "云南省副省长曲明远表示，双方将加强合作。", "Qu Mingyuan", v1::PERSON},
      {"zh", "越南财政部副部长郑国庆表示，越方愿意加强合作。", "Trịnh Quốc Khánh", v1::PERSON},
      // Latin names of any origin: "said", apposition, title with words between.
      {"en", "\"We expect more traffic,\" said Jordan Pike, a transport analyst.", "Jordan Pike", v1::PERSON},
      {"fr", "Le ministre de l'Agriculture, Marc Dubreuil, a déclaré que la récolte serait bonne.",
       "Marc Dubreuil", v1::PERSON},
      {"en", "Florence Delacour, a lawyer for the company, said it would appeal.", "Florence Delacour",
       v1::PERSON},
      // A title with its complement, a counterpart, a speech verb with whom
      // it was said to.
      {"fr", "Le ministre de l'Intérieur Bernard Dufresnoy a confirmé l'arrestation.", "Bernard Dufresnoy",
       v1::PERSON},
      {"fr", "Son homologue tunisien, Othman Jerbali, a salué la décision.", "Othman Jerbali", v1::PERSON},
      {"fr", "« Nous sommes prêts », a expliqué à l'AFP Yves Marchand.", "Yves Marchand", v1::PERSON},
      {"en", "His Romanian counterpart Luminita Odescu met the delegation on Monday.", "Luminita Odescu",
       v1::PERSON},
      {"en", "Kevin Mbaku, the coach, praised the players.", "Kevin Mbaku", v1::PERSON},
      // Arabic-script names in name context.
      {"ar", "وقال هشام فوزي إن المشروع سيكتمل العام المقبل.", "Hisham Fawzi", v1::PERSON},
      {"ar", "وأكد السفير الفيتنامي ترينه كووك خانه أن العلاقات تتطور.", "Trinh Quoc Khanh", v1::PERSON},
  };
  for (const NameCase& c : cases) {
    SCOPED_TRACE(c.text);
    const v1::DocumentSummary s = Extract(std::string(kTitle) + c.text, c.language);
    ExpectFound(c, Find(s, c.name), Names(s));
  }
}

TEST_F(EntitiesTest, OneOfficialOneIdInEveryScriptWithoutATable) {
  const char* texts[][2] = {
      {"vi", "Thứ trưởng Bộ Tài chính Trịnh Quốc Khánh cho biết ngân sách tăng."},
      {"fr", "Le vice-ministre des Finances Trinh Quoc Khanh a déclaré que le budget augmentait."},
      {"en", "Deputy Finance Minister Trinh Quoc Khanh said the budget was growing."},
      {"zh", "越南财政部副部长郑国庆表示，预算有所增加。"},
      {"ar", "وقال نائب وزير المالية الفيتنامي ترينه كووك خانه إن الميزانية تزداد."},
  };
  std::map<std::string, std::string> ids;
  for (const auto& [language, text] : texts) {
    SCOPED_TRACE(text);
    const v1::DocumentSummary s = Extract(std::string(kTitle) + text, language);
    const v1::Entity* person = Find(s, "Trịnh Quốc Khánh");
    ASSERT_NE(person, nullptr) << ::testing::PrintToString(Names(s));
    ids[language] = person->id();
  }
  for (const auto& [language, id] : ids) EXPECT_EQ(id, ids["vi"]) << language;
  // Another person is another id, in any script.
  const v1::DocumentSummary other =
      Extract(std::string(kTitle) + "Thứ trưởng Bộ Tài chính Trịnh Văn Khang cho biết ngân sách tăng.", "vi");
  const v1::Entity* khang = Find(other, "Trịnh Văn Khang");
  ASSERT_NE(khang, nullptr) << ::testing::PrintToString(Names(other));
  EXPECT_NE(khang->id(), ids["vi"]);
}

TEST_F(EntitiesTest, SeedStoryInArabicAndFrenchLinksWithoutThePersonsTable) {
  const v1::DocumentSummary arabic =
      Extract(testing::ReadFile(testing::SeedsDir() + "/002_97632951dc6b66c7.txt"));
  const v1::DocumentSummary french =
      Extract(testing::ReadFile(testing::SeedsDir() + "/004_6de5c664f59d8edc.txt"));
  std::map<std::string, std::string> id_of;
  for (const char* name : {"Đặng Hoàng Giang", "Jean-Pierre Lacroix", "United Nations", "Vietnam"}) {
    SCOPED_TRACE(name);
    const v1::Entity* f = Find(french, name);
    ASSERT_NE(f, nullptr) << ::testing::PrintToString(Names(french));
    id_of[name] = f->id();
    const auto same = std::find_if(arabic.entities().begin(), arabic.entities().end(),
                                   [&](const v1::Entity& e) { return e.id() == f->id(); });
    ASSERT_NE(same, arabic.entities().end()) << f->id() << " " << ::testing::PrintToString(Names(arabic));
    EXPECT_EQ(same->type(), f->type());
  }
  EXPECT_TRUE(Met(arabic, id_of["Đặng Hoàng Giang"], id_of["Jean-Pierre Lacroix"]));
  EXPECT_TRUE(Met(french, id_of["Đặng Hoàng Giang"], id_of["Jean-Pierre Lacroix"]));
}

TEST_F(EntitiesTest, ProvincesAndRegionsComeFromCldrSubdivisions) {
  struct Case {
    const char* language;
    const char* text;
    const char* id;
  };
  for (const Case& c : {
           Case{"vi", "Mưa lớn gây ngập tại tỉnh Quảng Ninh và thành phố Cần Thơ.", "loc:VN-13"},
           Case{"zh", "广东省与越南加强经贸合作。", "loc:CN-GD"},
           Case{"zh", "四川的企业代表也出席了会议。", "loc:CN-SC"},
           Case{"fr", "Les pluies ont touché la province de Lào Cai au Vietnam.", "loc:VN-02"},
           Case{"en", "The company opened a plant in California last year.", "loc:US-CA"},
           Case{"ar", "ضربت الفيضانات مقاطعة نغي آن في فيتنام.", "loc:VN-22"},
       }) {
    SCOPED_TRACE(c.text);
    const v1::DocumentSummary s = Extract(std::string(kTitle) + c.text, c.language);
    const auto found = std::find_if(s.entities().begin(), s.entities().end(),
                                    [&](const v1::Entity& e) { return e.id() == c.id; });
    EXPECT_NE(found, s.entities().end()) << ::testing::PrintToString(Names(s));
  }
}

TEST_F(EntitiesTest, OrganizationsByTheirForm) {
  const NameCase cases[] = {
      {"vi", "Đội Công binh số 5 đã lên đường làm nhiệm vụ.", "Engineering Unit No. 5", v1::ORGANIZATION},
      {"vi", "Bệnh viện Đa khoa Vạn Xuân tiếp nhận 20 bệnh nhân.", "Vạn Xuân General Hospital",
       v1::ORGANIZATION},
      {"vi", "Bộ Quốc phòng tổ chức hội nghị tổng kết.", "Ministry of National Defence (Vietnam)",
       v1::ORGANIZATION},
      {"zh", "越南国防部举行会议。", "Ministry of National Defence (Vietnam)", v1::ORGANIZATION},
      {"en", "The World Bank approved a new loan on Monday.", "World Bank", v1::ORGANIZATION},
      {"en", "Officers of Field Hospital No. 7 returned home.", "Field Hospital No. 7", v1::ORGANIZATION},
  };
  for (const NameCase& c : cases) {
    SCOPED_TRACE(c.text);
    const v1::DocumentSummary s = Extract(std::string(kTitle) + c.text, c.language);
    ExpectFound(c, Find(s, c.name), Names(s));
  }
}

TEST_F(EntitiesTest, NoHomographTraps) {
  // A country word inside a person's name names no country.
  v1::DocumentSummary s =
      Extract(std::string(kTitle) + "Bộ trưởng Bộ Tài chính Hồ Đức Phớc phát biểu tại hội nghị.", "vi");
  EXPECT_EQ(Find(s, "Germany"), nullptr) << ::testing::PrintToString(Names(s));
  EXPECT_EQ(Find(s, "Ministry of Finance (Germany)"), nullptr);
  s = Extract(std::string(kTitle) + "Cầu thủ Trần Thị Mỹ Linh ghi hai bàn thắng.", "vi");
  EXPECT_EQ(Find(s, "United States"), nullptr) << ::testing::PrintToString(Names(s));
  // Peace is no province: "hòa bình", "Hòa bình" in a title, 和平.
  s = Extract(std::string(kTitle) + "Lực lượng gìn giữ hòa bình của Liên hợp quốc; chương trình Phụ nữ, Hòa bình và An ninh.", "vi");
  EXPECT_EQ(Find(s, "Hòa Bình"), nullptr) << ::testing::PrintToString(Names(s));
  s = Extract("越南代表出席和平委员会会议\n越南代表出席了加沙和平委员会会议。", "zh");
  EXPECT_EQ(Find(s, "Hòa Bình"), nullptr) << ::testing::PrintToString(Names(s));
  // A city at the start of a body line after a headline is no person.
  s = Extract("Thủ tướng Việt Nam thăm chính thức Nhật Bản\nTokyo là chặng dừng chân đầu tiên của đoàn.", "vi");
  const v1::Entity* tokyo = Find(s, "Tokyo");
  ASSERT_NE(tokyo, nullptr) << ::testing::PrintToString(Names(s));
  EXPECT_EQ(tokyo->type(), v1::LOCATION);
  // A head noun inside a word heads nothing: "trụ sở", 局势.
  s = Extract(std::string(kTitle) + "Buổi lễ diễn ra tại trụ sở Cơ quan Liên hợp quốc.", "vi");
  for (const v1::Entity& e : s.entities()) EXPECT_THAT(e.name(), Not(::testing::HasSubstr("Department")));
  s = Extract("双方讨论地区局势\n双方呼吁和平方式解决国际紧张局势。", "zh");
  for (const v1::Entity& e : s.entities()) EXPECT_NE(e.type(), v1::ORGANIZATION) << e.name();
}

TEST_F(EntitiesTest, EventsComeFromTheSentence) {
  // A meeting by its verb, verb first with "with", or at a meeting.
  for (const char* text :
       {"Thứ trưởng Trịnh Quốc Khánh tiếp Đại sứ Pierre Dumont tại Hà Nội.",
        "التقى السفير ترينه كووك خانه مع الوزير بيير دومون في القاهرة.",
        "Lors de la réunion, le vice-ministre Trinh Quoc Khanh a remercié l'ambassadeur Pierre Dumont."}) {
    SCOPED_TRACE(text);
    const v1::DocumentSummary s = Extract(std::string(kTitle) + text);
    const v1::Entity* khanh = Find(s, "Trịnh Quốc Khánh");
    const v1::Entity* dumont = nullptr;
    for (const v1::Entity& e : s.entities()) {
      if (e.type() == v1::PERSON && &e != khanh) dumont = &e;
    }
    ASSERT_NE(khanh, nullptr) << ::testing::PrintToString(Names(s));
    ASSERT_NE(dumont, nullptr) << ::testing::PrintToString(Names(s));
    EXPECT_TRUE(Met(s, khanh->id(), dumont->id()));
  }
  // A person quoted at a meeting did not attend it.
  v1::DocumentSummary s = Extract(std::string(kTitle) +
                                  "At the meeting, Ambassador Lena Marsh quoted President Carl Hobart "
                                  "on the value of trade.",
                                  "en");
  for (const v1::Event& e : s.events()) EXPECT_NE(e.type(), v1::MEETING);
  // An organization that speaks is no person's statement: the person named
  // after it is what it spoke of.
  s = Extract(std::string(kTitle) + "وقالت وزارة الخارجية المصرية في بيان إن الوزير هشام فوزي سيزور هانوي.",
              "ar");
  for (const v1::Event& e : s.events()) EXPECT_NE(e.type(), v1::STATEMENT) << ::testing::PrintToString(Names(s));
  // The place of an event is the one its sentence names, not the dateline's.
  s = Extract("Hai bộ trưởng hội đàm tại Geneva\nHÀ NỘI (TTXVN) – Bộ trưởng Trịnh Quốc Khánh đã hội đàm "
              "với Bộ trưởng Pierre Dumont tại Geneva ngày 5/3.",
              "vi");
  const v1::Entity* geneva = Find(s, "Geneva");
  ASSERT_NE(geneva, nullptr) << ::testing::PrintToString(Names(s));
  bool meeting = false;
  for (const v1::Event& e : s.events()) {
    if (e.type() != v1::MEETING) continue;
    meeting = true;
    EXPECT_EQ(e.location_id(), geneva->id());
  }
  EXPECT_TRUE(meeting);
  // A bare title stands for the person last named with it.
  s = Extract(std::string(kTitle) +
                  "L'ambassadeur Pierre Dumont est arrivé à Hanoï. L'ambassadeur a souligné l'importance du "
                  "commerce.",
              "fr");
  int statements = 0;
  for (const v1::Event& e : s.events()) statements += e.type() == v1::STATEMENT;
  EXPECT_GE(statements, 1);
}

TEST_F(EntitiesTest, DatelinesInEveryWireForm) {
  struct Case {
    const char* language;
    const char* text;
    const char* place;
    const char* date;
  };
  for (const Case& c : {
           Case{"en", "LONDON, March 4 (Reuters) - Shares rose on Tuesday.", "LONDON", "March 4"},
           Case{"fr", "Paris, 4 mars 2025 (VNA) – Le forum s'est ouvert mardi.", "Paris", "4 mars 2025"},
           Case{"vi", "HÀ NỘI (TTXVN) – Ngày 7/3, hội nghị đã khai mạc.", "HÀ NỘI", "Ngày 7/3"},
           Case{"vi", "HÀ NỘI, ngày 6/3 - Bộ Quốc phòng tổ chức hội nghị.", "HÀ NỘI", "ngày 6/3"},
           Case{"fr", "Tokyo (TTXVN) – La délégation est arrivée lundi.", "Tokyo", ""},
           Case{"zh", "新华社金边3月8日电 柬埔寨首相出席了会议。", "金边", "3月8日"},
           Case{"zh", "越通社河内——5月27日，越南国会召开会议。", "河内", "5月27日"},
           Case{"ar", "القاهرة (أ ف ب) - افتتح المعرض أمس.", "القاهرة", ""},
       }) {
    SCOPED_TRACE(c.text);
    const v1::DocumentSummary s = Extract(std::string(kTitle) + c.text, c.language);
    EXPECT_EQ(s.dateline().place(), c.place);
    EXPECT_EQ(s.dateline().date(), c.date);
  }
}

TEST_F(EntitiesTest, CreditedSourcesAreSourcesNotEntities) {
  const v1::DocumentSummary s = Extract(
      testing::ReadFile(testing::SeedsDir() + "/000_c08e39c86333cf3a.txt"));
  EXPECT_THAT(s.sources(), Contains("VNA"));
  EXPECT_EQ(Find(s, "Vietnam News Agency"), nullptr);
}

// A stage runs with tables of its own: here KnownNames with one made-up
// place and no CLDR.
TEST(EntityStages, KnownNamesRunsWithItsOwnTables) {
  EntityTables::Options options;
  options.cldr = false;
  options.files["locations.tsv"] = "loc:zorbia\tZorbia\ten\tZorbia\n";
  options.files["cities.tsv"] = "";
  auto tables = EntityTables::Create(options);
  ASSERT_THAT(tables, IsOk());
  auto reader = NameReader::Create({tables->get()});
  ASSERT_THAT(reader, IsOk());
  auto known = KnownNames::Create({tables->get(), reader->get()});
  ASSERT_THAT(known, IsOk());
  const std::string text = "Trade grew in Zorbia and in Paris.";
  StructureInput input{text, "en", {}, {0, text.size()}, {}, {}, nullptr, nullptr};
  EntityDoc doc = EntityDoc::Build(input, **tables);
  (*known)->Run(&doc);
  std::vector<std::string> names;
  for (const Candidate& c : doc.candidates) names.push_back(c.name);
  EXPECT_THAT(names, ElementsAre("Zorbia"));  // no CLDR: Paris is unknown
}

TEST(EntityStages, BadDataNamesFileAndLine) {
  EntityTables::Options options;
  options.files["name_words.tsv"] = "vi\ttỉnh\tplace_before\nvi\tthành phố\tno_such_kind\n";
  const auto tables = EntityTables::Create(options);
  ASSERT_FALSE(tables.ok());
  EXPECT_THAT(tables.status().message(), ::testing::HasSubstr("name_words.tsv"));
}

}  // namespace
}  // namespace factd
