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
#include <functional>
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
  // Page chrome above the title: site names, section labels, bylines,
  // date lines, captions (trimmed lines, in text order).
  std::vector<ByteRange> chrome;
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
// The headline is the first line that is not page chrome, when it reads as
// a title: it is followed by more text, is at most kMaxHeadlineCodePoints
// long, and does not end as a statement does (a Unicode Sentence_Terminal
// other than a question or exclamation mark). A lead sentence ending in a
// period is body, not title, and the article then has none.
//
// Chrome, among the first kMaxChromeLines lines: a line inside
// `boilerplate` (a caption, a credit, a link), a line `is_chrome` says is
// (the data's site names, bylines, date lines), and by shape a line of
// fewer than four words (a Han character counts two thirds: a section
// label, a site name), or short parts joined by " | ", " > ", "｜" or dashes
// ("World | Asia-Pacific", "Khoa học - Công nghệ").
//
// Paragraphs and sentences are counted outside `boilerplate` (sorted,
// disjoint byte ranges: captions, related-news lists), so they describe the
// article itself.
// Stops counting once `budget` is spent.
ArticleLayout AnalyzeLayout(std::string_view text, const std::string& language,
                            const std::vector<ByteRange>& boilerplate = {},
                            Budget* budget = nullptr,
                            const std::function<bool(std::string_view line)>& is_chrome = nullptr);

// Lines above the title read for chrome; a page with more has no title.
inline constexpr int kMaxChromeLines = 10;

// Longest line taken as a title, in code points. News titles run to about
// 150 characters in the seeds' languages; a longer first line is a lead.
inline constexpr size_t kMaxHeadlineCodePoints = 300;

}  // namespace factd

#endif  // FACTD_WORKER_STRUCTURE_H_
