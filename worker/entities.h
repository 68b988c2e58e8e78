// EntityExtractor finds who and what an article names (persons,
// organizations, locations, countries), its dateline and credited sources,
// and the events it states plainly, in Chinese, Vietnamese, Arabic, French
// and English. It is a pipeline of small stages over one EntityDoc, each
// built from the same tables (EntityTables) so a test can run any of them
// with tables of its own:
//
//   EntityDoc::Build   tokens, sentences, every table phrase (one pass)
//   KnownNames         countries, provinces, cities, known organizations
//   PersonNames        persons by titles, speech verbs and name shapes
//   OrgForms           organizations by head nouns; ministries by country
//   PlaceForms         places by the administrative word beside them
//   EntityLinker       overlaps, ids, canonical names, later mentions
//   Datelines          dateline and credited sources
//   EventRules         meetings, statements, deployments, elections,
//                      agreements
//
//   auto entities = factd::EntityExtractor::Create({}).value();
//   factd::StructureFacts facts = entities->Extract(input);
//
// Thread-safe after Create.
#ifndef FACTD_WORKER_ENTITIES_H_
#define FACTD_WORKER_ENTITIES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "worker/datelines.h"
#include "worker/entity_doc.h"
#include "worker/entity_linker.h"
#include "worker/entity_tables.h"
#include "worker/event_rules.h"
#include "worker/known_names.h"
#include "worker/name_reader.h"
#include "worker/org_forms.h"
#include "worker/person_names.h"
#include "worker/place_forms.h"

namespace factd {

struct StructureFacts {
  DatelineFact dateline;
  std::vector<std::string> sources;   // canonical short names, first credit first
  std::vector<EntityFact> entities;   // by first mention
  std::vector<EventFact> events;      // in text order
  // The country the article names most (ISO 3166-1 alpha-2), "" when none.
  std::string main_country;
};

class EntityExtractor {
 public:
  struct Options {
    EntityTables::Options tables;
  };
  // Loads the tables and builds every stage. INVALID_ARGUMENT naming file
  // and line for bad data.
  static absl::StatusOr<std::unique_ptr<EntityExtractor>> Create(const Options& options = {});
  ~EntityExtractor();

  StructureFacts Extract(const StructureInput& input) const;

  const EntityTables& tables() const { return *tables_; }
  const NameReader& reader() const { return *reader_; }

 private:
  EntityExtractor() = default;
  std::unique_ptr<EntityTables> tables_;
  std::unique_ptr<NameReader> reader_;
  std::unique_ptr<KnownNames> known_;
  std::unique_ptr<PersonNames> persons_;
  std::unique_ptr<OrgForms> orgs_;
  std::unique_ptr<PlaceForms> places_;
  std::unique_ptr<EntityLinker> linker_;
  std::unique_ptr<Datelines> datelines_;
  std::unique_ptr<EventRules> events_;
};

}  // namespace factd

#endif  // FACTD_WORKER_ENTITIES_H_
