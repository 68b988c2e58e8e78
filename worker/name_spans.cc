#include "worker/name_spans.h"

#include <algorithm>

#include "unicode/uchar.h"
#include "unicode/utf8.h"
#include "worker/name_keys.h"

namespace factd {
namespace {

bool IsPunct(const EntityDoc& doc, uint32_t i, std::string_view what) {
  return i < doc.tokens.size() && doc.tokens[i].type == TokenType::kPunct && doc.Text(i, i + 1) == what;
}

// A hit that ends a name: a function word, a title, a verb of the tables.
bool StopsName(const EntityDoc& doc, uint32_t i) {
  for (const Hit* h = doc.HitsBegin(i); h != doc.HitsEnd(i); ++h) {
    switch (h->entry.kind) {
      case EntryKind::kStop: case EntryKind::kTitle: case EntryKind::kTrigger:
      case EntryKind::kConnector: case EntryKind::kPronoun: case EntryKind::kPlaceAfter:
        return true;
      default:
        break;
    }
  }
  return false;
}

bool IsHan(const EntityDoc& doc, uint32_t i) {
  return i < doc.tokens.size() && doc.tokens[i].type == TokenType::kHan;
}

// A joiner inside a transliterated Han name: · ・ ‧ -.
bool IsHanJoiner(const EntityDoc& doc, uint32_t i) {
  if (i >= doc.tokens.size() || doc.tokens[i].type != TokenType::kPunct) return false;
  const std::string_view t = doc.Text(i, i + 1);
  return t == "\xC2\xB7" || t == "\xE3\x83\xBB" || t == "\xE2\x80\xA7" || t == "-" ||
         t == "\xE2\x80\x94" /* some texts join with — */;
}

bool OverlapsKnown(const EntityDoc& doc, uint32_t first, uint32_t end) {
  const uint32_t from = first >= 4 ? first - 4 : 0;
  for (uint32_t i = from; i < end; ++i) {
    for (const Hit* h = doc.HitsBegin(i); h != doc.HitsEnd(i); ++h) {
      if (h->entry.kind == EntryKind::kKnown && h->end > first && h->first < end &&
          !(h->first >= first && h->end <= end)) {
        return true;  // straddles the name's edge
      }
    }
  }
  return false;
}

// "لمناقشة", "بالتعاون", "للمشاركة": a preposition glued to a noun with
// the article, or to a noun ending in ة. ("لاكروا", "لي", "لام" are names.)
bool GluedPreposition(std::string_view word) {
  const auto starts = [&](std::string_view p) { return word.substr(0, p.size()) == p; };
  if (!starts("\xD9\x84" /*ل*/) && !starts("\xD8\xA8" /*ب*/) && !starts("\xD9\x83" /*ك*/)) return false;
  const size_t letters = word.size() / 2;  // Arabic letters are two bytes
  const bool feminine = word.size() >= 2 && word.substr(word.size() - 2) == "\xD8\xA9" /*ة*/;
  const std::string_view rest = word.substr(2);
  return (feminine && letters >= 4) || starts("\xD9\x84\xD9\x84" /*لل*/) ||
         rest.substr(0, 4) == "\xD8\xA7\xD9\x84" /*ال*/;
}

// A known country or organization, or a place of a country the article
// names ("بيير" is also the Arabic of an Albanian county: no break).
bool KnownBreaksName(const EntityDoc& doc, uint32_t j) {
  for (const Hit* h = doc.HitsBegin(j); h != doc.HitsEnd(j); ++h) {
    if (h->entry.kind != EntryKind::kKnown) continue;
    const KnownEntity& k = doc.tables->known()[h->entry.ref];
    if (k.type == v1::COUNTRY || k.type == v1::ORGANIZATION) return true;
    if (k.type == v1::LOCATION &&
        std::find(doc.countries.begin(), doc.countries.end(), k.country) != doc.countries.end()) {
      return true;
    }
  }
  return false;
}

// "سيزور", "ستعقد", "سنواصل": the future prefix س on a verb of at least
// three more letters (a name does not take it: سيف and سيد are shorter).
bool FutureVerb(std::string_view word) {
  const std::string_view sin = "\xD8\xB3";  // س
  if (word.substr(0, 2) != sin || word.size() < 10) return false;
  const std::string_view person = word.substr(2, 2);
  return person == "\xD9\x8A" /*ي*/ || person == "\xD8\xAA" /*ت*/ || person == "\xD9\x86" /*ن*/ ||
         person == "\xD8\xA3" /*أ*/;
}

}  // namespace

NameSpan LatinRunAt(const EntityDoc& doc, uint32_t i, uint32_t limit, int max_words) {
  NameSpan run{i, i};
  int words = 0;
  const uint32_t n = std::min<uint32_t>(limit, static_cast<uint32_t>(doc.tokens.size()));
  for (uint32_t j = i; j < n && words < max_words;) {
    const Token& t = doc.tokens[j];
    if ((j > i && t.Has(kLineStart)) || t.Has(kExcluded)) break;
    if (t.type == TokenType::kWord && doc.Capitalized(j)) {
      if (j > i && doc.Is(j, EntryKind::kTitle) && !doc.Is(j, EntryKind::kSurname)) break;
      ++words;
      run.end = ++j;
      continue;
    }
    const bool next_capitalized = doc.Capitalized(j + 1);
    // "de Gaulle", "al-Masri", "bin Zayed".
    const bool joined_next = j + 2 < n && doc.tokens[j + 1].type == TokenType::kPunct &&
                             !doc.tokens[j + 1].Has(kSpaceBefore) && doc.Capitalized(j + 2) &&
                             !doc.tokens[j + 2].Has(kSpaceBefore);
    if (words > 0 && t.type == TokenType::kWord && doc.Is(j, EntryKind::kParticle) &&
        (next_capitalized || joined_next)) {
      ++j;
      continue;
    }
    // "Jean-Pierre", "O'Brien", "al-Masri": a joiner inside a word.
    if (words > 0 && t.type == TokenType::kPunct && !t.Has(kSpaceBefore) && j + 1 < n &&
        !doc.tokens[j + 1].Has(kSpaceBefore) &&
        (IsPunct(doc, j, "-") || IsPunct(doc, j, "'") || IsPunct(doc, j, "\xE2\x80\x99")) &&
        doc.tokens[j + 1].type == TokenType::kWord) {
      ++j;
      continue;
    }
    // An initial: "R." in "Michael R. Pompeo".
    if (words > 0 && IsPunct(doc, j, ".") && doc.tokens[j - 1].end - doc.tokens[j - 1].begin == 1 &&
        next_capitalized) {
      ++j;
      continue;
    }
    break;
  }
  return run;
}

bool IsVietnameseName(const EntityDoc& doc, const NameReader& reader, uint32_t first, uint32_t end) {
  if (end - first < 2 || end - first > 4) return false;
  const Hit* surname = doc.HitAt(first, EntryKind::kSurname);
  if (surname == nullptr || surname->end != first + 1 ||
      !doc.tables->surnames()[surname->entry.ref].vietnamese) {
    return false;
  }
  for (uint32_t i = first; i < end; ++i) {
    if (!doc.Capitalized(i) || (i > first && !doc.tokens[i].Has(kSpaceBefore))) return false;
    if (!reader.IsVietnameseSyllable(FoldToAscii(doc.Text(i, i + 1)))) return false;
    // A title or pronoun ("Ông", "Bà", capitalized at a sentence's start),
    // a function word or a month is no part of a name.
    for (const Hit* h = doc.HitsBegin(i); h != doc.HitsEnd(i); ++h) {
      switch (h->entry.kind) {
        case EntryKind::kTitle: case EntryKind::kStop: case EntryKind::kConnector:
        case EntryKind::kTrigger: case EntryKind::kPlaceBefore:
          return false;
        case EntryKind::kPronoun:  // "Anh" is a pronoun and a given name: Trần Anh Vũ
          if (i == first) return false;
          break;
        default:
          break;
      }
    }
  }
  return true;
}

NameSpan NameInRun(const EntityDoc& doc, const NameReader& reader, NameSpan run, int max_words) {
  if (run.empty()) return run;
  if (IsVietnameseName(doc, reader, run.first, run.end)) return run;
  for (uint32_t length : {3u, 4u, 2u}) {
    if (run.size() > length && IsVietnameseName(doc, reader, run.end - length, run.end)) {
      return {run.end - length, run.end};
    }
  }
  // Other names: after the last table phrase of the run (an organization,
  // a country, a title), the run's last words.
  uint32_t start = run.first;
  for (uint32_t i = run.first; i < run.end; ++i) {
    for (const Hit* h = doc.HitsBegin(i); h != doc.HitsEnd(i); ++h) {
      const bool proper = h->entry.kind == EntryKind::kKnown || h->entry.kind == EntryKind::kOrgHead ||
                          h->entry.kind == EntryKind::kMinistry || h->entry.kind == EntryKind::kTitle ||
                          h->entry.kind == EntryKind::kAdjective;
      if (proper && h->end < run.end) start = std::max(start, h->end);
    }
  }
  // Names outside Vietnamese are most often a given name and a family name:
  // of a longer stretch after a title, the last two words. Words joined
  // without a space ("Jean-Pierre", "al-Masri") count as one.
  if (start == run.first && max_words > 2) max_words = 2;
  uint32_t groups = 0;
  uint32_t first = run.end;
  while (first > start) {
    --first;
    if (doc.tokens[first].Has(kSpaceBefore) || first == start) {
      if (++groups == static_cast<uint32_t>(max_words)) break;
    }
  }
  while (first < run.end && !doc.Capitalized(first)) ++first;
  return {first, run.end};
}

NameSpan HanNameAt(const EntityDoc& doc, uint32_t i, int max_given) {
  if (!IsHan(doc, i) || StopsName(doc, i)) return {i, i};
  // A transliteration: Han characters joined by ·.
  uint32_t end = i;
  bool joined = false;
  for (uint32_t j = i; j < doc.tokens.size() && j - i < 20; ++j) {
    if (IsHanJoiner(doc, j) && IsHan(doc, j + 1) && j > i) {
      joined = true;
      continue;
    }
    if (!IsHan(doc, j) || (j > i && doc.tokens[j].Has(kSpaceBefore)) || (j > i && StopsName(doc, j))) break;
    end = j + 1;
  }
  if (joined) return {i, end};
  const Hit* surname = doc.HitAt(i, EntryKind::kSurname);
  if (surname == nullptr) return {i, i};
  uint32_t j = surname->end;
  int given = 0;
  while (given < max_given && IsHan(doc, j) && !StopsName(doc, j) && !doc.tokens[j].Has(kSpaceBefore)) {
    // A known place or organization starting here ends the name ("王毅在北京").
    if (given > 0 && doc.Is(j, EntryKind::kKnown)) break;
    ++j;
    ++given;
  }
  if (given == 0 || OverlapsKnown(doc, i, j)) return {i, i};
  return {i, j};
}

NameSpan HanNameBefore(const EntityDoc& doc, uint32_t end) {
  for (uint32_t length : {3u, 2u}) {
    if (end < length) continue;
    const uint32_t first = end - length;
    const Hit* surname = doc.HitAt(first, EntryKind::kSurname);
    if (surname == nullptr || surname->end >= end) continue;
    bool ok = true;
    for (uint32_t j = first; j < end && ok; ++j) {
      ok = IsHan(doc, j) && (j == first || (!StopsName(doc, j) && !doc.tokens[j].Has(kSpaceBefore)));
    }
    if (ok && first > 0 && IsHan(doc, first - 1) && !StopsName(doc, first - 1) &&
        !doc.Is(first - 1, EntryKind::kTitle)) {
      // Glued to more Han text before it: only a title or a stop may precede.
      const Hit* before_title = nullptr;
      for (uint32_t k = first >= 6 ? first - 6 : 0; k < first; ++k) {
        if (const Hit* t = doc.HitAt(k, EntryKind::kTitle); t != nullptr && t->end == first) before_title = t;
        if (const Hit* t = doc.HitAt(k, EntryKind::kKnown); t != nullptr && t->end == first) before_title = t;
      }
      ok = before_title != nullptr;
    }
    if (ok && !OverlapsKnown(doc, first, end)) return {first, end};
  }
  return {end, end};
}

NameSpan ArabicNameAt(const EntityDoc& doc, uint32_t i, bool single_ok, uint32_t max_words) {
  NameSpan name{i, i};
  for (uint32_t j = i; j < doc.tokens.size() && j - i < max_words; ++j) {
    if (!doc.ArabicWord(j) || (j > i && doc.tokens[j].Has(kLineStart))) break;
    if (StopsName(doc, j) || doc.Is(j, EntryKind::kAdjective) || doc.Is(j, EntryKind::kNameCue)) break;
    const std::string_view word = doc.Text(j, j + 1);
    // Words with the article are nouns and adjectives ("الفيتنامي"), not
    // names, except one family name after a given name ("رامي الخطيب");
    // a conjunction glued on starts another phrase ("ونائب").
    if (word.substr(0, 4) == "\xD8\xA7\xD9\x84" /*ال*/) {
      if (j > i && !doc.Is(j, EntryKind::kOrgWord) && !doc.Is(j, EntryKind::kKnown) &&
          !doc.Is(j, EntryKind::kOrgHead)) {
        name.end = j + 1;
      }
      break;
    }
    // An organization ("لمجموعة سرايا") or an adverb ("شخصيًا", with its
    // tanween) ends a name; a name does not start with a conjunction.
    if (doc.Is(j, EntryKind::kOrgHead) || word.find("\xD9\x8B" /*ً*/) != std::string_view::npos) break;
    // A known name after a name is another entity ("لاكروا فيتنام"); a word
    // with a preposition glued on is a phrase of its own ("لمناقشة"): no
    // name carries one inside it, and a Vietnamese syllable is short.
    if (j > i && KnownBreaksName(doc, j)) break;
    if (j > i && GluedPreposition(word)) break;
    if (j > i && FutureVerb(word)) break;
    if (j == i && doc.tokens[j].bare_offset > 0) break;
    if (j > i && word.substr(0, 2) == "\xD9\x88" /*و*/ && word.size() > 6) break;
    name.end = j + 1;
  }
  if (name.size() < (single_ok ? 1u : 2u)) return {i, i};
  return name;
}

std::string_view LatinAliasAfter(const EntityDoc& doc, uint32_t end) {
  if (end >= doc.tokens.size()) return {};
  const std::string_view open = doc.Text(end, end + 1);
  if (open != "(" && open != "\xEF\xBC\x88" /*（*/) return {};
  for (uint32_t j = end + 1; j < doc.tokens.size() && j - end < 14; ++j) {
    const std::string_view t = doc.Text(j, j + 1);
    if (t == ")" || t == "\xEF\xBC\x89" /*）*/) {
      if (j == end + 1 || !doc.Capitalized(end + 1)) return {};
      return doc.Text(end + 1, j);
    }
    if (doc.tokens[j].type == TokenType::kHan) return {};
  }
  return {};
}

}  // namespace factd
