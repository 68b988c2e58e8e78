#include "worker/entities.h"

#include <utility>

namespace factd {

EntityExtractor::~EntityExtractor() = default;

absl::StatusOr<std::unique_ptr<EntityExtractor>> EntityExtractor::Create(const Options& options) {
  std::unique_ptr<EntityExtractor> e(new EntityExtractor());
  absl::StatusOr<std::unique_ptr<EntityTables>> tables = EntityTables::Create(options.tables);
  if (!tables.ok()) return tables.status();
  e->tables_ = *std::move(tables);
  const EntityTables* t = e->tables_.get();
  absl::StatusOr<std::unique_ptr<NameReader>> reader = NameReader::Create({t});
  if (!reader.ok()) return reader.status();
  e->reader_ = *std::move(reader);
  const NameReader* r = e->reader_.get();
  auto known = KnownNames::Create({t, r});
  auto persons = PersonNames::Create({t, r});
  auto orgs = OrgForms::Create({t, r});
  auto places = PlaceForms::Create({t, r});
  auto linker = EntityLinker::Create({t, r});
  auto datelines = Datelines::Create({t});
  auto events = EventRules::Create({t});
  for (const absl::Status& s : {known.status(), persons.status(), orgs.status(), places.status(), linker.status(),
                                datelines.status(), events.status()}) {
    if (!s.ok()) return s;
  }
  e->known_ = *std::move(known);
  e->persons_ = *std::move(persons);
  e->orgs_ = *std::move(orgs);
  e->places_ = *std::move(places);
  e->linker_ = *std::move(linker);
  e->datelines_ = *std::move(datelines);
  e->events_ = *std::move(events);
  return e;
}

StructureFacts EntityExtractor::Extract(const StructureInput& input) const {
  StructureFacts facts;
  EntityDoc doc = EntityDoc::Build(input, *tables_);
  known_->Run(&doc);
  persons_->Run(&doc);
  doc.IndexPersons();
  doc.CountCountries();  // without the country words of persons' names
  orgs_->Run(&doc);
  places_->Run(&doc);
  const std::vector<LinkedMention> mentions = linker_->Run(&doc, &facts.entities);
  facts.dateline = datelines_->Find(doc);
  facts.sources = datelines_->Sources(doc);
  // The dateline's place, when the text names a known place there.
  std::string place_id;
  for (const LinkedMention& m : mentions) {
    const ByteRange span = doc.Span(m.first, m.end);
    if (!facts.dateline.place_span.empty() && span.begin >= facts.dateline.place_span.begin &&
        span.end <= facts.dateline.place_span.end) {
      place_id = facts.entities[m.entity].id;
      break;
    }
  }
  facts.events = events_->Run(doc, mentions, facts.entities, place_id);
  facts.main_country = doc.main_country;
  return facts;
}

}  // namespace factd
