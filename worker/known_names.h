// KnownNames proposes a mention for every phrase of the tables' known
// entities (countries, provinces, cities, organizations, persons) the text
// holds outside boilerplate. In Latin script a name is written with a
// capital ("la réunion" is no Réunion, "đức" no Germany); a news agency
// named in the body is a credited source, not an entity.
//
//   auto known = factd::KnownNames::Create({&tables}).value();
//   known->Run(&doc);
//
// Thread-safe after Create.
#ifndef FACTD_WORKER_KNOWN_NAMES_H_
#define FACTD_WORKER_KNOWN_NAMES_H_

#include <memory>

#include "absl/status/statusor.h"
#include "worker/entity_doc.h"
#include "worker/name_reader.h"

namespace factd {

class KnownNames {
 public:
  struct Options {
    const EntityTables* tables = nullptr;
    // Vietnamese syllables: a place word between them is part of a name.
    const NameReader* reader = nullptr;
  };
  static absl::StatusOr<std::unique_ptr<KnownNames>> Create(const Options& options);

  void Run(EntityDoc* doc) const;

 private:
  explicit KnownNames(const Options& options) : options_(options) {}
  // Whether this reading of a phrase is the one to take: of two places
  // with one name, the one in a country the article names; no province of
  // an unnamed country in scripts without capitals.
  bool Preferred(const EntityDoc& doc, const Hit& hit) const;
  // Whether a one-word name stands on its own, not inside a longer name
  // or as another word.
  bool Standalone(const EntityDoc& doc, const Hit& hit, const KnownEntity& known) const;
  Options options_;
};

}  // namespace factd

#endif  // FACTD_WORKER_KNOWN_NAMES_H_
