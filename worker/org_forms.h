// OrgForms finds organizations that no table lists by their form: a head
// noun (org_heads.tsv: Bộ, Bệnh viện, Công ty, Đội; 医院, 公司, 集团;
// hôpital, université; مستشفى, شركة; Hospital, University) with the words
// that name it, on the side the language puts them (after the head in
// Vietnamese, French and Arabic, before it in Chinese and English), a
// number for numbered units ("Đội Cứu hộ số 3", "第7号", "No. 5", "رقم 2").
// Ministries (ministries.tsv) are tied to the country written beside them,
// else to the article's main country, and carry that country's official
// English name where ministry_names.tsv has it ("Ministry of National
// Defence (Vietnam)").
//
// The canonical name is English in form: the name's own words in Latin
// script (read from Han or Arabic script like names), descriptive words in
// English (org_words.tsv), then the English head: "Bạch Mai Hospital",
// "Rescue Team No. 3".
//
//   auto orgs = factd::OrgForms::Create({&tables, &reader}).value();
//   orgs->Run(&doc);  // adds Candidates of type ORGANIZATION
//
// Thread-safe after Create.
#ifndef FACTD_WORKER_ORG_FORMS_H_
#define FACTD_WORKER_ORG_FORMS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "worker/entity_doc.h"
#include "worker/name_reader.h"

namespace factd {

class OrgForms {
 public:
  struct Options {
    const EntityTables* tables = nullptr;
    const NameReader* reader = nullptr;
  };
  static absl::StatusOr<std::unique_ptr<OrgForms>> Create(const Options& options);

  void Run(EntityDoc* doc) const;

 private:
  explicit OrgForms(const Options& options) : options_(options) {}
  void HeadFirst(EntityDoc* doc, const Hit& head) const;
  void HeadLast(EntityDoc* doc, const Hit& head) const;
  void Ministry(EntityDoc* doc, const Hit& ministry, const std::string& main_country) const;
  // The English form of a name: its words [first, end) in Latin script
  // (descriptive words translated, in English order), the head, the number;
  // `proper_part` says whether it has a word of its own (a proper word, a
  // known name, a number), without which it is a common noun.
  std::string EnglishName(const EntityDoc& doc, uint32_t first, uint32_t end,
                          const std::string& head, bool head_first, const std::string& number,
                          bool marked, bool* proper_part = nullptr) const;
  void Add(EntityDoc* doc, uint32_t first, uint32_t end, std::string name) const;

  Options options_;
};

}  // namespace factd

#endif  // FACTD_WORKER_ORG_FORMS_H_
