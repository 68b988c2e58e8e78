// Datelines finds where and when an article was filed, from the wire
// openings of each language (datelines.tsv: RE2 patterns with the named
// groups place, date and source, tried at the start of the body's first
// paragraphs: "越通社河内3月8日电", "HÀ NỘI (TTXVN) –", "Paris, 4 mars 2025
// (VNA) –", "LONDON, March 4 (Reuters) -"), and the agencies and outlets the
// page credits (sources.tsv: canonical short names, first credit first,
// photo credits included).
//
//   auto datelines = factd::Datelines::Create({&tables}).value();
//   factd::DatelineFact d = datelines->Find(doc);
//
// Thread-safe after Create.
#ifndef FACTD_WORKER_DATELINES_H_
#define FACTD_WORKER_DATELINES_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "re2/re2.h"
#include "worker/entity_doc.h"

namespace factd {

struct DatelineFact {
  std::string place;
  std::string date;
  ByteRange span;  // empty: no dateline
  ByteRange place_span;
};

class Datelines {
 public:
  struct Options {
    const EntityTables* tables = nullptr;
  };
  // INVALID_ARGUMENT naming the line of a pattern that does not compile.
  static absl::StatusOr<std::unique_ptr<Datelines>> Create(const Options& options);

  DatelineFact Find(const EntityDoc& doc) const;
  // Canonical names of the sources credited, in order of first credit.
  std::vector<std::string> Sources(const EntityDoc& doc) const;

 private:
  Datelines() = default;
  const EntityTables* tables_ = nullptr;
  std::map<std::string, std::vector<std::unique_ptr<RE2>>> patterns_;  // by language
};

}  // namespace factd

#endif  // FACTD_WORKER_DATELINES_H_
