// EntityTables: what the entity stage knows before it reads a document, per
// language, all matched through one PhraseMatcher over the token stream:
//
//   - known entities: countries (ICU/CLDR names, country_aliases.tsv),
//     provinces, states and regions (CLDR subdivisions, ISO 3166-2 ids),
//     cities (CLDR's exemplar cities, locations.tsv), organizations
//     (organizations.tsv) and persons (persons.tsv: canonical spellings only);
//   - the words around names: titles and honorifics (titles.tsv), speech and
//     other event verbs (events.tsv), organization head nouns
//     (org_heads.tsv), ministries (ministries.tsv), credited sources
//     (sources.tsv), place affixes, stop words and name particles
//     (name_words.tsv);
//   - surnames (vietnamese_surnames.tsv, chinese_surnames.tsv).
//
// Tests build tables of their own: Options::files replaces any data file's
// content ("" empties it) and Options::cldr turns the CLDR sources off.
//
//   auto tables = factd::EntityTables::Create({}).value();
//   const factd::LanguageTables& vi = tables->For("vi");
//
// Thread-safe after Create (read-only).
#ifndef FACTD_WORKER_ENTITY_TABLES_H_
#define FACTD_WORKER_ENTITY_TABLES_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "factd/v1/factd.pb.h"
#include "worker/phrase_matcher.h"
#include "worker/tokens.h"

namespace factd {

struct KnownEntity {
  std::string id;  // "country:VN", "loc:VN-13", "org:un", "person:to-lam"
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  std::string name;  // canonical, Latin script
  std::string country;  // ISO 3166-1 alpha-2 of a country or subdivision
};

// What a matched phrase is. A phrase may have several readings.
enum class EntryKind : uint8_t {
  kKnown,           // ref: index into EntityTables::known()
  kAdjective,       // a nationality adjective; ref: the country's known index
  kTitle,           // ref: index into titles()
  kTrigger,         // ref: the v1::EventType
  kSource,          // ref: index into sources()
  kOrgHead,         // ref: index into org_heads()
  kMinistry,        // ref: index into ministries()
  kPlaceBefore,     // "tỉnh", "province de", "مقاطعة": a place follows
  kPlaceAfter,      // "省", "province", "state": a place precedes
  kStop,            // a function word: no name runs through it
  kParticle,        // a name particle ("de", "van", "al", "bin")
  kConnector,       // a word between a title and its name ("of", "tại", "de")
  kPronoun,         // he, she, ông, il, 他, هو
  kSurname,         // ref: index into surnames()
  kNameCue,         // a word that says a name follows ("Mr", "ông", "Dr")
  kApposition,      // opens an apposition after a name (", a ...", ", un ...")
  kQuote,           // the names after it are quoted, not present ("quoted")
  kOrgWord,         // a word of organization names; ref: index into org_words()
  kAnd,             // joins two names ("and", "và", "与")
  kWith,            // a second party after a verb ("with", "avec", "với", "مع")
  kMeetingFrame,    // "At the meeting,", "Lors de la réunion,", "会见中"
};

struct TableEntry {
  EntryKind kind;
  uint32_t ref = 0;
  // A place name written without its affix that is also a common word
  // ("和平" for 和平省 Hòa Bình): a place only with the affix after it or
  // its country's name before it.
  bool needs_affix = false;
  // Registered by its Arabic stem ("رياض" for "الرياض", "بنان" for "لبنان"):
  // matches only a word that carried a prefix ("بالرياض"), not the bare
  // stem, which is another word.
  bool needs_prefix = false;
};

struct Title {
  bool after = false;      // written after the name
  bool honorific = false;  // a form of address (Mr, ông, السيد), not an office
};

struct OrgHead {
  std::string english;  // "Hospital", "Company", "Committee"
  // Where the head stands in the name as written: first (Bệnh viện X,
  // hôpital X, مستشفى X, University of X) or last (X Hospital, X医院).
  bool first = true;
  // Numbered units ("Đội Cứu hộ số 3"): the number belongs to the name.
  bool numbered = false;
};

struct Ministry {
  std::string key;   // "defence"
  std::string name;  // "Ministry of Defence"
};

// A descriptive word of organization names and its English form
// ("Nhân dân" -> "People's", "Đa khoa" -> "General", "港口" -> "Port").
struct OrgWord {
  std::string english;
};

struct Surname {
  std::string reading;  // the Vietnamese reading of a Han surname; the surname itself otherwise
  bool vietnamese = false;
  bool chinese = false;
};

// One language's vocabulary and matcher.
struct LanguageTables {
  std::string language;
  FoldMode mode = FoldMode::kCaseAndMarks;
  Vocabulary vocabulary;
  PhraseMatcher matcher;
  std::vector<TableEntry> entries;  // matcher payloads index this
};

class EntityTables {
 public:
  struct Options {
    // Data file name -> content, used instead of the embedded file.
    absl::flat_hash_map<std::string, std::string> files;
    // Countries, subdivisions and cities from CLDR.
    bool cldr = true;
  };

  // INVALID_ARGUMENT naming file and line for malformed data.
  static absl::StatusOr<std::unique_ptr<EntityTables>> Create(const Options& options);

  // The tables of `language`; English's for a language without its own.
  const LanguageTables& For(const std::string& language) const;

  const std::vector<KnownEntity>& known() const { return known_; }
  const std::vector<Title>& titles() const { return titles_; }
  const std::vector<OrgHead>& org_heads() const { return org_heads_; }
  const std::vector<Ministry>& ministries() const { return ministries_; }
  const std::vector<std::string>& sources() const { return sources_; }
  const std::vector<Surname>& surnames() const { return surnames_; }
  const std::vector<OrgWord>& org_words() const { return org_words_; }
  // Index of the known entity with `id`, or -1.
  int FindKnown(const std::string& id) const;
  // The official English name of ministry `key` of country `iso2`, if the
  // table has it ("Ministry of National Defence" for defence, VN).
  const std::string* OfficialMinistryName(const std::string& key, const std::string& iso2) const;
  // Known persons by the Latin key of their names (LatinKey), for linking.
  const absl::flat_hash_map<std::string, uint32_t>& persons_by_key() const { return persons_by_key_; }
  // Known places by the Latin key of their names and Latin surfaces: a
  // place read back from Han or Arabic script ("乂安" -> Nghe An) is found
  // by what it reads as.
  const absl::flat_hash_map<std::string, uint32_t>& places_by_key() const { return places_by_key_; }

  // Data file content: Options::files, else the embedded file.
  absl::Status ForEachRow(const std::string& file, size_t min_columns,
                          const std::function<absl::Status(const std::vector<std::string>&)>& row) const;

 private:
  EntityTables() = default;
  absl::Status Load();
  void AddPhrase(const std::string& language, const std::string& surface, TableEntry entry);
  uint32_t AddKnown(const std::string& id, v1::EntityType type, const std::string& name,
                    const std::string& country);
  absl::Status LoadCldr();

  Options options_;
  std::map<std::string, std::unique_ptr<LanguageTables>> languages_;
  std::vector<KnownEntity> known_;
  absl::flat_hash_map<std::string, uint32_t> known_by_id_;
  std::vector<Title> titles_;
  std::vector<OrgHead> org_heads_;
  std::vector<Ministry> ministries_;
  absl::flat_hash_map<std::string, std::string> official_ministries_;  // "key|VN" -> name
  std::vector<std::string> sources_;
  std::vector<Surname> surnames_;
  std::vector<OrgWord> org_words_;
  absl::flat_hash_map<std::string, uint32_t> persons_by_key_;
  absl::flat_hash_map<std::string, uint32_t> places_by_key_;
};

// The languages with tables of their own.
const std::vector<std::string>& EntityLanguages();

}  // namespace factd

#endif  // FACTD_WORKER_ENTITY_TABLES_H_
