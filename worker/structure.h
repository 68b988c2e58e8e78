// The layout of an article: its headline line, its body, and the body's
// paragraphs and sentences. Offsets are UTF-8 bytes of the text analysed.
//
//   factd::ArticleLayout layout = factd::AnalyzeLayout(nfc_text, "zh");
//   nfc_text.substr(layout.headline.begin, layout.headline.size());
//
// Thread-safe: ICU sentence iterators are kept per thread.
#ifndef FACTD_WORKER_STRUCTURE_H_
#define FACTD_WORKER_STRUCTURE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "worker/budget.h"

namespace factd {

// A half-open byte range.
struct ByteRange {
  size_t begin = 0;
  size_t end = 0;
  bool empty() const { return begin == end; }
  size_t size() const { return end - begin; }
};

struct ArticleLayout {
  // The title line, trimmed; empty when the text has none.
  ByteRange headline;
  // Scraped metadata before the title on its line ("date 2025-01").
  ByteRange metadata;
  // Everything after the headline line, trimmed.
  ByteRange body;
  // Non-blank lines of the body outside boilerplate.
  size_t paragraphs = 0;
  // ICU sentence segments of the body outside boilerplate that hold more
  // than white space.
  size_t sentences = 0;
};

// Finds the headline and body of well-formed UTF-8 `text` and counts the
// body's paragraphs and sentences with the sentence rules of `language`
// (a BCP-47 primary subtag; "und" uses the root rules).
//
// The headline is the first non-blank line when it reads as a title: it is
// followed by more text, is at most kMaxHeadlineCodePoints long, and does not
// end as a statement does (a Unicode Sentence_Terminal other than a question
// or exclamation mark). A lead sentence ending in a period is body, not title.
//
// Paragraphs and sentences are counted outside `boilerplate` (sorted,
// disjoint byte ranges: captions, related-news lists), so they describe the
// article itself.
// Stops counting once `budget` is spent.
ArticleLayout AnalyzeLayout(std::string_view text, const std::string& language,
                            const std::vector<ByteRange>& boilerplate = {},
                            Budget* budget = nullptr);

// Longest line taken as a title, in code points. News titles run to about
// 150 characters in the seeds' languages; a longer first line is a lead.
inline constexpr size_t kMaxHeadlineCodePoints = 300;

}  // namespace factd

#endif  // FACTD_WORKER_STRUCTURE_H_
