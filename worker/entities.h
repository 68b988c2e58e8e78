// EntityExtractor finds who and what an article names (persons,
// organizations, locations, countries), its dateline and credited sources,
// and the events it states plainly, in Chinese, Vietnamese, Arabic, French
// and English. One entity gets one id and canonical Latin name whatever the
// language it is written in:
//
//   - countries take their names in all five languages from ICU's CLDR data;
//   - organizations, locations, known persons, titles, ministries, sources
//     and event triggers are data (worker/data/entities/*.tsv);
//   - persons are also found by evidence: a title beside a name;
//   - a Vietnamese name in Chinese characters is read in Sino-Vietnamese
//     (Unihan kVietnamese after kTraditionalVariant, plus a supplement);
//   - a Latin name in parentheses after a Chinese or Arabic one is an alias;
//   - Arabic-script and Latin-script names match on a consonant skeleton of
//     their ICU transliterations;
//   - case and diacritics never split an entity.
//
//   auto entities = factd::EntityExtractor::Create().value();
//   factd::StructureFacts facts = entities->Extract(input);
//
// Thread-safe after Create (ICU transliterators are cloned per thread).
#ifndef FACTD_WORKER_ENTITIES_H_
#define FACTD_WORKER_ENTITIES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "factd/v1/factd.pb.h"
#include "re2/re2.h"
#include "worker/lexicon.h"
#include "worker/numbers.h"
#include "worker/structure.h"

namespace factd {

struct MentionFact {
  ByteRange span;
  std::string role;  // title or role written beside it, as written
};

struct EntityFact {
  std::string id;
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  std::string name;
  std::vector<MentionFact> mentions;  // in text order
  float salience = 0;
};

struct EventFact {
  v1::EventType type = v1::EVENT_TYPE_UNSPECIFIED;
  std::vector<std::string> participant_ids;
  std::string date;
  std::string location_id;
  ByteRange evidence;
};

struct DatelineFact {
  std::string place;
  std::string date;
  ByteRange span;  // empty: no dateline
};

struct StructureFacts {
  DatelineFact dateline;
  std::vector<std::string> sources;   // canonical short names, first credit first
  std::vector<EntityFact> entities;   // by first mention
  std::vector<EventFact> events;      // in text order
};

// What Extract reads: the NFC text and what earlier stages found.
struct StructureInput {
  std::string_view text;
  std::string language;
  ByteRange headline;
  ByteRange body;
  std::vector<ByteRange> excluded;  // boilerplate, sorted
  // Boilerplate not even read for credits (other articles' related-news
  // lists), sorted; a subset of `excluded`.
  std::vector<ByteRange> unread;
  const NumberFacts* numbers = nullptr;
  // Every pass stops (keeping what it found) once this is spent; may be null.
  Budget* budget = nullptr;
};

class EntityExtractor {
 public:
  // Loads the gazetteers (CLDR country names, the data files) and the ICU
  // transliterators. INVALID_ARGUMENT naming file and line for bad data.
  static absl::StatusOr<std::unique_ptr<EntityExtractor>> Create();
  ~EntityExtractor();

  StructureFacts Extract(const StructureInput& input) const;

  // The Sino-Vietnamese reading of a Vietnamese name written in Chinese
  // characters, each syllable capitalized ("黄春战" -> "Hoàng Xuân Chiến");
  // empty when a character has no reading.
  std::string SinoVietnamese(std::string_view han) const;
  // The key that decides whether two Latin names are one: case, diacritics,
  // spaces and hyphens folded ("Đặng Hoàng Giang" -> "danghoanggiang").
  std::string LatinKey(std::string_view name) const;
  // Consonant skeleton of a name in any script, per word, for matching
  // Arabic-script to Latin-script renderings.
  std::vector<std::string> Skeleton(std::string_view name) const;
  // Whether two skeletons name the same person.
  static bool SkeletonsMatch(const std::vector<std::string>& a, const std::vector<std::string>& b);

 private:
  struct Known {
    std::string id;
    v1::EntityType type;
    std::string name;
    std::string iso2;  // countries
  };
  struct Ministry {
    std::string key;
    std::string name;  // "Ministry of Defence"
  };
  class Run;
  friend class Run;

  EntityExtractor() = default;
  absl::Status Load();
  const Lexicon* GazetteerFor(const std::string& language) const;

  std::vector<Known> known_;
  absl::flat_hash_map<std::string, size_t> known_by_id_;
  // Latin-key of each known person, and their skeletons.
  absl::flat_hash_map<std::string, size_t> person_by_key_;
  std::vector<std::pair<std::vector<std::string>, size_t>> person_skeletons_;
  std::vector<Ministry> ministries_;
  std::vector<std::string> source_names_;
  absl::flat_hash_map<std::string, std::unique_ptr<Lexicon>> gazetteers_;
  absl::flat_hash_map<std::string, std::vector<std::unique_ptr<RE2>>> datelines_;
  absl::flat_hash_map<char32_t, std::string> vietnamese_reading_;
  absl::flat_hash_map<char32_t, char32_t> traditional_;
  absl::flat_hash_map<char32_t, std::string> vietnamese_surnames_;
};

}  // namespace factd

#endif  // FACTD_WORKER_ENTITIES_H_
