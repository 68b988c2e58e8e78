#include "worker/structure.h"

#include <map>
#include <memory>
#include <vector>

#include "re2/re2.h"
#include "unicode/brkiter.h"
#include "unicode/uchar.h"
#include "unicode/utext.h"
#include "unicode/utf8.h"
#include "worker/text.h"

namespace factd {
namespace {

// A scraped "date 2025-01" label ahead of the title on the same line.
const RE2& MetadataPrefix() {
  static const RE2* const kPattern = new RE2(
      R"((?i)^\s*date\s*:?\s*\d{4}-\d{2}(?:-\d{2})?(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\s+)");
  return *kPattern;
}

bool IsSpace(UChar32 c) { return u_isUWhiteSpace(c) || c == 0xFEFF; }

// Trims Unicode white space from both ends of text[range).
ByteRange Trim(std::string_view text, ByteRange range) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (range.begin < range.end) {
    int32_t i = static_cast<int32_t>(range.begin);
    UChar32 c;
    U8_NEXT(s, i, static_cast<int32_t>(range.end), c);
    if (!IsSpace(c)) break;
    range.begin = static_cast<size_t>(i);
  }
  while (range.end > range.begin) {
    int32_t i = static_cast<int32_t>(range.end);
    UChar32 c;
    U8_PREV(s, static_cast<int32_t>(range.begin), i, c);
    if (!IsSpace(c)) break;
    range.end = static_cast<size_t>(i);
  }
  return range;
}

// Lines end at LF; a CR before it belongs to the break.
ByteRange LineAt(std::string_view text, size_t begin) {
  size_t end = text.find('\n', begin);
  if (end == std::string_view::npos) end = text.size();
  return {begin, end};
}

bool EndsAsStatement(std::string_view text, ByteRange line) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(line.end);
  UChar32 last;
  U8_PREV(s, static_cast<int32_t>(line.begin), i, last);
  if (!u_hasBinaryProperty(last, UCHAR_S_TERM)) return false;
  // Titles may ask or exclaim; they do not end with a full stop.
  switch (last) {
    case u'?': case u'!': case 0xFF1F: case 0xFF01: case 0x061F:
      return false;
    default:
      return true;
  }
}

// One sentence iterator per language per thread: creating one loads rules,
// and an iterator may not be shared between threads.
icu::BreakIterator* SentenceIterator(const std::string& language) {
  thread_local std::map<std::string, std::unique_ptr<icu::BreakIterator>>
      iterators;
  auto& slot = iterators[language];
  if (slot == nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    slot.reset(icu::BreakIterator::createSentenceInstance(
        icu::Locale(language == "und" ? "" : language.c_str()), status));
    if (U_FAILURE(status)) slot.reset();
  }
  return slot.get();
}

// Sentences within `stretches` (sorted, inside `body`). One pass of ICU's
// iterator over the body's text, which jumps over what lies between the
// stretches (boilerplate) instead of segmenting it.
size_t CountSentences(std::string_view text, ByteRange body,
                      const std::vector<ByteRange>& stretches, const std::string& language,
                      Budget* budget) {
  icu::BreakIterator* iterator = SentenceIterator(language);
  if (iterator == nullptr || body.empty()) return 0;
  UErrorCode status = U_ZERO_ERROR;
  UText* utext =
      utext_openUTF8(nullptr, text.data() + body.begin,
                     static_cast<int64_t>(body.size()), &status);
  if (U_FAILURE(status)) return 0;
  iterator->setText(utext, status);
  size_t sentences = 0;
  const auto count = [&](size_t from, size_t to) {
    if (!Trim(text, {body.begin + from, body.begin + to}).empty()) ++sentences;
  };
  for (const ByteRange& stretch : stretches) {
    const int32_t stretch_begin = static_cast<int32_t>(stretch.begin - body.begin);
    const int32_t stretch_end = static_cast<int32_t>(stretch.end - body.begin);
    int32_t from = stretch_begin;
    for (int32_t to = iterator->following(from);
         to != icu::BreakIterator::DONE && to <= stretch_end && !Budget::Spent(budget);
         from = to, to = iterator->next()) {
      count(from, to);
    }
    if (from < stretch_end) count(from, stretch_end);
  }
  // The iterator keeps a pointer into the text; drop it before closing.
  UErrorCode ignored = U_ZERO_ERROR;
  UText* empty = utext_openUTF8(nullptr, "", 0, &ignored);
  iterator->setText(empty, ignored);
  utext_close(empty);
  utext_close(utext);
  return sentences;
}

}  // namespace

ArticleLayout AnalyzeLayout(std::string_view text, const std::string& language,
                            const std::vector<ByteRange>& boilerplate, Budget* budget) {
  ArticleLayout layout;
  size_t pos = 0;
  ByteRange first;
  while (pos < text.size()) {
    const ByteRange line = LineAt(text, pos);
    first = Trim(text, line);
    pos = line.end + 1;
    if (!first.empty()) break;
  }
  size_t body_begin = 0;
  if (!first.empty()) {
    ByteRange title = first;
    re2::StringPiece rest(text.data() + title.begin, title.size());
    if (RE2::Consume(&rest, MetadataPrefix())) {
      layout.metadata = {first.begin,
                         static_cast<size_t>(rest.data() - text.data())};
      title.begin = layout.metadata.end;
    }
    const ByteRange after = Trim(text, {std::min(pos, text.size()), text.size()});
    const bool followed_by_text = !after.empty();
    if (followed_by_text && !title.empty() &&
        CountCodePoints(text.substr(title.begin, title.size())) <=
            kMaxHeadlineCodePoints &&
        !EndsAsStatement(text, title)) {
      layout.headline = title;
      body_begin = std::min(pos, text.size());
    } else if (!layout.metadata.empty()) {
      body_begin = layout.metadata.end;
    }
  }
  layout.body = Trim(text, {body_begin, text.size()});

  // The body's stretches between boilerplate ranges.
  std::vector<ByteRange> article;
  size_t cursor = layout.body.begin;
  for (const ByteRange& b : boilerplate) {
    if (b.end <= cursor || b.begin >= layout.body.end) continue;
    if (b.begin > cursor) article.push_back({cursor, b.begin});
    cursor = std::max(cursor, b.end);
  }
  if (cursor < layout.body.end) article.push_back({cursor, layout.body.end});
  for (const ByteRange& stretch : article) {
    for (size_t p = stretch.begin; p < stretch.end && !Budget::Spent(budget);) {
      const ByteRange line = LineAt(text, p);
      const ByteRange clipped{line.begin, std::min(line.end, stretch.end)};
      if (!Trim(text, clipped).empty()) ++layout.paragraphs;
      p = line.end + 1;
    }
  }
  layout.sentences = CountSentences(text, layout.body, article, language, budget);
  return layout;
}

}  // namespace factd
