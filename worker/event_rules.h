// EventRules finds the events a sentence states plainly, from the verbs of
// each language (events.tsv) and the linked mentions around them:
//
//   MEETING     persons on both sides of the verb ("A met B", "A tiếp B",
//               "A会见B", "استقبل A B"), or joined before it ("A and B held
//               talks"); a person merely quoted is no participant.
//   STATEMENT   the speaker: the person nearest before the verb in its
//               clause, else right after it (verb first: "قال ..."), else,
//               for a pronoun or a verb opening the sentence, the person of
//               the sentence before.
//   DEPLOYMENT  a country that sends a counted quantity, and the missions
//               or organizations it sends to.
//   ELECTION    the country or person elected and the body.
//   AGREEMENT   the persons who sign, else the organizations or countries.
//
// Each event has its sentence as evidence, the sentence's first date, and
// the place the sentence names (else the dateline's place).
//
//   auto rules = factd::EventRules::Create({&tables}).value();
//   rules->Run(doc, mentions, entities, dateline_place_id, &events);
//
// Thread-safe after Create.
#ifndef FACTD_WORKER_EVENT_RULES_H_
#define FACTD_WORKER_EVENT_RULES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "worker/entity_doc.h"
#include "worker/entity_linker.h"

namespace factd {

struct EventFact {
  v1::EventType type = v1::EVENT_TYPE_UNSPECIFIED;
  std::vector<std::string> participant_ids;
  std::string date;
  std::string location_id;
  ByteRange evidence;
};

class EventRules {
 public:
  struct Options {
    const EntityTables* tables = nullptr;
  };
  static absl::StatusOr<std::unique_ptr<EventRules>> Create(const Options& options);

  // `mentions` in text order; `place_id`: the dateline's place, if known.
  std::vector<EventFact> Run(const EntityDoc& doc, const std::vector<LinkedMention>& mentions,
                             const std::vector<EntityFact>& entities,
                             const std::string& place_id) const;

 private:
  explicit EventRules(const Options& options) : options_(options) {}
  Options options_;
};

}  // namespace factd

#endif  // FACTD_WORKER_EVENT_RULES_H_
