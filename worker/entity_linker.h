// EntityLinker turns the candidates of the recognizers into the document's
// entities: it settles overlaps (a longer or better-evidenced mention wins;
// a country or place inside an organization's name stays a mention of its
// own, one inside a person's name does not), gives each mention its entity
// and id, and finds the later mentions of persons by their short forms.
//
// Ids: a table's id for a known entity; for a person no table knows, one
// that does not depend on the script the name was written in:
//   - a Vietnamese name (a surname and syllables, read from Han or Arabic
//     script where need be) by its letters: "person:nguyen-van-thanh";
//   - any other name by a phonetic key of its consonants, which a Latin
//     spelling and an Arabic rendering share: "Jean-Pierre Lacroix" and
//     "جان بيير لاكروا" both give "person:gn-br-lkr";
// for an organization "org:" and its canonical name's letters.
//
//   auto linker = factd::EntityLinker::Create({&tables, &reader}).value();
//   std::vector<factd::LinkedMention> mentions = linker->Run(&doc);
//
// Thread-safe after Create.
#ifndef FACTD_WORKER_ENTITY_LINKER_H_
#define FACTD_WORKER_ENTITY_LINKER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "worker/entity_doc.h"
#include "worker/name_reader.h"

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

// A mention after linking, for the event rules: tokens, entity, role.
struct LinkedMention {
  uint32_t first = 0;
  uint32_t end = 0;
  size_t entity = 0;  // index into the entities
  ByteRange role;
};

class EntityLinker {
 public:
  struct Options {
    const EntityTables* tables = nullptr;
    const NameReader* reader = nullptr;
  };
  static absl::StatusOr<std::unique_ptr<EntityLinker>> Create(const Options& options);

  // Links doc->candidates; fills `entities` (by first mention) and returns
  // every mention in text order.
  std::vector<LinkedMention> Run(EntityDoc* doc, std::vector<EntityFact>* entities) const;

  // The phonetic key of a name in Latin or Arabic script: each word's
  // consonants by sound class, vowels and silent endings dropped, the
  // Arabic article left out ("gn-br-lkr").
  static std::string PhoneticKey(std::string_view name);

 private:
  explicit EntityLinker(const Options& options);
  // The id a person's canonical name gets.
  std::string PersonIdOf(const std::string& name) const;

  Options options_;
  // Known persons by phonetic key, so an Arabic rendering finds them.
  absl::flat_hash_map<std::string, uint32_t> persons_by_phonetic_key_;
};

}  // namespace factd

#endif  // FACTD_WORKER_ENTITY_LINKER_H_
