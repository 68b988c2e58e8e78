// Name shapes per script: where a person's name begins and ends in a
// document's tokens, without deciding whose name it is.
//
//   - Latin: a run of capitalized words, with the particles, hyphens,
//     apostrophes and initials names hold ("Jean-Pierre Lacroix",
//     "Michael R. Pompeo", "Ahmed al-Masri"); Vietnamese names inside a
//     longer run start at a surname ("Bệnh viện Bạch Mai Đào Xuân Cơ").
//   - Han: a surname and one or two characters ("梁世凯", "王毅"), or a
//     transliteration joined by "·" ("让-皮埃尔·拉克鲁瓦").
//   - Arabic: up to four words that are not function words, titles or
//     words with the article ("لوونغ تي خاي").
//
//   factd::NameSpan name = factd::LatinNameAt(doc, i, limit);
//
// Pure functions over an EntityDoc; thread-compatible.
#ifndef FACTD_WORKER_NAME_SPANS_H_
#define FACTD_WORKER_NAME_SPANS_H_

#include <cstdint>

#include "worker/entity_doc.h"
#include "worker/name_reader.h"

namespace factd {

struct NameSpan {
  uint32_t first = 0;
  uint32_t end = 0;  // == first: no name
  bool empty() const { return end <= first; }
  uint32_t size() const { return end - first; }
};

// The run of capitalized Latin words at token `i` (particles, hyphens and
// initials inside), at most `max_words` words, not past `limit`.
NameSpan LatinRunAt(const EntityDoc& doc, uint32_t i, uint32_t limit, int max_words = 6);

// Whether tokens [first, end) are a Vietnamese name in Latin script: a
// surname, then one to three syllables, every word capitalized.
bool IsVietnameseName(const EntityDoc& doc, const NameReader& reader, uint32_t first, uint32_t end);

// The person's name within a run of capitalized words that may begin with
// other proper words (an organization's name after its head noun): a
// Vietnamese name at the run's end when there is one (three syllables
// preferred, then four, then two), else the run's last `max_words` words
// that are no table entity.
NameSpan NameInRun(const EntityDoc& doc, const NameReader& reader, NameSpan run, int max_words = 4);

// A Han name at token `i`: a "·"-joined transliteration, or a surname (by
// the surname tables) and one or two characters before a stop character,
// a title or a verb of the tables.
// `max_given`: characters after the surname, two for Chinese names, three
// for Vietnamese ones ("何氏玉兰").
NameSpan HanNameAt(const EntityDoc& doc, uint32_t i, int max_given = 2);
// A Han name of a surname and one or two characters ending at token `end`
// (a title follows it: "段明福主席").
NameSpan HanNameBefore(const EntityDoc& doc, uint32_t end);

// An Arabic-script name at token `i`: two to four words (one when
// `single_ok`) that are no function word, table phrase or article-bearing
// word; stops at punctuation.
NameSpan ArabicNameAt(const EntityDoc& doc, uint32_t i, bool single_ok = false, uint32_t max_words = 4);

// The Latin alias written in brackets right after a name ("(Jean-Pierre
// Lacroix)", "（Claire Vautrin）"), or empty.
std::string_view LatinAliasAfter(const EntityDoc& doc, uint32_t end);

}  // namespace factd

#endif  // FACTD_WORKER_NAME_SPANS_H_
