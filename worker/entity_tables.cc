#include "worker/entity_tables.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "re2/re2.h"
#include "unicode/locid.h"
#include "unicode/strenum.h"
#include "unicode/timezone.h"
#include "unicode/translit.h"
#include "unicode/tznames.h"
#include "unicode/unistr.h"
#include "worker/embedded_data.h"
#include "worker/name_keys.h"

namespace factd {
namespace {

v1::EntityType TypeOfTable(const std::string& file) {
  if (file == "organizations.tsv") return v1::ORGANIZATION;
  if (file == "locations.tsv" || file == "cities.tsv") return v1::LOCATION;
  return v1::PERSON;
}

// A subdivision's names as text writes them: CLDR's name, and the name
// without its administrative affix ("Province de Quảng Ninh" -> "Quảng Ninh",
// "广西壮族自治区" -> "广西", "محافظة أسوان" -> "أسوان"). The affix words are
// matched on their own (name_words.tsv), so "tỉnh Quảng Ninh" and
// "مقاطعة كوانج ننه" still read as one place.
std::vector<std::string> SubdivisionSurfaces(const std::string& language, const std::string& name) {
  static const auto* const kAffixes = new std::map<std::string, RE2*>{
      {"zh", new RE2("^(.{2,}?)(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市|州|县|区|郡|府|道|邦)$")},
      {"fr", new RE2("^(?:Province|Région|Préfecture|Gouvernorat|Département|Comté|État|Municipalité|"
                     "District|Canton|Wilaya|Oblast|Territoire|Émirat) (?:de la |de l[’']|du |des |de |d[’'])(.+)$")},
      {"ar", new RE2("^(?:مقاطعة|محافظة|ولاية|إقليم|منطقة|بلدية|إمارة) (.+)$")},
      {"vi", new RE2("^(?:Tỉnh|Thành phố|Tiểu bang|Bang|Vùng|Quận|Huyện|Khu tự trị|Khu vực) (.+)$")},
      {"en", new RE2("^(.+?) (?:Province|Prefecture|Governorate|Region|County|State|District|"
                     "Municipality|Oblast|Emirate)$")},
  };
  std::vector<std::string> surfaces = {name};
  auto it = kAffixes->find(language);
  std::string bare;
  if (it != kAffixes->end() && RE2::FullMatch(name, *it->second, &bare) && bare != name) {
    surfaces.push_back(bare);
  }
  return surfaces;
}

// Whether a subdivision's English name is made of words of direction and
// rank alone ("North", "Central District", "Capital Region"): such a name
// in another language is an ordinary word far more often than the place.
bool Generic(const std::string& english) {
  static const auto* const kGeneric = new absl::flat_hash_set<std::string>{
      "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
      "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
      "south-east", "south-west", "capital", "centre", "center", "district", "region",
      "province", "coast", "coastal", "islands", "island", "upper", "lower", "middle", "new",
      "greater", "territory", "city", "municipality", "department", "county", "state", "nord",
      "sud", "est", "ouest", "north-central", "south-central", "central-east", "far", "metropolitan"};
  for (absl::string_view word : absl::StrSplit(absl::AsciiStrToLower(english), ' ', absl::SkipEmpty())) {
    if (!kGeneric->contains(word)) return false;
  }
  return true;
}

// Whether a place name is specific enough to match on its own: two Han
// characters, or three letters of another script.
bool SpecificEnough(const std::string& surface) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(surface);
  const int32_t characters = u.countChar32();
  const bool han = characters > 0 && u.char32At(0) >= 0x2E80;
  return characters >= (han ? 2 : 3);
}

}  // namespace

const std::vector<std::string>& EntityLanguages() {
  static const auto* const kLanguages = new std::vector<std::string>{"zh", "vi", "ar", "fr", "en"};
  return *kLanguages;
}

absl::StatusOr<std::unique_ptr<EntityTables>> EntityTables::Create(const Options& options) {
  std::unique_ptr<EntityTables> tables(new EntityTables());
  tables->options_ = options;
  for (const std::string& language : EntityLanguages()) {
    auto t = std::make_unique<LanguageTables>();
    t->language = language;
    t->mode = FoldModeFor(language);
    tables->languages_[language] = std::move(t);
  }
  if (absl::Status loaded = tables->Load(); !loaded.ok()) return loaded;
  return tables;
}

const LanguageTables& EntityTables::For(const std::string& language) const {
  auto it = languages_.find(language);
  return it == languages_.end() ? *languages_.at("en") : *it->second;
}

int EntityTables::FindKnown(const std::string& id) const {
  auto it = known_by_id_.find(id);
  return it == known_by_id_.end() ? -1 : static_cast<int>(it->second);
}

const std::string* EntityTables::OfficialMinistryName(const std::string& key,
                                                      const std::string& iso2) const {
  auto it = official_ministries_.find(absl::StrCat(key, "|", iso2));
  return it == official_ministries_.end() ? nullptr : &it->second;
}

absl::Status EntityTables::ForEachRow(
    const std::string& file, size_t min_columns,
    const std::function<absl::Status(const std::vector<std::string>&)>& row) const {
  if (auto it = options_.files.find(file); it != options_.files.end()) {
    return ForEachTsvRow(it->second, file, min_columns, row);
  }
  return ForEachDataRow(file, min_columns, row);
}

uint32_t EntityTables::AddKnown(const std::string& id, v1::EntityType type, const std::string& name,
                                const std::string& country) {
  auto [it, inserted] = known_by_id_.emplace(id, static_cast<uint32_t>(known_.size()));
  if (inserted) {
    known_.push_back({id, type, name, country});
    if (type == v1::LOCATION) places_by_key_.emplace(LatinKey(name), it->second);
  }
  return it->second;
}

void EntityTables::AddPhrase(const std::string& language, const std::string& surface,
                             TableEntry entry) {
  if (language == "*") {
    for (const std::string& l : EntityLanguages()) AddPhrase(l, surface, entry);
    return;
  }
  auto it = languages_.find(language);
  if (it == languages_.end()) return;
  LanguageTables& t = *it->second;
  const std::vector<std::string> folded = FoldedTokens(surface, t.mode);
  if (folded.empty()) return;
  const auto payload = static_cast<uint32_t>(t.entries.size());
  t.entries.push_back(entry);
  std::vector<uint32_t> keys;
  for (const std::string& token : folded) keys.push_back(t.vocabulary.Intern(token));
  t.matcher.Add(keys, payload);
  // Arabic text glues prepositions and the article to a name's first word
  // ("للأمم المتحدة", "بالقاهرة"): the word's stem starts the phrase too.
  const std::string_view stem = ArabicStem(folded.front());
  if (!stem.empty() && stem.size() < folded.front().size()) {
    TableEntry stemmed = entry;
    stemmed.needs_prefix = true;
    keys.front() = t.vocabulary.Intern(stem);
    t.matcher.Add(keys, static_cast<uint32_t>(t.entries.size()));
    t.entries.push_back(stemmed);
  }
}

absl::Status EntityTables::LoadCldr() {
  // Countries: CLDR names in the five languages (ICU display names).
  for (const char* const* code = icu::Locale::getISOCountries(); *code != nullptr; ++code) {
    const icu::Locale region("", *code);
    icu::UnicodeString english;
    region.getDisplayCountry(icu::Locale("en"), english);
    std::string name;
    english.toUTF8String(name);
    if (name.empty() || name == *code) continue;
    const uint32_t index = AddKnown(absl::StrCat("country:", *code), v1::COUNTRY, name, *code);
    for (const std::string& language : EntityLanguages()) {
      icu::UnicodeString local;
      region.getDisplayCountry(icu::Locale(language.c_str()), local);
      std::string surface;
      local.toUTF8String(surface);
      if (!surface.empty() && surface != *code) AddPhrase(language, surface, {EntryKind::kKnown, index});
    }
  }
  // Provinces, states and regions: CLDR subdivisions, with ISO 3166-2 ids.
  absl::flat_hash_map<std::string, std::string> english;
  absl::Status loaded = ForEachRow("subdivisions.tsv", 3, [&](const auto& c) {
    if (c[0] == "en") english[c[1]] = c[2];
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  icu::UnicodeString unused;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> simplify(
      icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
  loaded = ForEachRow("subdivisions.tsv", 3, [&](const auto& c) {
    auto en = english.find(c[1]);
    if (en == english.end() || c[1].size() < 3 || Generic(en->second)) return absl::OkStatus();
    const std::string country = absl::AsciiStrToUpper(c[1].substr(0, 2));
    const std::string id = absl::StrCat("loc:", country, "-", absl::AsciiStrToUpper(c[1].substr(2)));
    const uint32_t index = AddKnown(id, v1::LOCATION, en->second, country);
    std::string name = c[2];
    if (c[0] == "zh" && simplify != nullptr) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(name);
      simplify->transliterate(u);
      name.clear();
      u.toUTF8String(name);
    }
    // Chinese writes its own provinces bare (广东, 四川) and foreign ones with
    // the affix (越南和平省); two bare characters of a foreign province are
    // most often a word (和平 "peace", 北部 "the north").
    const bool home = country == "CN" || country == "TW" || country == "HK" || country == "MO";
    for (const std::string& surface : SubdivisionSurfaces(c[0], name)) {
      if (!SpecificEnough(surface)) continue;
      const bool weak = c[0] == "zh" && !home && surface != name && !absl::EndsWith(name, "市") &&
                        icu::UnicodeString::fromUTF8(surface).countChar32() <= 2;
      AddPhrase(c[0], surface, {EntryKind::kKnown, index, weak});
    }
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  // Cities: the exemplar cities CLDR names for time zones, in each language.
  std::unique_ptr<icu::StringEnumeration> zones(icu::TimeZone::createEnumeration(status));
  std::map<std::string, std::unique_ptr<icu::TimeZoneNames>> names;
  for (const std::string& language : EntityLanguages()) {
    names[language].reset(icu::TimeZoneNames::createInstance(icu::Locale(language.c_str()), status));
  }
  if (U_FAILURE(status) || zones == nullptr) return absl::InternalError("ICU has no time zone data");
  for (const icu::UnicodeString* zone = zones->snext(status); zone != nullptr && U_SUCCESS(status);
       zone = zones->snext(status)) {
    if (zone->indexOf(u'/') < 0 || zone->startsWith(u"Etc/")) continue;
    icu::UnicodeString city;
    names["en"]->getExemplarLocationName(*zone, city);
    std::string en_name;
    city.toUTF8String(en_name);
    if (en_name.empty() || en_name == "Unknown City") continue;
    const uint32_t index = AddKnown(absl::StrCat("loc:", Slug(en_name)), v1::LOCATION, en_name, "");
    for (const std::string& language : EntityLanguages()) {
      icu::UnicodeString local;
      names[language]->getExemplarLocationName(*zone, local);
      std::string surface;
      local.toUTF8String(surface);
      if (SpecificEnough(surface)) AddPhrase(language, surface, {EntryKind::kKnown, index});
    }
  }
  return absl::OkStatus();
}

absl::Status EntityTables::Load() {
  if (options_.cldr) {
    if (absl::Status s = LoadCldr(); !s.ok()) return s;
  }
  absl::flat_hash_map<std::string, uint32_t> country_by_iso;
  for (uint32_t i = 0; i < known_.size(); ++i) {
    if (known_[i].type == v1::COUNTRY) country_by_iso[known_[i].country] = i;
  }
  absl::Status loaded = ForEachRow("country_aliases.tsv", 4, [&](const auto& c) {
    auto it = country_by_iso.find(c[0]);
    if (it == country_by_iso.end()) {
      // Without CLDR (tests), an alias brings its country.
      if (options_.cldr) return absl::InvalidArgumentError("unknown country " + c[0]);
      it = country_by_iso.emplace(c[0], AddKnown("country:" + c[0], v1::COUNTRY, c[0], c[0])).first;
    }
    AddPhrase(c[1], c[2],
              {c[3] == "adjective" ? EntryKind::kAdjective : EntryKind::kKnown, it->second});
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  for (const char* file : {"organizations.tsv", "locations.tsv", "cities.tsv", "persons.tsv"}) {
    const v1::EntityType type = TypeOfTable(file);
    loaded = ForEachRow(file, 4, [&](const auto& c) {
      const uint32_t index = AddKnown(c[0], type, c[1], "");
      // English names written with a capital (UNDP, United Nations) appear
      // inside text in the other languages too; short or lower-case ones
      // would collide with their words (French "un").
      const bool everywhere = c[2] == "en" && c[3].size() >= 3 &&
                              absl::ascii_isupper(static_cast<unsigned char>(c[3][0]));
      for (const std::string& surface : {c[3], c[1]}) {
        AddPhrase(everywhere ? "*" : c[2], surface, {EntryKind::kKnown, index});
      }
      if (type == v1::LOCATION && (c[2] == "vi" || c[2] == "en" || c[2] == "fr")) {
        places_by_key_.emplace(LatinKey(c[3]), index);
      }
      if (type == v1::PERSON) {
        persons_by_key_[LatinKey(c[1])] = index;
        persons_by_key_[LatinKey(c[3])] = index;
      }
      return absl::OkStatus();
    });
    if (!loaded.ok()) return loaded;
  }

  loaded = ForEachRow("titles.tsv", 4, [&](const auto& c) {
    if (c[3] == "pronoun") {
      AddPhrase(c[0], c[1], {EntryKind::kPronoun, 0});
      return absl::OkStatus();
    }
    titles_.push_back({c[2] == "after", c[3] == "honorific"});
    AddPhrase(c[0], c[1], {EntryKind::kTitle, static_cast<uint32_t>(titles_.size() - 1)});
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  loaded = ForEachRow("events.tsv", 3, [&](const auto& c) {
    v1::EventType type;
    if (!v1::EventType_Parse(c[0], &type)) return absl::InvalidArgumentError("unknown event " + c[0]);
    AddPhrase(c[1], c[2], {EntryKind::kTrigger, static_cast<uint32_t>(type)});
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  // Credits come in any script ("VNA/CVN" in French, 越通社 in Chinese).
  absl::flat_hash_map<std::string, uint32_t> source_index;
  loaded = ForEachRow("sources.tsv", 3, [&](const auto& c) {
    auto [it, inserted] = source_index.emplace(c[0], static_cast<uint32_t>(sources_.size()));
    if (inserted) sources_.push_back(c[0]);
    AddPhrase("*", c[2], {EntryKind::kSource, it->second});
    AddPhrase("*", c[0], {EntryKind::kSource, it->second});
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  absl::flat_hash_map<std::string, uint32_t> ministry_index;
  loaded = ForEachRow("ministries.tsv", 4, [&](const auto& c) {
    auto [it, inserted] = ministry_index.emplace(c[0], static_cast<uint32_t>(ministries_.size()));
    if (inserted) ministries_.push_back({c[0], c[1]});
    AddPhrase(c[2], c[3], {EntryKind::kMinistry, it->second});
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  loaded = ForEachRow("ministry_names.tsv", 3, [&](const auto& c) {
    official_ministries_[absl::StrCat(c[0], "|", c[1])] = c[2];
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  loaded = ForEachRow("org_heads.tsv", 5, [&](const auto& c) {
    if (c[3] != "first" && c[3] != "last") return absl::InvalidArgumentError("order is first or last");
    org_heads_.push_back({c[2], c[3] == "first", c[4] == "numbered"});
    AddPhrase(c[0], c[1], {EntryKind::kOrgHead, static_cast<uint32_t>(org_heads_.size() - 1)});
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  static const auto* const kWordKinds = new absl::flat_hash_map<std::string, EntryKind>{
      {"place_before", EntryKind::kPlaceBefore}, {"place_after", EntryKind::kPlaceAfter},
      {"stop", EntryKind::kStop},                {"particle", EntryKind::kParticle},
      {"connector", EntryKind::kConnector},      {"pronoun", EntryKind::kPronoun},
      {"name_cue", EntryKind::kNameCue},         {"apposition", EntryKind::kApposition},
      {"quote", EntryKind::kQuote},              {"and", EntryKind::kAnd},
      {"with", EntryKind::kWith},                {"meeting_frame", EntryKind::kMeetingFrame}};
  loaded = ForEachRow("name_words.tsv", 3, [&](const auto& c) {
    auto kind = kWordKinds->find(c[2]);
    if (kind == kWordKinds->end()) return absl::InvalidArgumentError("unknown kind " + c[2]);
    AddPhrase(c[0], c[1], {kind->second, 0});
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  loaded = ForEachRow("org_words.tsv", 3, [&](const auto& c) {
    org_words_.push_back({c[2]});
    AddPhrase(c[0], c[1], {EntryKind::kOrgWord, static_cast<uint32_t>(org_words_.size() - 1)});
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;

  // Surnames: a Han surname reads in Vietnamese for a Vietnamese person; the
  // Latin forms serve Vietnamese names written in Latin script.
  for (const auto& [file, vietnamese] :
       {std::pair{"vietnamese_surnames.tsv", true}, std::pair{"chinese_surnames.tsv", false}}) {
    loaded = ForEachRow(file, 2, [&, vietnamese = vietnamese](const auto& c) {
      const std::string reading(*absl::StrSplit(c[1], '/').begin());
      surnames_.push_back({reading, vietnamese, !vietnamese});
      const auto index = static_cast<uint32_t>(surnames_.size() - 1);
      if (c[0] != "-") AddPhrase("zh", c[0], {EntryKind::kSurname, index});
      if (vietnamese) {
        for (absl::string_view latin : absl::StrSplit(c[1], '/')) {
          for (const char* language : {"vi", "fr", "en"}) {
            AddPhrase(language, std::string(latin), {EntryKind::kSurname, index});
          }
        }
      }
      return absl::OkStatus();
    });
    if (!loaded.ok()) return loaded;
  }
  return absl::OkStatus();
}

}  // namespace factd
