#include "worker/structure.h"

#include <algorithm>
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

// How many words a line has, a Han character counting two thirds; and whether
// it is made of short parts joined by separators ("World | Asia-Pacific",
// "Báo Miền Núi - Thời sự", "社会新闻｜东方视窗").
double Words(std::u32string_view line) {
  double words = 0;
  bool in_word = false;
  for (char32_t c : line) {
    if (u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_IDEOGRAPHIC)) {
      words += 2.0 / 3;  // six characters make a title ("习近平会见普京"), five do not ("越南之声")
      in_word = false;
    } else if (u_isalpha(static_cast<UChar32>(c))) {
      if (!in_word) words += 1;
      in_word = true;
    } else if (!u_isdigit(static_cast<UChar32>(c)) && c != U'\'' && c != U'\u2019' && c != U'-') {
      in_word = false;
    }
  }
  return words;
}

bool ShortParts(std::u32string_view line) {
  static const std::u32string_view kBars[] = {U" | ", U"\uFF5C", U" > ", U" \u00BB ", U" / "};
  for (std::u32string_view bar : kBars) {
    if (line.find(bar) != std::u32string_view::npos) return true;
  }
  // Dashes join a site and a section as they join two countries in a
  // title ("Vietnam – France : ..."): chrome when every part is short.
  static const std::u32string_view kDashes[] = {U" - ", U" \u2013 ", U" \u2014 "};
  size_t parts = 1;
  size_t from = 0;
  bool all_short = true;
  while (from <= line.size()) {
    size_t at = std::u32string_view::npos;
    size_t width = 0;
    for (std::u32string_view dash : kDashes) {
      const size_t p = line.find(dash, from);
      if (p < at) {
        at = p;
        width = dash.size();
      }
    }
    const std::u32string_view part = line.substr(from, at == std::u32string_view::npos ? line.npos : at - from);
    all_short &= Words(part) <= 4;
    if (at == std::u32string_view::npos) break;
    ++parts;
    from = at + width;
  }
  return parts >= 2 && all_short;
}

bool ChromeByShape(std::string_view line) {
  std::u32string u32;
  const auto* s = reinterpret_cast<const uint8_t*>(line.data());
  for (int32_t i = 0; i < static_cast<int32_t>(line.size());) {
    UChar32 c;
    U8_NEXT(s, i, static_cast<int32_t>(line.size()), c);
    if (c >= 0) u32.push_back(static_cast<char32_t>(c));
  }
  return Words(u32) < 4 || ShortParts(u32);
}

}  // namespace

ArticleLayout AnalyzeLayout(std::string_view text, const std::string& language,
                            const std::vector<ByteRange>& boilerplate, Budget* budget,
                            const std::function<bool(std::string_view line)>& is_chrome) {
  ArticleLayout layout;
  const auto in_boilerplate = [&](ByteRange line) {
    return std::any_of(boilerplate.begin(), boilerplate.end(), [&](const ByteRange& b) {
      return b.begin <= line.begin && line.end <= b.end;
    });
  };
  size_t pos = 0;
  size_t body_begin = 0;
  for (int lines = 0; pos < text.size() && lines < kMaxChromeLines;) {
    const ByteRange line = LineAt(text, pos);
    ByteRange first = Trim(text, line);
    pos = line.end + 1;
    if (first.empty()) continue;
    ++lines;
    ByteRange title = first;
    re2::StringPiece rest(text.data() + title.begin, title.size());
    ByteRange metadata;
    if (RE2::Consume(&rest, MetadataPrefix())) {
      metadata = {first.begin, static_cast<size_t>(rest.data() - text.data())};
      title.begin = metadata.end;
    }
    const std::string_view words = text.substr(title.begin, title.size());
    const ByteRange after = Trim(text, {std::min(pos, text.size()), text.size()});
    // The last line is the article's, whatever it looks like.
    if (!after.empty() && (title.empty() || in_boilerplate(title) ||
                           (is_chrome && is_chrome(words)) || ChromeByShape(words))) {
      layout.chrome.push_back(first);
      body_begin = std::min(pos, text.size());
      continue;
    }
    layout.metadata = metadata;
    if (!after.empty() && CountCodePoints(words) <= kMaxHeadlineCodePoints &&
        !EndsAsStatement(text, title)) {
      layout.headline = title;
      body_begin = std::min(pos, text.size());
    } else {
      body_begin = metadata.empty() ? first.begin : metadata.end;
    }
    break;
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
