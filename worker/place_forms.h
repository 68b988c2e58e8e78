// PlaceForms finds places no table lists by the administrative word written
// beside them (name_words.tsv): "huyện Kỳ Sơn", "xã Mường Lống" (Vietnamese,
// the word first), "province de Lào Cai", "مقاطعة X", "Quang Ninh province"
// (the word after, in English), "乂安省" (glued after, in Chinese). The
// place's name is its words in Latin script (Han and Arabic read like
// names).
//
//   auto places = factd::PlaceForms::Create({&tables, &reader}).value();
//   places->Run(&doc);  // adds Candidates of type LOCATION
//
// Thread-safe after Create.
#ifndef FACTD_WORKER_PLACE_FORMS_H_
#define FACTD_WORKER_PLACE_FORMS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "worker/entity_doc.h"
#include "worker/name_reader.h"

namespace factd {

class PlaceForms {
 public:
  struct Options {
    const EntityTables* tables = nullptr;
    const NameReader* reader = nullptr;
  };
  static absl::StatusOr<std::unique_ptr<PlaceForms>> Create(const Options& options);

  void Run(EntityDoc* doc) const;

 private:
  explicit PlaceForms(const Options& options) : options_(options) {}
  void Add(EntityDoc* doc, uint32_t first, uint32_t end, uint32_t name_first, uint32_t name_end) const;
  Options options_;
};

}  // namespace factd

#endif  // FACTD_WORKER_PLACE_FORMS_H_
