#include "worker/place_forms.h"

#include <utility>

#include "absl/strings/str_join.h"
#include "worker/name_keys.h"
#include "worker/name_spans.h"

namespace factd {

absl::StatusOr<std::unique_ptr<PlaceForms>> PlaceForms::Create(const Options& options) {
  if (options.tables == nullptr || options.reader == nullptr) {
    return absl::InvalidArgumentError("PlaceForms needs tables and a name reader");
  }
  return std::unique_ptr<PlaceForms>(new PlaceForms(options));
}

void PlaceForms::Add(EntityDoc* doc, uint32_t first, uint32_t /*end*/, uint32_t name_first,
                     uint32_t name_end) const {
  if (name_end <= name_first || doc->tokens[first].Has(kExcluded)) return;
  // A known place already names these words.
  if (doc->Is(name_first, EntryKind::kKnown)) return;
  const std::string_view written = doc->Text(name_first, name_end);
  std::string name;
  const Token& t = doc->tokens[name_first];
  if (t.type == TokenType::kHan) {
    name = doc->vietnam_focus ? options_.reader->SinoVietnamese(written) : "";
    if (name.empty()) name = TitleCase(FoldToAscii(Transliterate("Han-Latin", written)));
    // Han place names read as one word per place: "Nghe An" stays two.
  } else if (static_cast<unsigned char>(doc->text[t.begin]) >= 0xD8 &&
             static_cast<unsigned char>(doc->text[t.begin]) <= 0xDB) {
    name = options_.reader->ArabicVietnamese(std::string(written));
    if (name.empty()) name = options_.reader->RomanizeArabic(std::string(written));
  } else {
    name = std::string(written);
  }
  Candidate c;
  c.type = v1::LOCATION;
  c.evidence = Evidence::kContext;
  // A place the tables know by what it reads as: "乂安省" and "مقاطعة نغي
  // آن" are Nghệ An.
  int known = -1;
  if (!doc->Latin()) {
    known = options_.reader->VietnamesePlace(name);
    if (auto it = options_.tables->places_by_key().find(LatinKey(name));
        known < 0 && it != options_.tables->places_by_key().end()) {
      known = static_cast<int>(it->second);
    }
  }
  if (known >= 0) {
    c.known = known;
    name = options_.tables->known()[known].name;
  }
  c.name = std::move(name);
  c.span = doc->Span(name_first, name_end);
  c.first = name_first;
  c.end = name_end;
  doc->candidates.push_back(std::move(c));
}

void PlaceForms::Run(EntityDoc* doc) const {
  const auto n = static_cast<uint32_t>(doc->tokens.size());
  for (const Hit& hit : doc->hits) {
    if (doc->Spent()) return;
    if (doc->tokens[hit.first].Has(kExcluded)) continue;
    if (hit.entry.kind == EntryKind::kPlaceBefore) {
      // The place's words after the administrative word.
      if (hit.end >= n || doc->tokens[hit.end].Has(kLineStart)) continue;
      if (doc->Latin()) {
        const NameSpan run = LatinRunAt(*doc, hit.end, n, 3);
        if (!run.empty()) Add(doc, hit.first, run.end, run.first, run.end);
      } else if (doc->tokens[hit.end].type == TokenType::kWord) {
        // A place the tables know by its reading, longest first ("مقاطعة
        // نغي آن": Nghệ An), else the words of a name.
        bool read = false;
        for (uint32_t length = 3; length >= 1 && !read; --length) {
          if (hit.end + length > n) continue;
          bool words = true;
          for (uint32_t k = hit.end; k < hit.end + length && words; ++k) {
            words = doc->tokens[k].type == TokenType::kWord && (k == hit.end || !doc->tokens[k].Has(kLineStart));
          }
          if (!words) continue;
          const std::string reading =
              options_.reader->ArabicVietnamese(std::string(doc->Text(hit.end, hit.end + length)), false);
          if (!reading.empty() && options_.reader->VietnamesePlace(reading) >= 0) {
            Add(doc, hit.first, hit.end + length, hit.end, hit.end + length);
            read = true;
          }
        }
        const NameSpan words = ArabicNameAt(*doc, hit.end, /*single_ok=*/true);
        if (!read && !words.empty()) Add(doc, hit.first, words.end, words.first, words.end);
      }
    } else if (hit.entry.kind == EntryKind::kPlaceAfter && hit.first > 0) {
      const Token& before = doc->tokens[hit.first - 1];
      if (before.type == TokenType::kHan && !doc->tokens[hit.first].Has(kSpaceBefore)) {
        // Two characters glued before 省/市/县 ("乂安省"), after a boundary
        // (punctuation, a function word, a verb, a title, another place):
        // without one, where the name starts cannot be told.
        if (hit.first < 2) continue;
        const std::string_view affix = doc->Text(hit.first, hit.end);
        if (affix != "\xE7\x9C\x81" /*省*/ && affix != "\xE5\xB8\x82" /*市*/ &&
            affix != "\xE5\x8E\xBF" /*县*/) {
          continue;
        }
        const uint32_t first = hit.first - 2;
        bool ok = doc->tokens[first].type == TokenType::kHan && doc->tokens[first + 1].type == TokenType::kHan &&
                  !doc->Is(first, EntryKind::kStop) && !doc->Is(first + 1, EntryKind::kStop);
        if (ok && first > 0) {
          const uint32_t b = first - 1;
          bool boundary = doc->tokens[b].type != TokenType::kHan || doc->Is(b, EntryKind::kStop);
          for (uint32_t k = b >= 6 ? b - 6 : 0; k <= b && !boundary; ++k) {
            for (const Hit* h = doc->HitsBegin(k); h != doc->HitsEnd(k); ++h) {
              boundary |= h->end == first && (h->entry.kind == EntryKind::kKnown ||
                                              h->entry.kind == EntryKind::kTitle ||
                                              h->entry.kind == EntryKind::kTrigger ||
                                              h->entry.kind == EntryKind::kPlaceAfter);
            }
          }
          ok = boundary;
        }
        if (ok) Add(doc, first, hit.end, first, hit.first);
      } else if (doc->Latin() && doc->Capitalized(hit.first - 1) && !doc->Capitalized(hit.first)) {
        // "Quang Ninh province": capitalized words before a lower-case word.
        uint32_t first = hit.first;
        while (first > 0 && hit.first - first < 3 && doc->Capitalized(first - 1) &&
               !doc->tokens[first].Has(kLineStart)) {
          --first;
        }
        if (!doc->Is(first, EntryKind::kTitle)) Add(doc, first, hit.end, first, hit.first);
      }
    }
  }
}

}  // namespace factd
