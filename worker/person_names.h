// PersonNames finds the persons an article names, whether or not any table
// knows them, from evidence around a name and from the shape of names:
//
//   - a title or honorific before the name ("Thứ trưởng Ngoại giao Lương Thế
//     Khải", "Ambassador to Egypt Ta Quang Vinh", "外交部副部长梁世凯",
//     "نائب وزير الخارجية لوونغ تي خاي") or after it ("段明福主席"), with the
//     countries, organizations and connectors between title and name
//     skipped; the title nearest the name is the mention's role;
//   - a speech verb beside the name ("Holloway said", "قال ...", "梁世凯表示");
//   - a Vietnamese name's shape: a surname and one to three syllables, with
//     or without diacritics ("Phùng Đức Hậu", "Nguyen Van Thanh");
//   - an apposition ("Jordan Pike, a transport analyst at ...").
//
// Names in Han or Arabic script are read into Latin script (NameReader):
// Vietnamese names by their Sino-Vietnamese reading or syllables, Chinese
// names in pinyin, others romanized; a Latin alias in brackets wins.
//
//   auto persons = factd::PersonNames::Create({&tables, &reader}).value();
//   persons->Run(&doc);  // adds Candidates of type PERSON
//
// Thread-safe after Create.
#ifndef FACTD_WORKER_PERSON_NAMES_H_
#define FACTD_WORKER_PERSON_NAMES_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "worker/entity_doc.h"
#include "worker/name_reader.h"
#include "worker/name_spans.h"

namespace factd {

class PersonNames {
 public:
  struct Options {
    const EntityTables* tables = nullptr;
    const NameReader* reader = nullptr;
  };
  static absl::StatusOr<std::unique_ptr<PersonNames>> Create(const Options& options);

  void Run(EntityDoc* doc) const;

  // The canonical Latin name of the person named at `name` in `doc`.
  // `vietnamese`: for Han names, read them as Vietnamese.
  std::string CanonicalName(const EntityDoc& doc, NameSpan name, bool vietnamese) const;

 private:
  void Find(EntityDoc* doc) const;
  explicit PersonNames(const Options& options) : options_(options) {}
  // Where the name a title (ending at `from`) introduces starts: past the
  // countries, organizations, other titles and connectors between them.
  uint32_t SkipTitlePhrase(const EntityDoc& doc, uint32_t from) const;
  // The name a title or cue ending at `from` introduces, by script.
  NameSpan NameAfter(const EntityDoc& doc, uint32_t from) const;
  void Add(EntityDoc* doc, NameSpan name, ByteRange role, Evidence evidence, bool vietnamese) const;
  // Whether a Han name reads as Vietnamese: by the document's focus
  // (EntityDoc::vietnam_focus), unless a nationality written just before
  // the name says otherwise; and only with a Vietnamese surname.
  bool ReadsVietnamese(const EntityDoc& doc, uint32_t name_first, bool focus) const;

  Options options_;
};

}  // namespace factd

#endif  // FACTD_WORKER_PERSON_NAMES_H_
